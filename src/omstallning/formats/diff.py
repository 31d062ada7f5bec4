"""`omst diff` as a terminal listing, a pull-request comment (Markdown) and JSON."""

from __future__ import annotations

from typing import Any, TextIO

from ..analyses.diff import CHANGE_KINDS, Change, Diff, DiffReport, LinkChange
from ..reading.kinds import VERKSAMHETSPLAN
from .names import KIND_NAMES
from .safe import visible_all
from .tables import console as plain_console
from .tables import write_json


def summary_rows(diff: Diff) -> list[dict[str, Any]]:
    """Counts per group (area, stream, plan), only groups with something in them."""
    counts: dict[str, dict[str, int]] = {}
    for change in diff.changes:
        row = counts.setdefault(change.entry.group, dict.fromkeys((*CHANGE_KINDS, "links"), 0))
        row[change.kind] += 1
    for link in diff.links:
        row = counts.setdefault(link.group, dict.fromkeys((*CHANGE_KINDS, "links"), 0))
        row["links"] += 1
    return [
        {"group": group, "namn": name, **counts[group]}
        for group, name in diff.groups
        if group in counts
    ]


def to_json(diff: Diff, old_label: str, new_label: str) -> dict[str, Any]:
    def item(change: Change) -> dict[str, Any]:
        e = change.entry
        out: dict[str, Any] = {
            "id": e.id,
            "plan": e.plan,
            "kind": e.kind,
            "parent": e.parent,
            "group": e.group,
            "label": e.label,
        }
        if change.kind == "changed":
            out["fields"] = [f.field for f in change.fields]
            out["changes"] = [{"field": f.field, "old": f.old, "new": f.new} for f in change.fields]
        if change.kind == "moved":
            out["old_parent"] = change.old_parent
        return out

    def link(change: LinkChange) -> dict[str, Any]:
        out: dict[str, Any] = {
            "from": change.source,
            "to": change.target,
            "workstream": change.group,
            "plan": VERKSAMHETSPLAN,
        }
        if change.reason:
            out["motivering"] = {"old": change.reason.old, "new": change.reason.new}
        return out

    return {
        "old": old_label,
        "new": new_label,
        "summary": {
            **{k: len(diff.of(k)) for k in CHANGE_KINDS},
            **{
                f"links_{k}": sum(1 for c in diff.links if c.kind == k)
                for k in ("added", "removed", "changed")
            },
        },
        **{k: [item(c) for c in diff.of(k)] for k in CHANGE_KINDS},
        **{
            f"links_{k}": [link(c) for c in diff.links if c.kind == k]
            for k in ("added", "removed", "changed")
        },
        "coverage": {
            "old": diff.coverage_old,
            "new": diff.coverage_new,
            "newly_uncovered": diff.newly_uncovered,
            "newly_covered": diff.newly_covered,
        },
        "links_suspect": [
            {
                "from": s.source,
                "to": s.target,
                "workstream": s.group,
                "changes": [{"part": part, "change": change} for part, change in s.changes],
            }
            for s in diff.suspect
        ],
    }


SIGNS = {"added": "+", "removed": "-", "changed": "~", "moved": ">", "reordered": "^"}
VERBS = {
    "added": "tillagd",
    "removed": "borttagen",
    "changed": "ändrad",
    "moved": "flyttad",
    "reordered": "ny plats i ordningen",
}
SINGULAR = {
    "added": "tillagd",
    "removed": "borttagen",
    "changed": "ändrad",
    "moved": "flyttad",
    "reordered": "omordnad",
    "links": "länk",
}
COLUMN_NAMES = {
    "added": "Tillagda",
    "removed": "Borttagna",
    "changed": "Ändrade",
    "moved": "Flyttade",
    "reordered": "Omordnade",
    "links": "Länkar",
}


def _item(change: Change) -> dict[str, Any]:
    e = change.entry
    return {
        "change": change.kind,
        "sign": SIGNS[change.kind],
        "verb": VERBS[change.kind],
        "id": e.id,
        "kind": e.kind,
        "kind_name": KIND_NAMES[e.kind],
        "label": e.label,
        "parent": e.parent,
        "old_parent": change.old_parent,
        "fields": [
            {"field": f.field, "old": f.old, "new": f.new, "words": f.words()}
            for f in change.fields
        ],
    }


def _link(change: LinkChange) -> dict[str, Any]:
    return {
        "change": change.kind,
        "sign": SIGNS[
            "added"
            if change.kind == "added"
            else "removed"
            if change.kind == "removed"
            else "changed"
        ],
        "verb": VERBS[change.kind],
        "source": change.source,
        "target": change.target,
        "words": change.reason.words() if change.reason else [],
    }


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
            for k in (*CHANGE_KINDS, "links")
            if row[k]
        )
        groups.append(
            {
                "id": group,
                "namn": row["namn"],
                "items": [_item(c) for c in changes.get(group, [])],
                "links": [_link(c) for c in links.get(group, [])],
                "counts": counts,
            }
        )
    return {
        "old": old,
        "new": new,
        "empty": not diff,
        "summary": summary,
        "totals": totals,
        "columns": COLUMN_NAMES,
        "kinds": [*CHANGE_KINDS, "links"],
        "groups": groups,
        "coverage": {
            "old": diff.coverage_old,
            "new": diff.coverage_new,
            "newly_uncovered": diff.newly_uncovered,
            "newly_covered": diff.newly_covered,
        },
        "suspect": [
            {
                "source": s.source,
                "target": s.target,
                "changes": ", ".join(_part_change(*c) for c in s.changes),
            }
            for s in diff.suspect[:SUSPECT_ROWS]
        ],
        "suspect_more": max(len(diff.suspect) - SUSPECT_ROWS, 0),
    }


SUSPECT_ROWS = 50  # the comment lists this many; JSON has them all

_CHANGED = {"changed": "ändrad", "added": "ny", "removed": "borttagen"}


def _part_change(part: str, change: str) -> str:
    if part == "namn":
        return "namnet ändrat"
    return f"effektmålsraden {part} {_CHANGED[change]}"


def json_payload(report: DiffReport, out: TextIO) -> None:
    write_json(to_json(report.diff, report.old, report.new), out)


# GitHub refuses a comment longer than 65 536 characters; keep clear of it.
COMMENT_LIMIT = 65_536 - 536


def markdown(report: DiffReport, out: TextIO) -> None:
    """The pull-request comment: the summary first, then each area's details while they fit
    in one comment, then a line on what was left out."""
    out.write(comment(present(report.diff, report.old, report.new), COMMENT_LIMIT))


def comment(ctx: dict[str, Any], limit: int) -> str:
    from .document import template

    whole = template("diff.md.j2", "md")
    text = _render(whole, {**ctx, "omitted": "", "limit": limit})
    if len(text) <= limit:
        return text
    group = template("diff_group.md.j2", "md")
    groups, total = ctx["groups"], sum(len(g["items"]) + len(g["links"]) for g in ctx["groups"])
    # Room left for details: the comment without any, and its note, take the rest.
    room = limit - len(_render(whole, {**ctx, "groups": [], "omitted": "x" * 80, "limit": limit}))
    kept: list[dict[str, Any]] = []
    for g in groups:
        size = len(_render(group, {"g": g}))
        if size <= room:
            kept.append(g)
            room -= size
            continue
        part = _largest_part(group, g, room)
        if part is not None:
            kept.append(part)
        break
    while True:
        shown = sum(len(g["items"]) + len(g["links"]) for g in kept)
        left = total - shown
        note = f"{left} av {total} ändringar" if left else ""
        text = _render(whole, {**ctx, "groups": kept, "omitted": note, "limit": limit})
        if len(text) <= limit or not kept:
            return text
        kept.pop()  # joins between parts took more than measured: one area fewer


def _largest_part(group: Any, g: dict[str, Any], room: int) -> dict[str, Any] | None:
    """The group with as many of its first changes as fit in `room`, or None."""
    entries = [("items", i) for i in g["items"]] + [("links", x) for x in g["links"]]

    def part(n: int) -> dict[str, Any]:
        chosen = entries[:n]
        return {
            **g,
            "items": [e for k, e in chosen if k == "items"],
            "links": [e for k, e in chosen if k == "links"],
            "counts": f"{g['counts']} (visas delvis: {n} av {len(entries)})",
        }

    low, high = 0, len(entries)
    while low < high:  # the largest n whose part fits
        mid = (low + high + 1) // 2
        if len(_render(group, {"g": part(mid)})) <= room:
            low = mid
        else:
            high = mid - 1
    return part(low) if low else None


def _render(template: Any, ctx: dict[str, Any]) -> str:
    text: str = template.render(ctx)
    return text.rstrip("\n") + "\n"


def terminal(report: DiffReport, out: TextIO) -> None:
    from rich.table import Table
    from rich.text import Text

    ctx = visible_all(present(report.diff, report.old, report.new))
    console = plain_console(out)
    console.print(Text(f"omst diff: {ctx['old']} → {ctx['new']}", style="bold"))
    if ctx["empty"]:
        console.print("Inga skillnader i planerna.")
        return
    table = Table(show_footer=True)
    table.add_column("Område / arbetsström", footer="Totalt", min_width=24)
    for kind in ctx["kinds"]:
        table.add_column(ctx["columns"][kind], justify="right", footer=str(ctx["totals"][kind]))
    for row in ctx["summary"]:
        counts = (str(row[k]) if row[k] else "" for k in ctx["kinds"])
        table.add_row(f"{row['group']} {row['namn']}", *counts)
    console.print(table)
    _print_coverage(console, ctx["coverage"])
    if ctx["suspect"]:
        console.print(
            "Länkar att granska (delområdet är omskrivet): "
            + "; ".join(f"{s['source']} → {s['target']} ({s['changes']})" for s in ctx["suspect"]),
            style="yellow",
        )
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
                console.print(
                    _words(
                        Text(f"      {f['field']}: ", style="dim"), f["words"], console.is_terminal
                    )
                )
        for link in group["links"]:
            line = Text(f"  {link['sign']} ", style=styles[link["sign"]])
            line.append(f"länk {link['source']} → {link['target']} {link['verb']}")
            console.print(line)
            if link["words"]:
                console.print(
                    _words(
                        Text("      motivering: ", style="dim"), link["words"], console.is_terminal
                    )
                )


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
    console.print(
        f"Täckning: {old['served']}/{old['subareas']} → {new['served']}/"
        f"{new['subareas']} delområden tjänas av verksamhetsplanen"
    )
    if coverage["newly_uncovered"]:
        console.print(
            "Ändringen lämnar utan arbetsström: " + ", ".join(coverage["newly_uncovered"]),
            style="bold red",
        )
    if coverage["newly_covered"]:
        console.print("Nu tjänas: " + ", ".join(coverage["newly_covered"]), style="green")
