"""Write a synthetic plan pair N times the size of the region's plans, for the benchmark.

    python bench/generate.py N OUTDIR                  # N x plan/*.yaml, valid
    python bench/generate.py N OUTDIR --errors K       # ... with K planted errors
    python bench/generate.py N OUTDIR --errors K --error-set schema
    python bench/generate.py N OUTDIR --changes K      # a revision of the N x plan

OUTDIR gets genomforandeplan.yaml and verksamhetsplan.yaml. Copy 1 is the region's plan
itself (same IDs, same texts: `generate.py 1` holds the data of plan/ exactly); copies 2..N
repeat its areas, subareas, goal rows, activities, indicators, work streams and milestones
with new IDs (areas AAA, AAB, ... with subareas AAA.1, goal rows AAA.1.E1, activities AAA.A1,
indicators AAA.I1; streams VP.5, VP.6, ... with milestones VP.5.M1, ...). A stream of copy c
links to the same subareas of copy c as its original does, with the same motiveringar.
Names and texts of areas, streams, activities, indicators and milestones get the copy number,
" (c)", so that omst's duplicate-text warning (OMST208) fires only where it fires on the real
plan, once per copy.

The YAML is written here, not by yaml.safe_dump: no anchors or aliases, the real files' shape
(block style, quoted periods and dates, folded `>-` texts beyond 100 columns), and every
string either plain (only where that is safe), folded, or double-quoted with JSON escapes.

--errors K plants K errors spread evenly through the plans and writes expected-errors.json:
[{"file", "line", "column", "code"}], the place omst reports each one. Two sets, because
omst runs its semantic checks only on a plan that passes the schema:
  checks (default): the plans still pass the schema; OMST201 duplicate ID, OMST203 link to
      a subarea that does not exist (verksamhetsplan), OMST205 undeclared period, OMST206
      activity in the vision period, OMST207 empty text, OMST005 duplicate key.
  schema: OMST101 unknown key, OMST103 wrong type (unquoted period), OMST104 period not in
      the expected form, OMST102 missing text, and OMST101/OMST104 in the verksamhetsplan.

--changes K writes a revision instead: the N x plan (as `generate.py N` writes it, or plan/
itself for N = 1) with K planted changes, and expected-changes.json with what
`omst diff BASE OUTDIR --format json` reports: {"added": [{"id"}], "removed", "changed",
"moved", "reordered", "links_added": [{"from", "to"}], "links_removed", "links_changed"}.
Changes cycle through: goal text changed, subarea added, activity removed, link motivering
changed, milestone text changed, activity reordered, link added, link removed, indicator
added, subarea moved to another area.

Output is deterministic: the same arguments write the same bytes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import string
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
PLAN_DIR = ROOT / "plan"
GP_FILE, VP_FILE = "genomforandeplan.yaml", "verksamhetsplan.yaml"
WIDTH = 100

# ---------------------------------------------------------------------------------------
# The emitter: block-style YAML of dicts, lists, strings, booleans and integers, recording
# where marked keys, values and items land.


class MarkedKey(str):
    """A key whose position is recorded under `label`."""

    label: str

    def __new__(cls, text: str, label: str) -> MarkedKey:
        obj = super().__new__(cls, text)
        obj.label = label
        return obj


class MarkedValue:
    """A scalar value whose position is recorded under `label`."""

    def __init__(self, value: Any, label: str) -> None:
        self.value, self.label = value, label


class MarkedItem(dict):  # type: ignore[type-arg]
    """A mapping whose start (its first key) is recorded under `label`."""

    def __init__(self, data: dict[str, Any], label: str) -> None:
        super().__init__(data)
        self.label = label


class Pairs:
    """A mapping written from (key, value) pairs: the only way to write a key twice."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        self.pairs = pairs


# Characters that must not stand raw in a YAML scalar: outside YAML's printable set, or
# line breaks to YAML 1.1 (NEL, LS, PS), or a byte-order mark.
_UNSAFE = re.compile(
    "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_SINGLE_SPACE = re.compile(r"(?<=\S) (?=\S)")
_PLAIN_KEY = re.compile(r"[a-z_]+")


def quoted(text: str) -> str:
    """A double-quoted YAML scalar: JSON's escapes, plus \\u escapes for what YAML forbids."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", json.dumps(text, ensure_ascii=False))


def plain_ok(text: str) -> bool:
    """Safe as a plain scalar: starts with a letter, reads back as this very text in YAML
    1.1 and 1.2 (no `: `, ` #`, trailing colon, boolean or null word)."""
    return (
        text[:1].isalpha()
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text.lower() not in _WORDS
        and not _UNSAFE.search(text)
    )


def fold_ok(text: str) -> bool:
    return bool(text) and text == text.strip() and not _UNSAFE.search(text)


def fold(text: str, width: int) -> list[str]:
    """Lines of a `>-` scalar: broken only at single spaces, so folding gives `text` back."""
    chunks = _SINGLE_SPACE.split(text)
    lines, line = [], chunks[0]
    for chunk in chunks[1:]:
        if len(line) + 1 + len(chunk) <= width:
            line = f"{line} {chunk}"
        else:
            lines.append(line)
            line = chunk
    lines.append(line)
    return lines


class Emitter:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.marks: dict[str, tuple[int, int]] = {}

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def mark(self, label: str, column: int) -> None:
        self.marks[label] = (len(self.lines) + 1, column)

    def mapping(
        self,
        data: dict[str, Any] | Pairs,
        indent: int,
        first: str | None = None,
        blank_between: bool = False,
    ) -> None:
        """`first` is the first line's prefix ("  - ") when the mapping is a list item."""
        if isinstance(data, MarkedItem):
            self.mark(data.label, indent + 1)
        pad = " " * indent
        for key, value in data.pairs if isinstance(data, Pairs) else data.items():
            if key.startswith("#"):  # a comment line, {"# ...": None}, above a list item's dash
                self.lines.append((pad if first is None else " " * (indent - 2)) + key)
                continue
            self.entry(first if first is not None else pad, key, value, indent, blank_between)
            first = None

    def entry(
        self, prefix: str, key: str, value: Any, indent: int, blank_between: bool = False
    ) -> None:
        if isinstance(key, MarkedKey):
            self.mark(key.label, len(prefix) + 1)
        head = prefix + (key if _PLAIN_KEY.fullmatch(key) else quoted(key)) + ":"
        if isinstance(value, (dict, Pairs)):
            if isinstance(value, dict) and not value:
                self.lines.append(head + " {}")
                return
            self.lines.append(head)
            self.mapping(value, indent + 2)
        elif isinstance(value, list):
            if not value:
                self.lines.append(head + " []")
                return
            self.lines.append(head)
            dash = " " * (indent + 2) + "- "
            for i, item in enumerate(value):
                if blank_between and i:
                    self.lines.append("")
                if isinstance(item, (dict, Pairs)):
                    self.mapping(item, indent + 4, dash)
                else:
                    self.scalar(dash, item, indent + 4)
        else:
            self.scalar(head + " ", value, indent + 2)

    def scalar(self, head: str, value: Any, indent: int) -> None:
        if isinstance(value, MarkedValue):
            self.mark(value.label, len(head) + 1)
            value = value.value
        if value is None:
            self.lines.append(head + "null")
        elif isinstance(value, bool):
            self.lines.append(head + ("true" if value else "false"))
        elif isinstance(value, int):
            self.lines.append(head + str(value))
        elif len(head) + len(value) <= WIDTH and plain_ok(value):
            self.lines.append(head + value)
        elif len(head) + len(value) > WIDTH and fold_ok(value):
            self.lines.append(head + ">-")
            pad = " " * indent
            self.lines.extend(pad + line for line in fold(value, WIDTH - indent))
        else:
            self.lines.append(head + quoted(value))


# ---------------------------------------------------------------------------------------
# The N x plans as data.


def header_comments(path: Path) -> list[str]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def new_area_ids() -> Iterator[str]:
    """AAA, AAB, ...: three capitals, skipping the cross-cutting layers' IDs."""
    letters = string.ascii_uppercase
    for a, b, c in itertools.product(letters, repeat=3):
        if a + b + c not in {"DIG", "UPF"}:
            yield a + b + c


def suffix(copy: int) -> str:
    return "" if copy == 0 else f" ({copy + 1})"


def renamed(item_id: str, old: str, new: str) -> str:
    return new + item_id[len(old) :]


def copy_area(area: dict[str, Any], new: str, copy: int) -> dict[str, Any]:
    old, sfx = area["id"], suffix(copy)
    out: dict[str, Any] = {}
    for key, value in area.items():
        if key == "id":
            value = new
        elif key == "namn":
            value = value + sfx
        elif key == "delomraden":
            value = [
                {
                    **sub,
                    "id": renamed(sub["id"], old, new),
                    "effektmal": [
                        {**goal, "id": renamed(goal["id"], old, new)} for goal in sub["effektmal"]
                    ],
                }
                for sub in value
            ]
        elif key in ("aktiviteter", "indikatorer"):
            value = [
                {**item, "id": renamed(item["id"], old, new), "text": item["text"] + sfx}
                for item in value
            ]
        out[key] = value
    if copy:
        out = {f"# Kopia {copy + 1} av område {old}": None, **out}
    return out


def copy_links(links: list[dict[str, Any]], area_map: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for link in links:
        area, _, rest = link["till"].partition(".")
        out.append({**link, "till": f"{area_map.get(area, area)}.{rest}"})
    return out


def copy_stream(
    stream: dict[str, Any], number: int, copy: int, area_map: dict[str, str]
) -> dict[str, Any]:
    old, new, sfx = stream["id"], f"VP.{number}", suffix(copy)
    out: dict[str, Any] = {}
    for key, value in stream.items():
        if key == "id":
            value = new
        elif key == "nummer":
            value = str(number)
        elif key == "namn":
            value = value + sfx
        elif key == "lankar":
            value = copy_links(value, area_map)
        elif key == "milstolpar":
            value = [
                {
                    k: (
                        renamed(v, old, new)
                        if k == "id"
                        else v + sfx
                        if k == "text"
                        else copy_links(v, area_map)
                        if k == "lankar"
                        else v
                    )
                    for k, v in ms.items()
                }
                for ms in value
            ]
        out[key] = value
    if copy:
        out = {f"# Kopia {copy + 1} av arbetsström {old}": None, **out}
    return out


def build(times: int) -> tuple[dict[str, Any], dict[str, Any]]:
    gp = yaml.load((PLAN_DIR / GP_FILE).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    vp = yaml.load((PLAN_DIR / VP_FILE).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    ids = new_area_ids()
    areas, streams = [], []
    source_streams = vp["arbetsstrommar"]
    for copy in range(times):
        area_map = {}
        for area in gp["omraden"]:
            new = area["id"] if copy == 0 else next(ids)
            area_map[area["id"]] = new
            areas.append(copy_area(area, new, copy))
        for j, stream in enumerate(source_streams):
            streams.append(copy_stream(stream, copy * len(source_streams) + j + 1, copy, area_map))
    gp["omraden"], vp["arbetsstrommar"] = areas, streams
    return gp, vp


def write(
    gp: dict[str, Any], vp: dict[str, Any], out: Path, times: int, note: str
) -> dict[str, dict[str, tuple[int, int]]]:
    """Both files; returns the marks recorded in each."""
    out.mkdir(parents=True, exist_ok=True)
    marks = {}
    for name, data in ((GP_FILE, gp), (VP_FILE, vp)):
        em = Emitter()
        em.lines += header_comments(PLAN_DIR / name)
        em.lines.append(
            f"# Syntetisk: {times} x planen i plan/{name}, skriven av bench/generate.py{note}."
        )
        for key, value in data.items():
            em.entry("", key, value, 0, blank_between=key == "arbetsstrommar")
        (out / name).write_bytes(em.text().encode("utf-8"))
        marks[name] = em.marks
    return marks


# ---------------------------------------------------------------------------------------
# Planted errors.

# (code, file, what): each kind touches its own slot of an area or stream, so that kinds
# planted in the same container do not disturb one another.
ERROR_SETS: dict[str, list[tuple[str, str, str]]] = {
    "checks": [
        ("OMST201", GP_FILE, "the second indicator takes the ID of the first"),
        ("OMST205", GP_FILE, "the first activity in a period the plan does not declare"),
        ("OMST203", VP_FILE, "the stream's first link to a subarea that does not exist"),
        ("OMST206", GP_FILE, "the second activity in the vision period"),
        ("OMST207", GP_FILE, "the last indicator's text empty"),
        ("OMST005", GP_FILE, "the third activity has its text key twice"),
    ],
    "schema": [
        ("OMST101", GP_FILE, "the first activity has an unknown key"),
        ("OMST103", GP_FILE, "the second activity's period unquoted: a number"),
        ("OMST101", VP_FILE, "the first milestone has an unknown key"),
        ("OMST104", GP_FILE, "the third activity's period not in the form of a period"),
        ("OMST102", GP_FILE, "the first indicator without its text"),
        ("OMST104", VP_FILE, "the second milestone's period not in the form of a period"),
    ],
}


def spread(count: int, containers: int) -> list[int]:
    """`count` container indexes spread evenly from the first container to the last."""
    return [int((i + 0.5) * containers / count) for i in range(count)]


def plant_errors(
    gp: dict[str, Any], vp: dict[str, Any], count: int, kinds: list[tuple[str, str, str]]
) -> list[tuple[str, str]]:
    """Plants `count` errors; returns (label, code) per error, the label marking its place."""
    areas, streams = gp["omraden"], vp["arbetsstrommar"]
    vision = next(p["id"] for p in gp["perioder"] if p.get("vision"))
    picks = [kinds[i % len(kinds)] for i in range(count)]
    per_file = {
        name: [i for i, k in enumerate(picks) if k[1] == name] for name in (GP_FILE, VP_FILE)
    }
    where: dict[int, int] = {}
    for name, indexes in per_file.items():
        if not indexes:
            continue
        size = len(areas) if name == GP_FILE else len(streams)
        for i, container in zip(indexes, spread(len(indexes), size), strict=True):
            where[i] = container
    seen = set()
    planted = []
    for i, (code, name, _) in enumerate(picks):
        key = (code, name, where[i])
        if key in seen:
            raise SystemExit(
                f"--errors {count} is too many for this size: two {code} errors "
                "would land on the same item"
            )
        seen.add(key)
        label = f"e{i}"
        planted.append((label, code))
        if name == GP_FILE:
            area = areas[where[i]]
            acts, inds = area["aktiviteter"], area["indikatorer"]
            if code == "OMST201":
                inds[1] = MarkedItem({**inds[1], "id": inds[0]["id"]}, label)
            elif code == "OMST205":
                acts[0] = {**acts[0], "period": MarkedValue("2025-2026", label)}
            elif code == "OMST206":
                acts[1] = {**acts[1], "period": MarkedValue(vision, label)}
            elif code == "OMST207":
                inds[-1] = {**inds[-1], "text": MarkedValue("", label)}
            elif code == "OMST005":
                pairs = list(acts[2].items())
                pairs.append((MarkedKey("text", label), "Samma nyckel en gång till."))
                acts[2] = Pairs(pairs)
            elif code == "OMST101":
                acts[0] = {**acts[0], MarkedKey("kommentar", label): "Okänd nyckel här."}
            elif code == "OMST103":
                acts[1] = {**acts[1], "period": MarkedValue(int(acts[1]["period"][:4]), label)}
            elif code == "OMST104":
                acts[2] = {**acts[2], "period": MarkedValue("2024-25", label)}
            elif code == "OMST102":
                inds[0] = MarkedItem({k: v for k, v in inds[0].items() if k != "text"}, label)
        else:
            stream = streams[where[i]]
            if code == "OMST203":
                links = stream["lankar"]
                area_id = links[0]["till"].split(".")[0]
                links[0] = {**links[0], "till": MarkedValue(f"{area_id}.99", label)}
            elif code == "OMST101":
                ms = stream["milstolpar"]
                ms[0] = {**ms[0], MarkedKey("ansvarig", label): "Okänd nyckel här."}
            elif code == "OMST104":
                ms = stream["milstolpar"]
                ms[1] = {**ms[1], "period": MarkedValue("2024-25", label)}
    return planted


# ---------------------------------------------------------------------------------------
# Planted changes.

GP_CHANGES = {
    "goal_text",
    "add_subarea",
    "remove_activity",
    "reorder_activity",
    "add_indicator",
    "move_subarea",
}
CHANGE_ORDER = [
    "goal_text",
    "add_subarea",
    "remove_activity",
    "link_motivering",
    "milestone_text",
    "reorder_activity",
    "link_added",
    "link_removed",
    "add_indicator",
    "move_subarea",
]
CHANGE_KEYS = (
    "added",
    "removed",
    "changed",
    "moved",
    "reordered",
    "links_added",
    "links_removed",
    "links_changed",
)


def _number(item_id: str) -> int:
    return int(re.sub(r"\D", "", item_id.rsplit(".", 1)[-1]))


def plant_changes(
    gp: dict[str, Any], vp: dict[str, Any], count: int, copies: int
) -> dict[str, list[dict[str, str]]]:
    areas, streams = gp["omraden"], vp["arbetsstrommar"]
    per_copy = len(streams) // copies
    areas_per_copy = len(areas) // copies
    picks = [CHANGE_ORDER[i % len(CHANGE_ORDER)] for i in range(count)]
    gp_picks = [p for p in picks if p in GP_CHANGES]
    vp_picks = [p for p in picks if p not in GP_CHANGES]
    used_areas = spread(len(gp_picks), len(areas)) if gp_picks else []
    used_streams = spread(len(vp_picks), len(streams)) if vp_picks else []
    extra = sum(p == "move_subarea" for p in gp_picks)
    if (
        len(set(used_areas)) != len(used_areas)
        or len(used_areas) + extra > len(areas)
        or len(set(used_streams)) != len(used_streams)
    ):
        raise SystemExit(
            f"--changes {count} is too many for this size: each change needs "
            "an area or stream of its own"
        )
    taken = set(used_areas)
    expected: dict[str, list[dict[str, str]]] = {k: [] for k in CHANGE_KEYS}
    for kind, index in zip(gp_picks, used_areas, strict=True):
        area = areas[index]
        aid = area["id"]
        subs, acts, inds = area["delomraden"], area["aktiviteter"], area["indikatorer"]
        if kind == "goal_text":
            goal = subs[0]["effektmal"][0]
            period = next(iter(goal["mal"]))
            subs[0] = {
                **subs[0],
                "effektmal": [
                    {**goal, "mal": {**goal["mal"], period: goal["mal"][period] + " (reviderad)"}},
                    *subs[0]["effektmal"][1:],
                ],
            }
            expected["changed"].append({"id": goal["id"]})
        elif kind == "add_subarea":
            sid = f"{aid}.{max(_number(s['id']) for s in subs) + 1}"
            subs.append(
                {
                    "id": sid,
                    "namn": f"Nytt delområde i {area['namn']}",
                    "effektmal": [
                        {
                            "id": f"{sid}.E1",
                            "mal": {
                                p["id"]: f"Nytt effektmål för {sid} ({p['namn']})"
                                for p in gp["perioder"]
                            },
                        }
                    ],
                }
            )
            expected["added"] += [{"id": sid}, {"id": f"{sid}.E1"}]
        elif kind == "remove_activity":
            removed = acts.pop(len(acts) // 2)
            expected["removed"].append({"id": removed["id"]})
        elif kind == "reorder_activity":
            acts.append(acts.pop(0))  # the first to the end: the others keep their order
            expected["reordered"].append({"id": acts[-1]["id"]})
        elif kind == "add_indicator":
            iid = f"{aid}.I{max(_number(i['id']) for i in inds) + 1}"
            inds.append({"id": iid, "text": f"Ny indikator för {area['namn']}"})
            expected["added"].append({"id": iid})
        elif kind == "move_subarea":
            target = next(
                j % len(areas)
                for j in range(index + 1, index + len(areas))
                if j % len(areas) not in taken
            )
            taken.add(target)
            moved = subs.pop()
            areas[target]["delomraden"].append(moved)
            expected["moved"].append({"id": moved["id"]})
    for kind, index in zip(vp_picks, used_streams, strict=True):
        stream = streams[index]
        ms_list = stream["milstolpar"]
        if kind == "milestone_text":
            ms_list[0] = {**ms_list[0], "text": ms_list[0]["text"] + " (reviderad)"}
            expected["changed"].append({"id": ms_list[0]["id"]})
        elif kind == "link_motivering":
            holders = [(stream["id"], stream)] + [(m["id"], m) for m in ms_list]
            source, holder, k = next(
                (
                    (sid, h, k)
                    for sid, h in holders
                    for k, link in enumerate(h.get("lankar", []))
                    if link.get("motivering")
                ),
                (stream["id"], stream, 0),
            )
            link = holder["lankar"][k]
            reason = link.get("motivering")
            holder["lankar"][k] = {
                **link,
                "motivering": f"{reason} Reviderad." if reason else "Motivering tillagd.",
            }
            expected["links_changed"].append({"from": source, "to": link["till"]})
        elif kind == "link_added":
            linked = {link["till"] for link in stream["lankar"]}
            linked |= {link["till"] for m in ms_list for link in m.get("lankar", [])}
            copy = index // per_copy
            target = next(
                s["id"]
                for a in areas[copy * areas_per_copy : (copy + 1) * areas_per_copy]
                for s in a["delomraden"]
                if s["id"] not in linked
            )
            stream["lankar"].append({"till": target})
            expected["links_added"].append({"from": stream["id"], "to": target})
        elif kind == "link_removed":
            m = next(m for m in ms_list if m.get("lankar"))
            link = m["lankar"].pop()
            if not m["lankar"]:
                del m["lankar"]
            expected["links_removed"].append({"from": m["id"], "to": link["till"]})
    for items in expected.values():
        items.sort(key=lambda e: (e.get("id", ""), e.get("from", ""), e.get("to", "")))
    return expected


# ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a synthetic plan pair N times the size of plan/*.yaml.",
        epilog="See the module docstring (bench/generate.py) for the shape and the kinds.",
    )
    parser.add_argument("times", type=int, metavar="N", help="how many copies of the plans")
    parser.add_argument("out", type=Path, metavar="OUTDIR")
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="K",
        help="plant K errors; write OUTDIR/expected-errors.json",
    )
    group.add_argument(
        "--changes",
        type=int,
        default=0,
        metavar="K",
        help="write the N x plan's revision with K planted changes; write "
        "OUTDIR/expected-changes.json (the base: generate.py N without "
        "--changes, or plan/ for N = 1)",
    )
    parser.add_argument(
        "--error-set",
        choices=sorted(ERROR_SETS),
        default="checks",
        help="which errors --errors plants (default: checks)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.times <= 3000:
        parser.error("N must be 1 to 3000")
    gp, vp = build(args.times)
    note = ""
    planted: list[tuple[str, str]] = []
    changes = None
    if args.errors:
        planted = plant_errors(gp, vp, args.errors, ERROR_SETS[args.error_set])
        note = f", med {args.errors} inplanterade fel ({args.error_set})"
    elif args.changes:
        changes = plant_changes(gp, vp, args.changes, args.times)
        note = f", med {args.changes} inplanterade ändringar"
    marks = write(gp, vp, args.out, args.times, note)
    for name in (args.out / "expected-errors.json", args.out / "expected-changes.json"):
        name.unlink(missing_ok=True)
    if args.errors:
        expected = []
        for label, code in planted:
            name = GP_FILE if label in marks[GP_FILE] else VP_FILE
            line, column = marks[name][label]
            expected.append({"file": name, "line": line, "column": column, "code": code})
        expected.sort(key=lambda e: (e["file"], e["line"], e["column"], e["code"]))
        (args.out / "expected-errors.json").write_text(
            json.dumps(expected, indent=2) + "\n", encoding="utf-8"
        )
    if changes is not None:
        (args.out / "expected-changes.json").write_text(
            json.dumps(changes, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
