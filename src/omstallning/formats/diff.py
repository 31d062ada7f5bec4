"""`omst diff` as a terminal listing, a pull-request comment (Markdown) and JSON."""

from __future__ import annotations

from typing import Any, TextIO

from ..analyses.diff import (
    CHANGE_KINDS,
    KIND_NAMES,
    Change,
    Diff,
    DiffReport,
    LinkChange,
    summary_rows,
    to_json,
)
from .tables import console as plain_console
from .tables import write_json

SIGNS = {"added": "+", "removed": "-", "changed": "~", "moved": ">", "reordered": "^"}
VERBS = {"added": "tillagd", "removed": "borttagen", "changed": "ändrad", "moved": "flyttad",
         "reordered": "ny plats i ordningen"}
SINGULAR = {"added": "tillagd", "removed": "borttagen", "changed": "ändrad", "moved": "flyttad",
            "reordered": "omordnad", "links": "länk"}
COLUMN_NAMES = {"added": "Tillagda", "removed": "Borttagna", "changed": "Ändrade",
                "moved": "Flyttade", "reordered": "Omordnade", "links": "Länkar"}


def _item(change: Change) -> dict[str, Any]:
    e = change.entry
    return {
        "change": change.kind, "sign": SIGNS[change.kind], "verb": VERBS[change.kind],
        "id": e.id, "kind": e.kind, "kind_name": KIND_NAMES[e.kind], "label": e.label,
        "parent": e.parent, "old_parent": change.old_parent,
        "fields": [{"field": f.field, "old": f.old, "new": f.new, "words": f.words()}
                   for f in change.fields],
    }


def _link(change: LinkChange) -> dict[str, Any]:
    return {"change": change.kind, "sign": SIGNS["added" if change.kind == "added" else
                                                "removed" if change.kind == "removed"
                                                else "changed"],
            "verb": VERBS[change.kind], "source": change.source, "target": change.target,
            "words": change.reason.words() if change.reason else []}


def present(diff: Diff, old: str, new: str) -> dict[str, Any]:
    summary = summary_rows(diff)
    totals = {k: sum(r[k] for r in summary) for k in (*CHANGE_KINDS, "links")}
    order = {kind: i for i, kind in enumerate(CHANGE_KINDS)}
    changes: dict[str, list[Change]] = {}
    for change in sorted(diff.changes, key=lambda c: order[c.kind]):  # stable: keeps order
        changes.setdefault(change.entry.group, []).append(change)
    links: dict[str, list[LinkChange]] = {}
    for link in diff.links:
        links.setdefault(link.group, []).append(link)
    groups = []
    for row in summary:
        group = row["group"]
        counts = ", ".join(
            f"{row[k]} {SINGULAR[k] if row[k] == 1 else COLUMN_NAMES[k].lower()}"
            for k in (*CHANGE_KINDS, "links") if row[k])
        groups.append({"id": group, "namn": row["namn"],
                       "items": [_item(c) for c in changes.get(group, [])],
                       "links": [_link(c) for c in links.get(group, [])], "counts": counts})
    return {
        "old": old, "new": new, "empty": not diff, "summary": summary, "totals": totals,
        "columns": COLUMN_NAMES, "kinds": [*CHANGE_KINDS, "links"], "groups": groups,
        "coverage": {"old": diff.coverage_old, "new": diff.coverage_new,
                     "newly_uncovered": diff.newly_uncovered,
                     "newly_covered": diff.newly_covered},
    }


def json_payload(report: DiffReport, out: TextIO) -> None:
    write_json(to_json(report.diff, report.old, report.new), out)


def markdown(report: DiffReport, out: TextIO) -> None:
    from .document import template, write_chunks

    ctx = present(report.diff, report.old, report.new)
    write_chunks(template("diff.md.j2", "md").generate(ctx), out)


def terminal(report: DiffReport, out: TextIO) -> None:
    from rich.table import Table
    from rich.text import Text

    ctx = present(report.diff, report.old, report.new)
    console = plain_console(out)
    console.print(Text(f"omst diff: {ctx['old']} → {ctx['new']}", style="bold"))
    if ctx["empty"]:
        console.print("Inga skillnader i planerna.")
        return
    table = Table(show_footer=True)
    table.add_column("Område / arbetsström", footer="Totalt", min_width=24)
    for kind in ctx["kinds"]:
        table.add_column(ctx["columns"][kind], justify="right",
                         footer=str(ctx["totals"][kind]))
    for row in ctx["summary"]:
        counts = (str(row[k]) if row[k] else "" for k in ctx["kinds"])
        table.add_row(f"{row['group']} {row['namn']}", *counts)
    console.print(table)
    _print_coverage(console, ctx["coverage"])
    styles = {"+": "green", "-": "red", "~": "yellow", ">": "cyan", "^": "blue"}
    for group in ctx["groups"]:
        console.print()
        console.print(Text(f"{group['id']} {group['namn']}", style="bold underline"))
        for item in group["items"]:
            line = Text(f"  {item['sign']} ", style=styles[item["sign"]])
            line.append(item["id"], style="bold")
            line.append(f" {item['kind_name']} {item['verb']}")
            if item["change"] in ("added", "removed"):
                line.append(f": {item['label']}")
            elif item["change"] == "moved":
                line.append(f" från {item['old_parent']} till {item['parent']}")
            console.print(line)
            for f in item["fields"]:
                console.print(_words(Text(f"      {f['field']}: ", style="dim"), f["words"],
                                     console.is_terminal))
        for link in group["links"]:
            line = Text(f"  {link['sign']} ", style=styles[link["sign"]])
            line.append(f"länk {link['source']} → {link['target']} {link['verb']}")
            console.print(line)
            if link["words"]:
                console.print(_words(Text("      motivering: ", style="dim"), link["words"],
                                     console.is_terminal))


def _words(line: Any, words: list[tuple[str, str]], terminal: bool) -> Any:
    """Colours in a terminal; in a pipe or CI log, git's word-diff markers [-old-]{+new+}."""
    styles = {"=": "", "-": "red strike", "+": "green underline"}
    marks = {"=": ("", ""), "-": ("[-", "-]"), "+": ("{+", "+}")}
    for i, (op, text) in enumerate(words):
        if i:
            line.append(" ")
        before, after = ("", "") if terminal else marks[op]
        line.append(f"{before}{text}{after}", style=styles[op])
    return line


def _print_coverage(console: Any, coverage: dict[str, Any]) -> None:
    old, new = coverage["old"], coverage["new"]
    console.print(f"Täckning: {old['served']}/{old['subareas']} → {new['served']}/"
                  f"{new['subareas']} delområden tjänas av verksamhetsplanen")
    if coverage["newly_uncovered"]:
        console.print("Ändringen lämnar utan arbetsström: "
                      + ", ".join(coverage["newly_uncovered"]), style="bold red")
    if coverage["newly_covered"]:
        console.print("Nu tjänas: " + ", ".join(coverage["newly_covered"]), style="green")
