"""Write a synthetic, valid plan pair N times the size of the region's plans.

    python bench/generate.py 50 /tmp/big/plan

Areas, subareas, goals, activities and indicators are repeated from the real plan with new
IDs, so the YAML has the real shape (folded texts, quoted periods, comments).
"""

from __future__ import annotations

import string
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def area_ids(count: int) -> list[str]:
    letters = string.ascii_uppercase
    return [a + b + c for a in letters for b in letters for c in letters][:count]


def main(times: int, out: Path) -> None:
    gp = yaml.safe_load((ROOT / "plan/genomforandeplan.yaml").read_text(encoding="utf-8"))
    vp = yaml.safe_load((ROOT / "plan/verksamhetsplan.yaml").read_text(encoding="utf-8"))
    source_areas = gp["omraden"]
    areas = []
    for n, new_id in enumerate(area_ids(times * len(source_areas))):
        area = source_areas[n % len(source_areas)]
        old = area["id"]
        areas.append({
            **area, "id": new_id, "namn": f"{area['namn']} {n}",
            "delomraden": [{**sub, "id": sub["id"].replace(old, new_id, 1),
                            "effektmal": [{**goal, "id": goal["id"].replace(old, new_id, 1)}
                                          for goal in sub["effektmal"]]}
                           for sub in area["delomraden"]],
            "aktiviteter": [{**a, "id": a["id"].replace(old, new_id, 1),
                             "text": f"{a['text']} ({n})"} for a in area.get("aktiviteter", [])],
            "indikatorer": [{**i, "id": i["id"].replace(old, new_id, 1),
                             "text": f"{i['text']} ({n})"} for i in area.get("indikatorer", [])],
        })
    gp["omraden"] = areas
    subareas = [sub["id"] for area in areas for sub in area["delomraden"]]
    streams = []
    for n in range(times * len(vp["arbetsstrommar"])):
        stream = vp["arbetsstrommar"][n % len(vp["arbetsstrommar"])]
        sid = f"VP.{n + 1}"
        streams.append({
            **stream, "id": sid, "nummer": str(n + 1), "namn": f"{stream['namn']} {n}",
            "lankar": [{"till": subareas[(n * 7 + k) % len(subareas)]} for k in range(3)],
            "milstolpar": [{"id": f"{sid}.M{m + 1}", "period": ms["period"],
                            "text": f"{ms['text']} ({n})"}
                           for m, ms in enumerate(stream["milstolpar"])],
        })
    vp["arbetsstrommar"] = streams
    out.mkdir(parents=True, exist_ok=True)
    for name, data in (("genomforandeplan", gp), ("verksamhetsplan", vp)):
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        (out / f"{name}.yaml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
