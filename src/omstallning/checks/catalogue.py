"""Every code omst reports, as one catalogue: what `omst validate --list-checks` prints and
what SARIF's rules say. Importing it (through the checks package) registers every check."""

from __future__ import annotations

from typing import NamedTuple

from ..i18n import _
from ..reading.findings import Severity
from .registry import CHECKS, READ_CODES


class CodeDoc(NamedTuple):
    code: str
    severity: Severity
    summary: str  # the first line of the check's docstring: what it finds
    details: tuple[str, ...]  # the docstring's other lines, stripped, blank lines left out

    @property
    def full(self) -> str:
        """The whole help text on one line."""
        return " ".join(" ".join((self.summary, *self.details)).split())


def catalogue() -> list[CodeDoc]:
    """The codes found while reading and schema-validating, then the checks by code. In
    English as the code documents them; in another language, what each finds and its FAIL
    example translated, one line each."""
    described, exemplified = descriptions(), examples()
    codes = []
    for code, (severity, text) in READ_CODES.items():
        codes.append(CodeDoc(code, severity, described.get(code, text), ()))
    for code, check in sorted(CHECKS.items()):
        first, *rest = check.doc.splitlines() or [code]
        details = tuple(r.strip() for r in rest if r.strip())
        summary = described.get(code, what_it_finds(check.doc))
        example = exemplified.get(code, fail_example(check.doc))
        # The docstring's lines are the English as written (wrapped, byte for byte what
        # --list-checks always printed); a translation is one line and replaces them.
        if (summary, example) != (what_it_finds(check.doc), fail_example(check.doc)):
            first = summary
            details = (_("FAIL: {example}").format(example=example),) if example else ()
        codes.append(CodeDoc(code, check.severity, first, details))
    return codes


def what_it_finds(doc: str) -> str:
    """A check's docstring up to its FAIL example, on one line: the text descriptions()
    translates (tests/test_format_findings.py holds the two to each other)."""
    return " ".join(doc.split("FAIL:")[0].split())


def fail_example(doc: str) -> str:
    """A check's FAIL example, on one line (empty where it has none): the text examples()
    translates (tests/test_format_findings.py holds the two to each other)."""
    return " ".join(doc.split("FAIL:", 1)[1].split()) if "FAIL:" in doc else ""


def examples() -> dict[str, str]:
    """Each check's FAIL example through the catalogue: the English stands in the check's
    docstring as well, and a test holds each here to it. YAML, keys and IDs in backticks
    stay as written in any language."""
    return {
        "OMST201": _(
            "two subareas `id: NV.3`, or a work stream `VP.1` in the genomförandeplan too."
        ),
        "OMST202": _("goal row `NV.2.E1` under subarea `NV.3`; activity `PR.A1` under area `NV`."),
        "OMST203": _("`lankar: [{till: NV.9}]` where there is no NV.9, or `{till: VP.2}`."),
        "OMST204": _("`lankar: [{till: NV.4}, {till: NV.4}]`."),
        "OMST205": _(
            '`period: "2025-2026"` where the plan declares 2023, 2024-2025, 2026-2027, 2028.'
        ),
        "OMST206": _(
            'perioder 2024-2025 then 2023; an activity with `period: "2028"` (the vision).'
        ),
        "OMST207": _('`text: ""` or `"2023": " "`.'),
        "OMST208": _(
            "two activities of Kvalitetsdriven verksamhetsutveckling in 2024-2025 with the "
            "same text."
        ),
        "OMST209": _("`text: Xx % av resurs är omställd till nära vård.`"),
        "OMST210": _("subarea PR.3 that no `lankar` in the verksamhetsplan names."),
        "OMST211": _("a work stream with no `lankar` and none on its milestones."),
        "OMST212": _('`granskad: "namn:1a2b3c4d BU.3.E1:5e6f7a8b"` after BU.3.E1 was rewritten.'),
        "OMST301": _(
            "`forvaltning: NU` in plan/forvaltningar/nusjukvarden.yaml (name it nu.yaml)."
        ),
        "OMST302": _(
            "`avser: NV.9` where the genomförandeplan has no NV.9; `avser: NV.1.E9` where "
            "NV.1 has no such row; a goal with `avser: VP.1`."
        ),
        "OMST303": _(
            '`serie: [{period: "T3 2024", …}, {period: "T1 2024", …}]`, or T2 2024 twice; '
            '"T2 2024" then "2024-07".'
        ),
        "OMST304": _('`{period: "T1 2024", utfall: 70, malvarde: 83, bedomning: uppnas}`.'),
        "OMST305": _("`kolumner: [A, B, C]` with a row `[1, 2]`."),
    }


def descriptions() -> dict[str, str]:
    """What each code finds, through the catalogue: the English stands in READ_CODES and the
    checks' docstrings as well, and a test holds each here to its source."""
    return {
        "OMST001": _(
            "Plan file not read: not a regular file (a FIFO, device or socket), a link "
            "that leads out of the repository or nowhere, or a second file for one "
            "förvaltning (x.yml beside x.yaml)."
        ),
        "OMST002": _("Binary or non-UTF-8 file."),
        "OMST003": _("Empty file (no YAML document)."),
        "OMST004": _("Invalid YAML: syntax error, tab in indentation, bad tagged value."),
        "OMST005": _("Duplicate key in a mapping (YAML would keep only the last)."),
        "OMST006": _("Tag not allowed (e.g. !!python/object) or merge key."),
        "OMST007": _(
            "Limits: file too large, nesting too deep, alias bomb, a number of more than "
            "100 digits, NaN or infinity."
        ),
        "OMST008": _("More than one YAML document in a file."),
        "OMST009": _(
            "Plain value or key that YAML 1.1 tools read as a boolean, number, date or "
            "null (`no`, `on`, `2024-05-31`, `1.10`); omst keeps it as written."
        ),
        "OMST010": _(
            "Something in plan/forvaltningar/ that omst does not read: a folder, or a file "
            "whose name does not end in .yaml or .yml."
        ),
        "OMST100": _("Schema violation (other than the ones below)."),
        "OMST101": _("Unknown key (the schemas are strict)."),
        "OMST102": _("Missing required key."),
        "OMST103": _("Wrong type, e.g. an unquoted number where text is meant."),
        "OMST104": _("Value not in the expected form, e.g. an ID or period pattern."),
        "OMST401": _(
            "Workbook not read: not a workbook omst reads (.xlsx or .ods), a workbook with "
            "macros (.xlsm), a file that is not what its name says, or a broken or encrypted "
            "file."
        ),
        "OMST402": _(
            "Workbook not read: larger than the limits (file size, unpacked size, cells, rows "
            "or columns), as a zip bomb or a sheet of a million rows would be."
        ),
        "OMST403": _(
            "Not a form omst made: a sheet, its header row or the form's hidden metadata is "
            "missing or changed."
        ),
        "OMST404": _(
            "The form is for another förvaltning or another tertial than the import, or the "
            "plans changed since the form was made so that a row no longer fits them."
        ),
        "OMST405": _("A Bedömning that is not one of the dropdown's words."),
        "OMST406": _(
            "An Utfall or Målvärde that is not a number (a decimal comma, a trailing % and "
            "spaces are accepted)."
        ),
        "OMST407": _(
            "A row of the form changed or deleted (its ID or what it is about), or a row "
            "added outside the form."
        ),
        "OMST408": _(
            "A cell holding a formula that is not a constant: omst does not compute formulas."
        ),
        "OMST409": _(
            "A cell holding a constant formula (its value was taken), or content outside the "
            "form's columns (not imported)."
        ),
        "OMST410": _("An answer the plan file cannot hold: a Bedömning without a Nuläge."),
        "OMST201": _("Every ID is unique across both plans."),
        "OMST202": _(
            "An item's ID begins with its parent's ID (a warning: a subarea moved to "
            "another area keeps its ID, so that links and diffs still know it)."
        ),
        "OMST203": _("Every link names a subarea of the genomförandeplan."),
        "OMST204": _(
            "An item links to a subarea once, and a milestone does not repeat its stream's link."
        ),
        "OMST205": _("Every period used is declared in the plan's `perioder`."),
        "OMST206": _(
            "Periods run forward without overlap, the vision comes last, activities are "
            "not planned in the vision, goal texts follow the period order, and the plan's "
            "periods lie within its validity (giltig från/till) but for the vision."
        ),
        "OMST207": _("No text is empty or only white space."),
        "OMST208": _(
            "The same text does not stand twice where it would be the same item twice: "
            "among the areas, an area's subareas, its activities of one period, its "
            "indicators, and the verksamhetsplan's work streams and milestones. (Goal "
            "texts may repeat: the plans keep a goal over several periods on purpose.)"
        ),
        "OMST209": _(
            'No placeholder is left in a text: "Xx %", "XX", "TBD", "TODO", "???", "[...]".'
        ),
        "OMST210": _("Every genomförandeplan subarea is served by some work stream or milestone."),
        "OMST211": _(
            "Every work stream serves at least one subarea, itself or through a milestone."
        ),
        "OMST212": _(
            "A link reviewed against its subarea (`granskad`) still matches it: when the "
            "subarea's name or an effect goal row changed since, the link's motivering may "
            "no longer hold."
        ),
        "OMST301": _("A förvaltning's file is named after its ID, in lower case."),
        "OMST302": _(
            "What a förvaltning reports on (`avser`) is an item of the plans: a status "
            "entry an area, subarea, effect-goal row, layer, work stream or milestone (or "
            "GP/VP as a whole); a local goal an area, subarea or effect-goal row."
        ),
        "OMST303": _(
            "An indicator's series runs forward in time, one reading per tertial or month; "
            'a month\'s figure stands before the tertial it ends in ("2024-07" before "T2 '
            '2024").'
        ),
        "OMST304": _(
            "A reading's traffic light agrees with its outcome and target (higher is "
            'better): a reached target is not "uppnås ej", a missed one is not "uppnås".'
        ),
        "OMST305": _("Every row of a transcribed table has one cell per column."),
    }
