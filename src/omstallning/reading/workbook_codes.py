"""The codes of the findings `omst import` makes reading a workbook, apart from the reader:
`omst validate --list-checks` and SARIF's rules name every code, and a validate should not
load the zip and XML reader to learn them."""

from __future__ import annotations

from .findings import Severity

WORKBOOK_CODES: dict[str, tuple[Severity, str]] = {
    "OMST401": (
        "error",
        "Workbook not read: not a workbook omst reads (.xlsx or .ods), a workbook with macros "
        "(.xlsm), a file that is not what its name says, or a broken or encrypted file.",
    ),
    "OMST402": (
        "error",
        "Workbook not read: larger than the limits (file size, unpacked size, cells, rows or "
        "columns), as a zip bomb or a sheet of a million rows would be.",
    ),
    "OMST403": (
        "error",
        "Not a form omst made: a sheet, its header row or the form's hidden metadata is missing "
        "or changed.",
    ),
    "OMST404": (
        "error",
        "The form is for another förvaltning or another tertial than the import, or the plans "
        "changed since the form was made so that a row no longer fits them.",
    ),
    "OMST405": (
        "error",
        "A Bedömning that is not one of the dropdown's words.",
    ),
    "OMST406": (
        "error",
        "An Utfall or Målvärde that is not a number (a decimal comma, a trailing % and spaces "
        "are accepted).",
    ),
    "OMST407": (
        "error",
        "A row of the form changed or deleted (its ID or what it is about), or a row added "
        "outside the form.",
    ),
    "OMST408": (
        "error",
        "A cell holding a formula that is not a constant: omst does not compute formulas.",
    ),
    "OMST409": (
        "warning",
        "A cell holding a constant formula (its value was taken), or content outside the "
        "form's columns (not imported).",
    ),
    "OMST410": (
        "error",
        "An answer the plan file cannot hold: a Bedömning without a Nuläge.",
    ),
}
