"""The tertial form's layout: what `omst report` writes and `omst import` reads back.

Both sides name sheets, columns and metadata keys through these constants, so the two can
never drift apart. The words in the Bedömning dropdown are the region's own vocabulary (the
traffic light as Plan och styr words it), data of the form and not messages of omst, so they
are the same in every language; so are the sheet and column names, which a chief may refer
to when writing back.
"""

from __future__ import annotations

# Sheets, in the order they stand in the workbook. METADATA is hidden.
INSTRUCTIONS = "Instruktioner"
STATUS = "Status"
INDICATORS = "Indikatorer"
METADATA = "omst"
FORM_SHEETS = (INSTRUCTIONS, STATUS, INDICATORS)

# Status sheet, header in row 1, one row per item the förvaltning reports on.
# ID: the status entry this row updates (its ID if the förvaltning already has one for the
# tertial, else empty: import gives the next free ID). Avser: the plan item. Namn: its name.
# Nuläge: one point per line (pre-filled with the previous tertial's points). Bedömning: the
# dropdown. Only Nuläge and Bedömning are to be filled; the others are locked.
STATUS_COLUMNS = ("ID", "Avser", "Namn", "Nuläge", "Bedömning")
STATUS_FILLED = ("Nuläge", "Bedömning")

# Indikatorer sheet: one row per indicator and period asked for. Utfall is to be filled;
# Målvärde is pre-filled from the plan where it has one (and may be filled where it has not).
INDICATOR_COLUMNS = ("ID", "Namn", "Period", "Utfall", "Målvärde", "Enhet")
INDICATOR_FILLED = ("Utfall", "Målvärde")

# The dropdown: the region's words for the traffic light, each with the code the plan
# files keep. NOT_ASSESSED means answered without a light (no `bedomning` in the entry).
NOT_ASSESSED = "Ej bedömd"
ASSESSMENTS = {
    "Målet kommer att uppnås": "uppnas",
    "Målet kommer delvis att uppnås": "delvis",
    "Målet kommer ej att uppnås": "ej",
    NOT_ASSESSED: None,
}

# Metadata sheet: key in column A, value in column B, from row 1; a value longer than
# META_CELL characters (a cell holds 32 767) goes on in columns C, D …: join the row's cells
# from B on (chunks() writes them). ROWS_* hold the form's rows
# as written (a JSON list of [ID, Avser] for Status and [ID, Period] for Indikatorer), so
# import can tell a changed, deleted or added row from the form as it was sent.
META_FORVALTNING = "forvaltning"
META_TERTIAL = "tertial"
META_COMMIT = "commit"  # the plans' git commit the form was made from ("" outside git)
META_PLANS = "plans"  # a digest of the plan files the form was made from
META_VERSION = "omst"  # omst's version
META_ROWS_STATUS = "status_rows"
META_ROWS_INDICATORS = "indicator_rows"
META_KEYS = (
    META_FORVALTNING,
    META_TERTIAL,
    META_COMMIT,
    META_PLANS,
    META_VERSION,
    META_ROWS_STATUS,
    META_ROWS_INDICATORS,
)

# The workbook's file name for a förvaltning's file stem and a tertial: `skas-T3-2024.xlsx`.
SUFFIX = ".xlsx"


def file_name(stem: str, tertial: str) -> str:
    return f"{stem}-{tertial.replace(' ', '-')}{SUFFIX}"


def plans_digest(files: dict[str, bytes]) -> str:
    """META_PLANS: a JSON object of each plan file the form was made from (its path from the
    plan folder, with forward slashes: `genomforandeplan.yaml`, `forvaltningar/skas.yaml`)
    and the SHA-256 of its bytes, sorted by path. Import computes it again from the plans
    as they are and names each file whose digest differs."""
    import hashlib
    import json

    digests = {name: hashlib.sha256(raw).hexdigest() for name, raw in sorted(files.items())}
    return json.dumps(digests, ensure_ascii=False, separators=(",", ":"))


META_CELL = 32_000


def chunks(value: str) -> list[str]:
    """A metadata value cut into the cells it is written to, from column B on."""
    return [value[i : i + META_CELL] for i in range(0, len(value), META_CELL)] or [""]
