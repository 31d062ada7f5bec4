"""Recording that links were reviewed: the subarea's fingerprint written into the link's
`granskad`, by editing that one line of the YAML and nothing else (comments, order and
formatting stay byte for byte)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.plans import Genomforandeplan
from ..reading.errors import UsageError
from ..reading.yamlfile import Document, PathKey


@dataclass(frozen=True)
class Site:
    """A link in the verksamhetsplan's YAML: who links, to what, and where the link is."""

    source: str
    target: str
    path: PathKey  # of the link's mapping
    reviewed: str | None


class ReviewProblem(UsageError):
    """A link whose YAML omst cannot edit safely, with where it is."""


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
    the links that changed (those already up to date are left as they are)."""
    fingerprints = {sub.id: sub.fingerprint() for _, sub in gp.subareas()}
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, int, str, str]] = []  # (line, column, length, text, how)
    changed = []
    for site in chosen:
        current = fingerprints[site.target]
        if site.reviewed == current:
            continue
        changed.append(site)
        edits.append(_edit(lines, doc, site, current))
    for index, column, length, new, how in sorted(edits, reverse=True):
        line = lines[index]
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        if how == "new line":
            lines.insert(index + 1, new + (ending or "\n"))
        else:  # replace `length` characters at `column` (0 to insert)
            lines[index] = body[:column] + new + body[column + length :] + ending
    return "".join(lines), changed


def _edit(
    lines: list[str], doc: Document, site: Site, fingerprint: str
) -> tuple[int, int, int, str, str]:
    value = f'"{fingerprint}"'
    if site.reviewed is not None:  # replace the value where it stands
        pos = doc.pos((*site.path, "granskad"))
        line = lines[pos.line - 1]
        rest = line[pos.column - 1 :]
        if rest[:1] in (">", "|"):
            raise ReviewProblem(
                f"{doc.path}:{pos.line}:{pos.column}: write `granskad` of "
                f"{site.source} → {site.target} on one line (not as a block) "
                "to let omst review it"
            )
        flow = "{" in line[: pos.column - 1]
        return pos.line - 1, pos.column - 1, _scalar_length(rest, flow), value, "replace"
    key = doc.key_pos((*site.path, "till"))
    line = lines[key.line - 1]
    if line[: key.column - 1].rstrip().endswith(("{", ",")):  # a flow mapping: {till: NV.3}
        val = doc.pos((*site.path, "till"))
        end = val.column - 1 + _scalar_length(lines[val.line - 1][val.column - 1 :], True)
        return val.line - 1, end, 0, f", granskad: {value}", "replace"
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
