"""A filled tertial form merged into a förvaltning's file: what the answers are, what they
change, and the new text. Pure: a read workbook and a read plan file in, findings, changes
and text out; core/importing.py reads and writes.

The file is edited as text, as review edits the verksamhetsplan: an entry added or replaced
is written in full, and every other byte stays (comments, order, wrapping). An entry that
equals the answer is left alone, so a second import of the same form changes nothing.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from ..i18n import _
from ..model.followup import Tertial, in_time, parse_period
from ..reading import form
from ..reading.findings import Finding
from ..reading.workbook import Book, Sheet, Value, at_cell
from ..reading.yamlfile import Document, PathKey


class Form(NamedTuple):
    forvaltning: str
    tertial: Tertial
    commit: str
    plans: str
    status_rows: list[tuple[str, str]]  # [ID, Avser] per row as sent
    indicator_rows: list[tuple[str, str]]  # [ID, Period] per row as sent


class StatusAnswer(NamedTuple):
    cell: str  # where the answer stands, for messages: "Status!D7"
    id: str  # the entry the row updates, "" for a new one
    avser: str
    punkter: tuple[str, ...]  # empty: not answered (saknas)
    light: str | None
    answered: bool


class ReadingAnswer(NamedTuple):
    id: str
    period: str
    outcome: float | None
    target: float | None


class Change(NamedTuple):
    """One entry added or replaced: what `omst import` reports."""

    action: str  # "added" | "replaced"
    kind: str  # "status" | "reading"
    id: str  # the status's ID, or the indicator's
    about: str  # avser for a status, the period for a reading


# --- the form ----------------------------------------------------------------------------


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _cell(sheet: Sheet, row: int, column: int) -> Value:
    if row < len(sheet.rows) and column < len(sheet.rows[row]):
        return sheet.rows[row][column]
    return None


def read_form(book: Book) -> Form | list[Finding]:
    """The form's metadata as omst report wrote it, or why the workbook is not a form."""
    shown = book.shown
    missing = [s for s in (form.STATUS, form.INDICATORS, form.METADATA) if s not in book.sheets]
    if missing:
        return [
            at_cell(
                shown,
                None,
                0,
                0,
                "OMST403",
                _(
                    "not a form made by omst report: the sheet {sheet} is missing (import the "
                    "workbook as it was sent, with its sheets)"
                ).format(sheet=missing[0]),
            )
        ]
    meta_sheet = book.sheets[form.METADATA]
    # a long value goes on from column B into C, D … (form.chunks)
    meta = {_text(r[0]).strip(): "".join(_text(v) for v in r[1:]) for r in meta_sheet.rows if r}
    problems: list[Finding] = []

    def bad(key: str) -> Finding:
        return at_cell(
            shown,
            form.METADATA,
            0,
            1,
            "OMST403",
            _(
                "the form's hidden metadata ({key}) is missing or changed; make the form "
                "again with omst report"
            ).format(key=key),
        )

    try:
        tertial = Tertial.parse(meta.get(form.META_TERTIAL, ""))
    except (ValueError, IndexError):
        return [bad(form.META_TERTIAL)]
    rows: dict[str, list[tuple[str, str]]] = {}
    for key in (form.META_ROWS_STATUS, form.META_ROWS_INDICATORS):
        try:
            loaded = json.loads(meta.get(key, ""))
            rows[key] = [(str(a), str(b)) for a, b in loaded]
        except (ValueError, TypeError):
            problems.append(bad(key))
    if not meta.get(form.META_FORVALTNING):
        problems.append(bad(form.META_FORVALTNING))
    if problems:
        return problems
    return Form(
        meta[form.META_FORVALTNING].strip().upper(),
        tertial,
        meta.get(form.META_COMMIT, ""),
        meta.get(form.META_PLANS, ""),
        rows[form.META_ROWS_STATUS],
        rows[form.META_ROWS_INDICATORS],
    )


def _checked_sheet(
    book: Book, name: str, columns: tuple[str, ...], findings: list[Finding]
) -> Sheet | None:
    """The form's sheet `name`, or None (and why, in `findings`) if its header moved."""
    sheet = book.sheets[name]
    header = _header(book.shown, sheet, columns)
    findings.extend(header)
    return None if header else sheet


def _header(shown: str, sheet: Sheet, columns: tuple[str, ...]) -> list[Finding]:
    found = [_text(_cell(sheet, 0, c)).strip() for c in range(len(columns))]
    return [
        at_cell(
            shown,
            sheet.name,
            0,
            c,
            "OMST403",
            _(
                "the header should say {expected} here, as the form was sent; the columns "
                "must not be moved, renamed or deleted"
            ).format(expected=expected),
        )
        for c, (expected, seen) in enumerate(zip(columns, found, strict=True))
        if expected != seen
    ]


# --- values in cells ---------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f\u2007]+")
_NUMBER = re.compile(r"^[+\-\u2212]?(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)$")
_STRING_FORMULA = re.compile(r'^=\s*"((?:[^"]|"")*)"\s*$')
_NUMBER_FORMULA = re.compile(r"^=\s*([+\-]?[0-9]+(?:[.,][0-9]+)?)\s*$")


def parse_number(value: Value) -> float | None:
    """A number as a chief writes it: 47.5, "47,5", "47,5 %", "1 234,5" (spaces, no-break
    and thin spaces between digits), "−5". None where it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return value
    text = _SPACES.sub("", _text(value)).removesuffix("%")
    if not _NUMBER.match(text):
        return None
    return float(text.replace(",", ".").replace("\u2212", "-"))


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def lines_of(value: Value) -> tuple[str, ...]:
    """A Nuläge cell's points: one a line, each without its surrounding spaces."""
    text = _text(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return tuple(line.strip() for line in text.split("\n") if line.strip())


class _Reader:
    """Cells read with their formulas judged: a constant formula's value is taken (with a
    warning), any other is an error and its value is not."""

    def __init__(self, shown: str, sheet: Sheet, findings: list[Finding]) -> None:
        self.shown = shown
        self.sheet = sheet
        self.findings = findings

    def name(self, row: int, column: int) -> str:
        from ..reading.workbook import cell_name

        return f"{self.sheet.name}!{cell_name(row, column)}"

    def get(self, row: int, column: int) -> Value:
        formula = self.sheet.formulas.get((row, column))
        if formula is None:
            value = _cell(self.sheet, row, column)
            if isinstance(value, float) and (row, column) in self.sheet.percent:
                return round(value * 100, 10)  # shown to the chief as "47,5 %"
            return value
        string = _STRING_FORMULA.match(formula)
        number = _NUMBER_FORMULA.match(formula)
        if string or number:
            taken: Value = (
                string.group(1).replace('""', '"')
                if string
                else float(
                    number.group(1).replace(",", ".")  # type: ignore[union-attr]
                )
            )
            self.findings.append(
                at_cell(
                    self.shown,
                    self.sheet.name,
                    row,
                    column,
                    "OMST409",
                    _(
                        "the cell holds a formula ({formula}); its constant value was taken. "
                        "Type the value itself instead"
                    ).format(formula=formula),
                )
            )
            return taken
        self.findings.append(
            at_cell(
                self.shown,
                self.sheet.name,
                row,
                column,
                "OMST408",
                _(
                    "the cell holds a formula ({formula}), and omst does not compute formulas: "
                    "type the value itself"
                ).format(formula=formula),
            )
        )
        return None


# --- rows against the form as sent -------------------------------------------------------


def _rows(
    shown: str,
    sheet: Sheet,
    sent: list[tuple[str, str]],
    width: int,
    labels: tuple[str, str],
    findings: list[Finding],
    key_columns: tuple[int, int] = (0, 1),
) -> list[tuple[int, int]]:
    """(sheet row, index in `sent`) of the rows that match the form as sent (in any order);
    a changed, deleted or added row is a finding."""
    reader = _Reader(shown, sheet, findings)
    wanted = {key: i for i, key in enumerate(sent)}
    matched: list[tuple[int, int]] = []
    seen: set[int] = set()
    strays: list[tuple[int, tuple[str, str]]] = []
    for row in range(1, len(sheet.rows)):
        cells = sheet.rows[row]
        if not any(_text(v).strip() for v in cells):
            continue
        for column in range(width, len(cells)):
            if _text(cells[column]).strip():
                findings.append(
                    at_cell(
                        shown,
                        sheet.name,
                        row,
                        column,
                        "OMST409",
                        _(
                            "this cell is outside the form's columns and was not imported; "
                            "write the answer in the form's columns"
                        ),
                    )
                )
        key = (
            _text(reader.get(row, key_columns[0])).strip(),
            _text(reader.get(row, key_columns[1])).strip(),
        )
        index = wanted.get(key)
        if index is not None and index not in seen:
            seen.add(index)
            matched.append((row, index))
        else:
            strays.append((row, key))
    for row, key in strays:
        # a row that is not as sent, where a row that went missing stood: changed
        index = row - 1
        if index < len(sent) and index not in seen:
            seen.add(index)
            which = 0 if key[0] != sent[index][0] else 1
            message = _(
                "the row was changed: the form had {label} {was} here; undo the change (the "
                "locked columns {first} and {second} must stay as sent)"
            ).format(
                label=labels[which],
                was=sent[index][which] or "''",
                first=labels[0],
                second=labels[1],
            )
            column = key_columns[which]
        else:
            column = key_columns[0]
            message = _(
                "a row added outside the form ({first} {id}, {second} {about}): omst imports "
                "only the rows the form was sent with; delete the row"
            ).format(first=labels[0], id=key[0] or "''", second=labels[1], about=key[1] or "''")
        findings.append(at_cell(shown, sheet.name, row, column, "OMST407", message))
    for index, key in enumerate(sent):
        if index not in seen:
            findings.append(
                at_cell(
                    shown,
                    sheet.name,
                    index + 1,
                    0,
                    "OMST407",
                    _(
                        "the form's row for {about} ({label} {id}) is missing: it was deleted "
                        "or its {label} changed; import the form as it was sent"
                    ).format(about=key[1], label=labels[0], id=key[0] or "''"),
                )
            )
    return sorted(matched)


# --- the answers -------------------------------------------------------------------------


def _entries(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    found = data.get(key, [])
    return found if isinstance(found, list) else []


def previous_points(data: dict[str, Any], avser: str, tertial: Tertial) -> tuple[str, ...]:
    """What the form pre-filled Nuläge with: the latest points about `avser` before the
    tertial."""
    best: tuple[tuple[int, int], tuple[str, ...]] | None = None
    for entry in _entries(data, "status"):
        if entry.get("avser") != avser or entry.get("saknas"):
            continue
        period = Tertial.parse(entry["period"])
        if in_time(period) < in_time(tertial) and (best is None or in_time(period) > best[0]):
            best = (in_time(period), tuple(entry.get("punkter", [])))
    return best[1] if best else ()


def status_answers(
    book: Book, form_: Form, data: dict[str, Any], findings: list[Finding]
) -> list[StatusAnswer]:
    shown = book.shown
    sheet = _checked_sheet(book, form.STATUS, form.STATUS_COLUMNS, findings)
    if sheet is None:
        return []
    column = {name: i for i, name in enumerate(form.STATUS_COLUMNS)}
    labels = (form.STATUS_COLUMNS[0], form.STATUS_COLUMNS[1])
    rows = _rows(shown, sheet, form_.status_rows, len(form.STATUS_COLUMNS), labels, findings)
    reader = _Reader(shown, sheet, findings)
    words = {" ".join(w.split()).casefold(): w for w in form.ASSESSMENTS}
    answers = []
    for row, index in rows:
        id_, avser = form_.status_rows[index]
        nulage_col, light_col = column["Nuläge"], column["Bedömning"]
        punkter = lines_of(reader.get(row, nulage_col))
        said = " ".join(_SPACES.sub(" ", _text(reader.get(row, light_col))).split())
        light: str | None = None
        if said:
            word = words.get(said.casefold())
            if word is None:
                from ..reading.errors import did_you_mean

                findings.append(
                    at_cell(
                        shown,
                        sheet.name,
                        row,
                        light_col,
                        "OMST405",
                        _(
                            "{value!r} is not one of the dropdown's words; choose one of: "
                            "{words}{hint}"
                        ).format(
                            value=said,
                            words=", ".join(form.ASSESSMENTS),
                            hint=did_you_mean(said, form.ASSESSMENTS, 0.6),
                        ),
                    )
                )
                continue
            light = form.ASSESSMENTS[word]
        if said and not punkter:
            findings.append(
                at_cell(
                    shown,
                    sheet.name,
                    row,
                    nulage_col,
                    "OMST410",
                    _(
                        "Nuläge is empty, but Bedömning says {word!r}: write the nuläge, one "
                        "point a line"
                    ).format(word=said),
                )
            )
            continue
        current = _current(data, id_, avser, form_.tertial)
        prefilled = tuple(current.get("punkter", ())) if current else ()
        if not prefilled:
            prefilled = previous_points(data, avser, form_.tertial)
        answered = bool(said) or (bool(punkter) and punkter != prefilled)
        if not answered and current is not None and not current.get("saknas"):
            continue  # the entry the form showed, left as it was
        from ..reading.workbook import cell_name

        answers.append(
            StatusAnswer(
                f"{sheet.name}!{cell_name(row, nulage_col)}",
                id_,
                avser,
                punkter if answered else (),
                light,
                answered,
            )
        )
    return answers


def _current(data: dict[str, Any], id_: str, avser: str, tertial: Tertial) -> dict[str, Any] | None:
    for entry in _entries(data, "status"):
        if id_ and entry.get("id") == id_:
            return entry
    if id_:
        return None
    for entry in _entries(data, "status"):
        if entry.get("avser") == avser and entry.get("period") == str(tertial):
            return entry
    return None


def reading_answers(
    book: Book, form_: Form, data: dict[str, Any], findings: list[Finding]
) -> list[ReadingAnswer]:
    shown = book.shown
    sheet = _checked_sheet(book, form.INDICATORS, form.INDICATOR_COLUMNS, findings)
    if sheet is None:
        return []
    column = {name: i for i, name in enumerate(form.INDICATOR_COLUMNS)}
    labels = (form.INDICATOR_COLUMNS[0], form.INDICATOR_COLUMNS[2])
    sent = form_.indicator_rows
    # The key of an indicator row is its ID and Period.
    keys = (column["ID"], column["Period"])
    rows = _rows(shown, sheet, sent, len(form.INDICATOR_COLUMNS), labels, findings, keys)
    reader = _Reader(shown, sheet, findings)
    answers = []
    for row, index in rows:
        id_, period = sent[index]
        values: list[float | None] = []
        for name in ("Utfall", "Målvärde"):
            raw = reader.get(row, column[name])
            number = parse_number(raw)
            if number is None and _text(raw).strip():
                findings.append(
                    at_cell(
                        shown,
                        sheet.name,
                        row,
                        column[name],
                        "OMST406",
                        _(
                            "{column} {value!r} is not a number; write it as 47,5 or 47,5 % "
                            "(digits, one decimal comma or point)"
                        ).format(column=name, value=_text(raw).strip()),
                    )
                )
            values.append(number)
        if values[0] is None and values[1] is None:
            continue
        answers.append(ReadingAnswer(id_, period, values[0], values[1]))
    return answers


# --- the text edit -----------------------------------------------------------------------

_PLAIN_FIRST = set("-?:,[]{}#&*!|>'\"%@`")
_RESERVED = re.compile(
    r"^(?:y|n|yes|no|true|false|on|off|null|~|[-+]?[0-9._:eE+-]*|\.inf|\.nan|=|<<)$", re.I
)


def scalar(text: str) -> str:
    """`text` as a YAML scalar that reads back exactly: plain where that is safe, else
    double-quoted with every character a reader could take otherwise escaped."""
    plain = (
        text
        and text[0] not in _PLAIN_FIRST
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not _RESERVED.match(text)
        and all(_printable(ch) and ch not in "\t\u00a0" for ch in text)
    )
    if plain:
        return text
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif _printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def _printable(ch: str) -> bool:
    # YAML's printable set, less the characters a reader takes as line breaks or a BOM
    return ch.isprintable() and ch not in "\u2028\u2029\u0085\ufeff"


def status_text(indent: int, id_: str, answer: StatusAnswer, period: Tertial) -> list[str]:
    pad = " " * indent
    lines = [
        f"{pad}- id: {id_}",
        f"{pad}  avser: {answer.avser}",
        f'{pad}  period: "{period}"',
    ]
    if not answer.answered:
        return [*lines, f"{pad}  saknas: true"]
    if answer.light:
        lines.append(f"{pad}  bedomning: {answer.light}")
    lines.append(f"{pad}  punkter:")
    lines += [f"{pad}    - {scalar(p)}" for p in answer.punkter]
    return lines


def reading_text(indent: int, entry: dict[str, Any]) -> list[str]:
    pad = " " * indent
    lines = [f'{pad}- period: "{entry["period"]}"']
    for key in ("utfall", "malvarde"):
        if entry.get(key) is not None:
            lines.append(f"{pad}  {key}: {_number_text(float(entry[key]))}")
    if entry.get("bedomning"):
        lines.append(f"{pad}  bedomning: {entry['bedomning']}")
    return lines


class EditProblem(Exception):
    """An entry written in a style the text edit does not handle (flow style, say)."""


class _Text:
    """The file's lines, edited from the bottom up so positions read before stay true."""

    def __init__(self, text: str, doc: Document) -> None:
        self.lines = text.split("\n")
        self.doc = doc
        self.edits: list[tuple[int, int, list[str]]] = []

    def item(self, path: PathKey) -> tuple[int, int, int]:
        """(first line, end line (exclusive), dash column) of a block list item, 0-based."""
        line, column = self.doc.pos(path)
        first = line - 1
        dash = column - 3
        if dash < 0 or self.lines[first][dash : dash + 2] != "- ":
            raise EditProblem(path)
        end = first + 1
        last = first
        while end < len(self.lines):
            text = self.lines[end]
            if text.strip():
                if len(text) - len(text.lstrip(" ")) <= dash:
                    break
                last = end
            end += 1
        return first, last + 1, dash

    def replace(self, path: PathKey, new: list[str]) -> None:
        first, end, _dash = self.item(path)
        self.edits.append((first, end, new))

    def insert(self, at: int, new: list[str]) -> None:
        self.edits.append((at, at, new))

    def result(self) -> str:
        for first, end, new in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            self.lines[first:end] = new
        return "\n".join(self.lines)


def next_number(data: dict[str, Any], prefix: str) -> int:
    numbers = [
        int(m.group(1))
        for entry in _entries(data, "status")
        if (m := re.match(rf"^{re.escape(prefix)}([0-9]+)$", str(entry.get("id", ""))))
    ]
    return max(numbers, default=0) + 1


def merge(
    text: str,
    doc: Document,
    tertial: Tertial,
    statuses: list[StatusAnswer],
    readings: list[ReadingAnswer],
) -> tuple[str, list[Change]]:
    """The file's new text with the answers in it, and what changed; `doc` is `text` read."""
    data: dict[str, Any] = doc.data
    edit = _Text(text, doc)
    changes: list[Change] = []
    prefix = f"{data['forvaltning']}.S"
    number = next_number(data, prefix)
    status = _entries(data, "status")
    added: list[str] = []
    indent = edit.item(("status", 0))[2] if status else 2
    for answer in statuses:
        current = _current(data, answer.id, answer.avser, tertial)
        if current is not None:
            same = (
                bool(current.get("saknas")) == (not answer.answered)
                and tuple(current.get("punkter", ())) == answer.punkter
                and current.get("bedomning") == answer.light
            )
            if same:
                continue
            index = status.index(current)
            edit.replace(("status", index), status_text(indent, current["id"], answer, tertial))
            changes.append(Change("replaced", "status", current["id"], answer.avser))
            continue
        id_ = f"{prefix}{number}"
        number += 1
        added += status_text(indent, id_, answer, tertial)
        changes.append(Change("added", "status", id_, answer.avser))
    if added:
        if status:
            edit.insert(edit.item(("status", len(status) - 1))[1], added)
        else:
            end = len(edit.lines) - 1 if edit.lines and edit.lines[-1] == "" else len(edit.lines)
            edit.insert(end, ["status:", *added])
        if data.get("rapporterat") is False:
            line, column = doc.pos(("rapporterat",))
            old = edit.lines[line - 1]
            if old[column - 1 : column + 4] == "false":
                edit.edits.append(
                    (line - 1, line, [old[: column - 1] + "true" + old[column + 4 :]])
                )
    indicators = {ind.get("id"): i for i, ind in enumerate(_entries(data, "indikatorer"))}
    for reading in readings:
        i = indicators.get(reading.id)
        if i is None:
            continue  # checked before: the plans changed since the form was made
        serie = data["indikatorer"][i]["serie"]
        key = in_time(parse_period(reading.period))
        j = next(
            (j for j, r in enumerate(serie) if in_time(parse_period(r["period"])) == key), None
        )
        old = serie[j] if j is not None else {}
        new = {
            "period": reading.period,
            "utfall": reading.outcome if reading.outcome is not None else old.get("utfall"),
            "malvarde": reading.target if reading.target is not None else old.get("malvarde"),
            "bedomning": old.get("bedomning"),
        }
        if j is not None:
            if all(old.get(k) == new[k] for k in ("utfall", "malvarde")):
                continue
            dash = edit.item(("indikatorer", i, "serie", j))[2]
            edit.replace(("indikatorer", i, "serie", j), reading_text(dash, new))
            changes.append(Change("replaced", "reading", reading.id, reading.period))
            continue
        dash = edit.item(("indikatorer", i, "serie", 0))[2]
        before = [j for j, r in enumerate(serie) if in_time(parse_period(r["period"])) < key]
        if before:
            at = edit.item(("indikatorer", i, "serie", before[-1]))[1]
        else:
            at = edit.item(("indikatorer", i, "serie", 0))[0]
        edit.insert(at, reading_text(dash, new))
        changes.append(Change("added", "reading", reading.id, reading.period))
    return edit.result(), changes
