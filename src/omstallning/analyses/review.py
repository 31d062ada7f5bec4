"""Recording that links were reviewed: the subarea's fingerprint written into the link's
`granskad`, by editing that one line of the YAML and nothing else (comments, order and
formatting stay byte for byte)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n import _
from ..model.plans import Genomforandeplan
from ..reading.errors import UsageError
from ..reading.yamlfile import Document, PathKey, parse


@dataclass(frozen=True)
class Site:
    """A link in the verksamhetsplan's YAML: who links, to what, and where the link is."""

    source: str
    target: str
    path: PathKey  # of the link's mapping
    reviewed: str | None


class ReviewProblem(UsageError):
    """Links that cannot be reviewed as asked: none chosen, or one omst cannot edit safely
    (with where it is)."""


@dataclass(frozen=True)
class ReviewResult:
    path: Path  # the verksamhetsplan
    chosen: list[Site]  # the links asked for
    changed: list[Site]  # those reviewed now; the others were up to date


def choose(every: list[Site], source: str | None, target: str | None, file: str) -> list[Site]:
    """SOURCE's links (to TARGET), or every link without a SOURCE; none is a usage error."""
    chosen = [
        s for s in every if source is None or (s.source == source and target in (None, s.target))
    ]
    if not chosen:
        links = sorted({f"{s.source} {s.target}" for s in every})
        close = difflib.get_close_matches(
            f"{source} {target or ''}".strip(), links, n=3, cutoff=0.4
        )
        hint = _("; did you mean {links}?").format(links=", ".join(close)) if close else ""
        message = (
            _("no link from {source} to {target} in {file}")
            if target
            else _("no link from {source} in {file}")
        )
        raise ReviewProblem(message.format(source=source, target=target, file=file) + hint)
    return chosen


def sites_as_read(doc: Document) -> list[Site]:
    """The links of a verksamhetsplan that passed its schema a moment ago; if it no longer
    reads as one, it changed since."""
    from ..reading.writer import changed

    if doc.findings:
        raise changed(doc.path)
    try:
        return sites(doc)
    except (KeyError, TypeError, AttributeError):
        raise changed(doc.path) from None


def sites(doc: Document) -> list[Site]:
    found = []
    for s, stream in enumerate(doc.data["arbetsstrommar"]):
        owners: list[tuple[str, PathKey, dict[str, Any]]] = [
            (stream["id"], ("arbetsstrommar", s), stream)
        ]
        owners += [
            (ms["id"], ("arbetsstrommar", s, "milstolpar", m), ms)
            for m, ms in enumerate(stream.get("milstolpar", []))
        ]
        for source, path, item in owners:
            for i, link in enumerate(item.get("lankar", [])):
                found.append(Site(source, link["till"], (*path, "lankar", i), link.get("granskad")))
    return found


def review(
    text: str, doc: Document, gp: Genomforandeplan, chosen: list[Site]
) -> tuple[str, list[Site]]:
    """The text with the chosen links' `granskad` set to their subarea's fingerprint, and
    the links that changed (those already up to date are left as they are). Raises
    ReviewProblem, located, for a link omst cannot edit or whose subarea does not exist."""
    fingerprints = {sub.id: sub.fingerprint() for _, sub in gp.subareas()}
    lines = text.splitlines(keepends=True)
    edits: list[tuple[tuple[int, int, int, str, str], Site]] = []
    for site in chosen:
        current = fingerprints.get(site.target)
        if current is None:
            pos = doc.pos((*site.path, "till"))
            raise ReviewProblem(
                f"{doc.path}:{pos.line}:{pos.column}: "
                + _(
                    "link {source} → {target}: there is no subarea {target} (OMST203); "
                    "correct the link first (omst validate)"
                ).format(source=site.source, target=site.target)
            )
        if site.reviewed != current:
            edits.append((_edit(lines, doc, site, current), site))
    new_text = _apply(lines, [edit for edit, _ in edits])
    if edits and not _edited_safely(doc, new_text):
        for edit, site in edits:  # which link: the first whose edit alone goes wrong
            if not _edited_safely(doc, _apply(lines, [edit])):
                pos = doc.pos(site.path)
                raise ReviewProblem(
                    f"{doc.path}:{pos.line}:{pos.column}: "
                    + _(
                        "omst could not edit the link {source} → {target} safely; write it "
                        "as a block mapping (till: on a line of its own), or its flow "
                        "mapping {{…}} on one line; nothing was written"
                    ).format(source=site.source, target=site.target)
                )
        raise ReviewProblem(
            f"{doc.path}: " + _("omst could not edit the file safely; nothing was written")
        )
    return new_text, [site for _, site in edits]


def _apply(lines: list[str], edits: list[tuple[int, int, int, str, str]]) -> str:
    lines = list(lines)
    for index, column, length, new, how in sorted(edits, reverse=True):
        line = lines[index]
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        if how == "new line":
            lines.insert(index + 1, new + (ending or "\n"))
        else:  # replace `length` characters at `column` (0 to insert)
            lines[index] = body[:column] + new + body[column + length :] + ending
    return "".join(lines)


def _edited_safely(doc: Document, new_text: str) -> bool:
    check = parse(doc.path, new_text)
    return not check.findings and _same_but_reviews(doc.data, check.data)


def _same_but_reviews(old: object, new: object) -> bool:
    """The edited data is the old data, but for `granskad` values."""
    if isinstance(old, dict) and isinstance(new, dict):
        keys = (old.keys() | new.keys()) - {"granskad"}
        return all(_same_but_reviews(old.get(k), new.get(k)) for k in keys)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(map(_same_but_reviews, old, new))
    return old == new


def _edit(
    lines: list[str], doc: Document, site: Site, fingerprint: str
) -> tuple[int, int, int, str, str]:
    value = f'"{fingerprint}"'
    start = doc.pos(site.path)
    # A flow mapping {till: NV.3, …}, on one line or several: edits stay inside its braces.
    flow = lines[start.line - 1][start.column - 1 : start.column] == "{"
    if site.reviewed is not None:  # replace the value where it stands
        pos = doc.pos((*site.path, "granskad"))
        line = lines[pos.line - 1]
        rest = line[pos.column - 1 :]
        if rest[:1] in (">", "|"):
            raise ReviewProblem(
                f"{doc.path}:{pos.line}:{pos.column}: "
                + _(
                    "write `granskad` of {source} → {target} on one line (not as a "
                    "block) to let omst review it"
                ).format(source=site.source, target=site.target)
            )
        return pos.line - 1, pos.column - 1, _scalar_length(rest, flow), value, "replace"
    if flow:
        val = doc.pos((*site.path, "till"))
        end = val.column - 1 + _scalar_length(lines[val.line - 1][val.column - 1 :], True)
        return val.line - 1, end, 0, f", granskad: {value}", "replace"
    key = doc.key_pos((*site.path, "till"))
    return key.line - 1, 0, 0, " " * (key.column - 1) + f"granskad: {value}", "new line"


def _scalar_length(rest: str, flow: bool) -> int:
    """The length of the one-line scalar at the start of `rest`: quoted, or plain up to the
    end of the line or a comment (in a flow mapping, up to , } or ])."""
    if rest[:1] in ("'", '"'):
        close = rest.find(rest[0], 1)
        while close > 0 and rest[0] == '"' and rest[close - 1] == "\\":
            close = rest.find(rest[0], close + 1)
        return close + 1 if close > 0 else len(rest.rstrip("\r\n"))
    body = rest.rstrip("\r\n")
    stops = [
        i for i in (body.find(" #"), *((body.find(c) for c in ",}]") if flow else ())) if i >= 0
    ]
    return len(body[: min(stops)].rstrip()) if stops else len(body.rstrip())
