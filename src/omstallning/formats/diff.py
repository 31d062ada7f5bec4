"""`omst diff` as a terminal listing, a pull-request comment (Markdown) and JSON."""

from __future__ import annotations

from typing import Any, TextIO

from ..analyses.diff import (
    CHANGE_KINDS,
    GP_GROUP,
    VP_GROUP,
    Change,
    Diff,
    DiffReport,
    LinkChange,
)
from ..analyses.entries import Entry
from ..analyses.sides import WORK_TREE
from ..i18n import _, ngettext, number
from ..model.walk import Kind
from ..reading.kinds import FORVALTNING, VERKSAMHETSPLAN
from .names import kind_name
from .safe import visible_all
from .tables import console as plain_console
from .tables import write_json
from .words import assessment


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
        if e.avser or e.period:
            out["avser"] = list(e.avser)
            out["period"] = e.period or None
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


def verbs() -> dict[str, str]:
    """What happened to an item, after its ID and kind ("NV.2 delområde flyttad")."""
    return {
        "added": _("added"),
        "removed": _("removed"),
        "changed": _("changed"),
        "moved": _("moved"),
        "reordered": _("moved within its list"),
    }


def column_names() -> dict[str, str]:
    return {
        "added": _("Added"),
        "removed": _("Removed"),
        "changed": _("Changed"),
        "moved": _("Moved"),
        "reordered": _("Reordered"),
        "links": _("Links"),
    }


def count(kind: str, n: int) -> str:
    """A group's count of one kind of change: "1 added", "3 links"."""
    texts = {
        "added": ngettext("{count} added", "{count} added", n),
        "removed": ngettext("{count} removed", "{count} removed", n),
        "changed": ngettext("{count} changed", "{count} changed", n),
        "moved": ngettext("{count} moved", "{count} moved", n),
        "reordered": ngettext("{count} reordered", "{count} reordered", n),
        "links": ngettext("{count} link", "{count} links", n),
    }
    return texts[kind].format(count=n)


def _side(label: str) -> str:
    return _("the work tree") if label == WORK_TREE else label


def _group_name(name: str) -> str:
    """The plans' own parts are named by omst, in the reader's language."""
    if name == GP_GROUP:
        return _("The genomförandeplan: introduction and metadata")
    if name == VP_GROUP:
        return _("The verksamhetsplan: vision and metadata")
    return name


def _item(change: Change) -> dict[str, Any]:
    e = change.entry
    shown = details(e) if change.kind == "added" else []
    return {
        "change": change.kind,
        "sign": SIGNS[change.kind],
        "verb": verbs()[change.kind],
        "id": e.id,
        "kind": e.kind,
        "kind_name": kind_name(e.kind),
        # What a förvaltning's entry is about: "status om VP.1, T3 2024".
        "what": what(e),
        "label": e.label,
        "parent": e.parent,
        "old_parent": change.old_parent,
        "moved": _("from {old} to {new}").format(old=change.old_parent, new=e.parent),
        "details": shown,
        "fields": [
            {
                "field": f.field,
                "old": f.old,
                "new": f.new,
                "words": f.words(),
                "values": field_values(e, f.field, f.old, f.new),
            }
            for f in change.fields
        ],
    }


def what(entry: Entry) -> str:
    name = kind_name(entry.kind)
    if not entry.about:
        return name
    return _("{kind} about {about}").format(kind=name, about=entry.about)


# A förvaltning's entry whose whole content is the news when it is added: its fields are
# listed (a plan's added item shows its text, which is all it has).
_DETAILED = frozenset({Kind.STATUS, Kind.INDICATOR_SERIES})
_SHOWN_IN_HEADLINE = frozenset({"avser", "period", "namn"})


def details(entry: Entry) -> list[dict[str, str]]:
    if entry.kind not in _DETAILED:
        return []
    return [
        {"field": name, "text": _value(entry, name, value)}
        for name, value in entry.fields.items()
        if name not in _SHOWN_IN_HEADLINE
    ]


def _is_light(entry: Entry, field: str) -> bool:
    return entry.plan == FORVALTNING and field.partition(".")[0] == "bedomning"


def _value(entry: Entry, field: str, value: str | None) -> str:
    """A field's value as a person reads it: a traffic light in the region's words, a
    missing value as a dash."""
    if _is_light(entry, field):
        return assessment(value or None)
    if not value:
        return "–"
    if entry.plan == FORVALTNING and field.partition(".")[0] in _NUMBERS:
        return number(value)
    return " ".join(value.split())


_NUMBERS = ("utfall", "malvarde")


def field_values(entry: Entry, field: str, old: str | None, new: str | None) -> list[str] | None:
    """From and to, for a field that changes as a whole (a traffic light, a number, a
    flag) rather than word by word; None for a text."""
    if entry.plan != FORVALTNING:
        return None
    if field.partition(".")[0] not in ("bedomning", "saknas", *_NUMBERS):
        return None
    return [_value(entry, field, old), _value(entry, field, new)]


def _link(change: LinkChange) -> dict[str, Any]:
    line, verb = _("link {source} → {target} {verb}"), verbs()[change.kind]
    return {
        "change": change.kind,
        "sign": SIGNS[
            "added"
            if change.kind == "added"
            else "removed"
            if change.kind == "removed"
            else "changed"
        ],
        "verb": verbs()[change.kind],
        "line": line.format(source=change.source, target=change.target, verb=verb),
        "md_line": line.format(
            source=f"**{change.source}**", target=f"**{change.target}**", verb=verb
        ),
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
        counts = ", ".join(count(k, row[k]) for k in (*CHANGE_KINDS, "links") if row[k])
        groups.append(
            {
                "id": group,
                "namn": _group_name(row["namn"]),
                "items": [_item(c) for c in changes.get(group, [])],
                "links": [_link(c) for c in links.get(group, [])],
                "counts": counts,
            }
        )
    for row in summary:
        row["namn"] = _group_name(row["namn"])
    return {
        "old": _side(old),
        "new": _side(new),
        "empty": not diff,
        "summary": summary,
        "totals": totals,
        "columns": column_names(),
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
        "t": _phrases(diff),
    }


def _phrases(diff: Diff) -> dict[str, str]:
    """The comment's own words, for the templates (which hold no text of their own)."""
    old, new = diff.coverage_old, diff.coverage_new
    return {
        "title": _("Plan changes"),
        "empty": _("No differences in the plans."),
        "group": _("Area / work stream"),
        "total": _("Total"),
        "coverage": _(
            "Coverage: {old_served}/{old_subareas} → {new_served}/{new_subareas} subareas "
            "served by the verksamhetsplan"
        ).format(
            old_served=old.get("served"),
            old_subareas=old.get("subareas"),
            new_served=new.get("served"),
            new_subareas=new.get("subareas"),
        ),
        "note": _("Note!"),
        "uncovered": _("The change leaves subareas without a work stream: {ids}.").format(
            ids=", ".join(diff.newly_uncovered)
        ),
        "covered": _("Now also served: {ids}.").format(ids=", ".join(diff.newly_covered)),
        "review_title": _("Links to review:"),
        "review": _(
            "the change rewrites subareas these links are motivated against. Read the "
            "motivering again, then run `omst review FROM TO`."
        ),
        "more": _("… and {count} more (all of them: `--format json`, `links_suspect`).").format(
            count=max(len(diff.suspect) - SUSPECT_ROWS, 0)
        ),
        "cut_title": _("The comment is cut short"),
    }


def _cut(ctx: dict[str, Any], omitted: str, limit: int) -> str:
    return _(
        "to fit in one comment ({limit} characters): {omitted} left out. The whole change: "
        "`omst diff {old} {new}` in the terminal, or `--format json`."
    ).format(limit=limit, omitted=omitted, old=ctx["old"], new=ctx["new"])


SUSPECT_ROWS = 50  # the comment lists this many; JSON has them all


def _part_change(part: str, change: str) -> str:
    if part == "namn":
        return _("name changed")
    changed = {
        "changed": _("effect-goal row {id} changed"),
        "added": _("effect-goal row {id} new"),
        "removed": _("effect-goal row {id} removed"),
    }
    return changed[change].format(id=part)


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
    text = _render(whole, {**ctx, "omitted": "", "cut": "", "limit": limit})
    if len(text) <= limit:
        return text
    group = template("diff_group.md.j2", "md")
    groups, total = ctx["groups"], sum(len(g["items"]) + len(g["links"]) for g in ctx["groups"])
    # Room left for details: the comment without any, and its note, take the rest.
    room = limit - len(
        _render(
            whole,
            {
                **ctx,
                "groups": [],
                "omitted": "x",
                "cut": _cut(ctx, "x" * 80, limit),
                "limit": limit,
            },
        )
    )
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
        note = _("{left} of {total} changes").format(left=left, total=total) if left else ""
        cut = _cut(ctx, note, limit) if note else ""
        text = _render(whole, {**ctx, "groups": kept, "omitted": note, "cut": cut, "limit": limit})
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
            "counts": _("{counts} (shown in part: {shown} of {total})").format(
                counts=g["counts"], shown=n, total=len(entries)
            ),
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
    t = ctx["t"]
    console.print(Text(f"omst diff: {ctx['old']} → {ctx['new']}", style="bold"))
    if ctx["empty"]:
        console.print(t["empty"])
        return
    table = Table(show_footer=True)
    table.add_column(t["group"], footer=t["total"], min_width=24)
    for kind in ctx["kinds"]:
        table.add_column(ctx["columns"][kind], justify="right", footer=str(ctx["totals"][kind]))
    for row in ctx["summary"]:
        counts = (str(row[k]) if row[k] else "" for k in ctx["kinds"])
        table.add_row(f"{row['group']} {row['namn']}", *counts)
    console.print(table)
    _print_coverage(console, ctx["coverage"], t["coverage"])
    if ctx["suspect"]:
        console.print(
            _("Links to review (the subarea is rewritten): {links}").format(
                links="; ".join(
                    f"{s['source']} → {s['target']} ({s['changes']})" for s in ctx["suspect"]
                )
            ),
            style="yellow",
        )
    styles = {"+": "green", "-": "red", "~": "yellow", ">": "cyan", "^": "blue"}
    for group in ctx["groups"]:
        console.print()
        console.print(Text(f"{group['id']} {group['namn']}", style="bold underline"))
        for item in group["items"]:
            line = Text(f"  {item['sign']} ", style=styles[item["sign"]])
            line.append(item["id"], style="bold")
            line.append(f" {item['what']} {item['verb']}")
            if item["change"] in ("added", "removed") and not item["details"]:
                line.append(f": {item['label']}")
            elif item["change"] == "moved":
                line.append(f" {item['moved']}")
            console.print(line)
            for d in item["details"]:
                console.print(Text(f"      {d['field']}: ", style="dim").append(d["text"]))
            for f in item["fields"]:
                label = Text(f"      {f['field']}: ", style="dim")
                if f["values"]:
                    console.print(label.append(" → ".join(f["values"])))
                    continue
                console.print(_words(label, f["words"], console.is_terminal))
        for link in group["links"]:
            line = Text(f"  {link['sign']} ", style=styles[link["sign"]])
            line.append(link["line"])
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


def _print_coverage(console: Any, coverage: dict[str, Any], line: str) -> None:
    if not coverage["old"] or not coverage["new"]:
        return  # one förvaltning's file compared alone: no plans to cover
    console.print(line)
    if coverage["newly_uncovered"]:
        console.print(
            _("The change leaves without a work stream: {ids}").format(
                ids=", ".join(coverage["newly_uncovered"])
            ),
            style="bold red",
        )
    if coverage["newly_covered"]:
        console.print(
            _("Now served: {ids}").format(ids=", ".join(coverage["newly_covered"])),
            style="green",
        )
