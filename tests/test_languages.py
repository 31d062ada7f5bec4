"""Every command that prints for people speaks the reader's language (issue 17): with
OMST_LANG=en no Swedish is left once the plans' own texts are taken out, and with
OMST_LANG=sv the same tables and words are Swedish.

The commands run on a copy of the region's plans in a git repository whose second commit is
SkaS's tertial form, filled as a chief would and merged by `omst import`; an activity removed
and a link added in the same commit give diff and log more than one kind of change. What
comes from the plans (every text, name, point, period word and key of every plan file, at
either commit, and the answers typed into the form) is taken out of the output before it is
read: that is the region's Swedish, not omst's.

Kept Swedish on purpose, and so not read here: the inriktningsdokument (`omst render`) and
the tertial form (`omst report`, the words `omst import` parses), both the region's own.
English text keeps the region's names for its documents and organisations, as the help does
(NAMES below).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from helpers import PLAN, Result, commit_all, edit, expect_exit, git, md_unescape, omst
from omstallning import i18n

TERTIAL = "T3 2024"
FORM = "skas-T3-2024.xlsx"
SKAS = "plan/forvaltningar/skas.yaml"
GP = "plan/genomforandeplan.yaml"
VP = "plan/verksamhetsplan.yaml"

# What the chief writes into the form: the chief's Swedish, taken out like the plans' texts.
ANSWERS = ("Ny rutin för vårdplanering införd på alla vårdavdelningar",)
POINTS_CELL, LIGHT_CELL = "D", "E"
DROPDOWN = "Målet kommer delvis att uppnås"

SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")
# Swedish words without å, ä or ö that omst's own messages used, or could: each must be gone
# under en. A key of the plan files among them (`aktiviteter`) is a code where it names a
# field (`aktiviteter:`), and is taken out there only.
SWEDISH_WORDS = frozenset(
    [
        *("och", "av", "om", "för", "inga", "ingen", "antal", "alla", "eller"),
        *("tillagd", "tillagda", "borttagen", "borttagna", "flyttad", "flyttade"),
        *("totalsumma", "saknar", "rapporterad", "rapport", "delvis", "passerad", "aktuell"),
        *("indikator", "indikatorer", "aktivitet", "aktiviteter", "milstolpe", "milstolpar"),
        *("visionstema", "inledning", "tabell", "kommentar", "varningar", "fel", "planfiler"),
        *("skillnader", "granskade", "uppfyllelse", "utan"),
    ]
)
# The region's names for its documents and organisations, which English text keeps as
# names (`omst --help`: "The genomförandeplan and the verksamhetsplan as code").
NAMES = re.compile(
    r"\b(?:förvaltning(?:ar(?:na)?|en)?(?:'s|s)?|genomförandeplan(?:en)?|verksamhetsplan(?:en)?)\b",
    re.IGNORECASE,
)
CLIP_WIDTHS = (20, 24, 40, 48, 50, 60)  # where omst cuts a plan text with "…"
# Keys whose values are codes (`bedomning: delvis`): shown as the plan writes them in textconv
# and diff's field names, taken out only beside their key, never as a word on their own.
CODE_KEYS = ("bedomning", "typ")


def strings(node: Any, keys: set[str]) -> Iterator[str]:
    """Every string value of a YAML document but a code's; its keys into `keys`."""
    if isinstance(node, dict):
        for key, value in node.items():
            keys.add(str(key))
            if key not in CODE_KEYS:
                yield from strings(value, keys)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value, keys)
    elif isinstance(node, str):
        yield node


def plan_strings(plan_dir: Path, keys: set[str]) -> set[str]:
    found: set[str] = set()
    for path in sorted(plan_dir.rglob("*.yaml")):
        found.update(strings(yaml.safe_load(path.read_text(encoding="utf-8")), keys))
    return found


def flat(text: str) -> str:
    return " ".join(text.split())


def without(output: str, texts: frozenset[str], keys: frozenset[str]) -> str:
    """The output with each of `texts` taken out (whole, or cut with "…" as omst cuts a
    long name), white space as one space so that a wrapped line still matches; then each
    key where it names a field (`punkter.1:`, `utfall`), and a code beside its key."""
    out = flat(output)
    codes = "|".join(CODE_KEYS)
    out = re.sub(rf"\b(?:{codes})(?:\.\S+)?: [a-z_]+\b", " ", out)
    variants = set()
    for text in texts:
        text = flat(text)
        if text:
            variants.add(text)
            variants.update(text[: w - 1] + "…" for w in CLIP_WIDTHS if len(text) > w)
    for text in sorted(variants, key=len, reverse=True):
        if len(text) > 12:
            out = out.replace(text, " ")
        elif text in out:
            out = re.sub(rf"(?<!\w){re.escape(text)}(?!\w)", " ", out)
    names = "|".join(sorted(map(re.escape, keys), key=len, reverse=True))
    out = re.sub(rf"\b(?:{names})\b(?=[:.`])", " ", out)
    return NAMES.sub(" ", out)


def swedish_left(text: str) -> list[str]:
    """Each Swedish word of `text` (with å, ä or ö, or in SWEDISH_WORDS) where it stands."""
    return [
        f"{m.group()!r} in …{text[max(m.start() - 30, 0) : m.end() + 30]}…"
        for m in re.finditer(r"[^\W\d_]+", text)
        if SWEDISH_LETTERS.search(m.group()) or m.group().casefold() in SWEDISH_WORDS
    ]


def csv_text(output: str) -> str:
    """A CSV's cells one per line (CSV quoting would hide a text that holds a quote)."""
    return "\n".join(cell for row in csv.reader(io.StringIO(output)) for cell in row)


def workbook_text(path: Path) -> str:
    """The sheet names and cells, one per line, but a column of codes (`uppnas`, `delvis`,
    the same in every language: its header says "(code)")."""
    book = openpyxl.load_workbook(path, read_only=True)
    cells = [str(name) for name in book.sheetnames]
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        codes = {i for i, name in enumerate(rows[0]) if str(name).endswith(("(code)", "(kod)"))}
        cells += [
            str(value)
            for row in rows
            for i, value in enumerate(row)
            if value is not None and (i not in codes or row is rows[0])
        ]
    return "\n".join(cells)


def fill_form(path: Path) -> None:
    """SkaS's answer for VP.1 with points and the dropdown's word, and an outcome."""
    book = openpyxl.load_workbook(path)
    status = book["Status"]
    row = next(r for r in range(2, status.max_row + 1) if status[f"B{r}"].value == "VP.1")
    status[f"{POINTS_CELL}{row}"] = ANSWERS[0]
    status[f"{LIGHT_CELL}{row}"] = DROPDOWN
    book["Indikatorer"]["D2"] = "47,5 %"
    book.save(path)


@dataclass(frozen=True)
class Region:
    root: Path  # a git repository: the region's plans, then SkaS's answers and more
    before: Path  # the plans as they were before the import, not in git, and the form
    broken: Path  # the plans with a link to no subarea and an outcome with a decimal comma
    texts: frozenset[str]  # every text of the plans in any of them, and the chief's answers
    keys: frozenset[str]  # every key of the plan files


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Region:
    top = tmp_path_factory.mktemp("region")
    root, before, broken = top / "repo", top / "before", top / "broken"
    shutil.copytree(PLAN, root / "plan")
    shutil.copytree(PLAN, before / "plan")
    shutil.copytree(PLAN, broken / "plan")
    git(root, "init", "--quiet", "--initial-branch=main")
    commit_all(root, "The plans")
    form = before / FORM
    made = omst("report", "SKAS", "--tertial", TERTIAL, "--plan-dir", root / "plan", "--out", form)
    expect_exit(made, 0)
    fill_form(form)
    expect_exit(omst("import", form, "--tertial", TERTIAL, "--plan-dir", root / "plan"), 0)
    # An activity under a new ID (one removed, one added) and a new link of VP.1.
    edit(root / GP, "      - id: NV.A1\n", "      - id: NV.A99\n")
    edit(
        root / VP,
        "    lankar:\n      - till: NV.4\n",
        "    lankar:\n      - till: KF.6\n      - till: NV.4\n",
    )
    commit_all(root, "Answers for T3 2024")
    edit(broken / VP, "    lankar:\n      - till: NV.4\n", "    lankar:\n      - till: NV.99\n")
    edit(broken / SKAS, "utfall: 74\n", 'utfall: "74,5"\n')
    keys: set[str] = set()
    texts = set(ANSWERS)
    for plan in (PLAN, root / "plan", broken / "plan"):
        texts |= plan_strings(plan, keys)
    return Region(root, before, broken, frozenset(texts), frozenset(keys))


def run_all(region: Region, lang: str, work: Path) -> dict[str, str]:
    """Each command's output for people in `lang`, by the command line that made it (a path
    by its last part), as text to read: a CSV's cells and a workbook's sheet names and cells
    one per line, Markdown without the escapes of plan text."""
    plan, before, broken = region.root / "plan", region.before / "plan", region.broken / "plan"
    shutil.copytree(plan, work / "plan")  # review writes
    outputs: dict[str, str] = {}

    def run(*args: str | Path, code: int = 0) -> Result:
        result = omst(*args, env={"OMST_LANG": lang, "COLUMNS": "400"})
        expect_exit(result, code)
        text = result.stdout + result.stderr
        if "markdown" in args:
            text = md_unescape(text)
        if "csv" in args:
            text = csv_text(result.stdout) + result.stderr
        outputs[" ".join(a.name if isinstance(a, Path) else a for a in args)] = text
        return result

    i18n.use(lang)
    try:
        with contextlib.chdir(region.root):
            for fmt in ("table", "markdown", "csv"):
                run("stats", "-p", plan, "-f", fmt)
                run("link", "-p", plan, "-f", fmt)
                run("status", "-p", plan, "--tertial", TERTIAL, "-f", fmt)
            # An item's links as Markdown: the terminal's table has the same words, and wraps
            # a long reason inside its cell, where a text cut in two cannot be taken out.
            for item in ("NV.2", "VP.1", "BU.1"):
                run("link", item, "-p", plan, "-f", "markdown")
            run("status", "-p", plan, "--as-of", "2024-08-30")
            run("status", "-p", plan, "--tertial", "T2 2024", "--forvaltning", "SKAS")
            run("diff", "HEAD~1", "HEAD", "-p", plan)
            run("diff", "HEAD~1", "HEAD", "-p", plan, "-f", "markdown")
            run("log", "VP.1", "-p", plan)
            run("log", "NV.A1", "-p", plan)
            run("textconv", plan / "forvaltningar" / "skas.yaml")
            run("textconv", plan / "verksamhetsplan.yaml")
            run("validate", "-p", broken, code=1)
            run("import", region.before / FORM, "--tertial", TERTIAL, "-p", before, "--dry-run")
            run(
                "import",
                region.before / FORM,
                "--tertial",
                TERTIAL,
                "-p",
                before,
                "--dry-run",
                "--diff-format",
                "markdown",
            )
            run("review", "--all", "-p", work / "plan")
            book = work / "omst.xlsx"
            run("export", "-p", plan, "--as-of", "2024-12-31", "--out", book)
            outputs["export (the workbook)"] = workbook_text(book)
    finally:
        i18n.use("en")
    return outputs


@pytest.fixture(scope="module")
def english(region: Region, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return run_all(region, "en", tmp_path_factory.mktemp("en"))


@pytest.fixture(scope="module")
def swedish_outputs(region: Region, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return run_all(region, "sv", tmp_path_factory.mktemp("sv"))


def test_no_swedish_word_is_left_in_english_output_once_the_plans_texts_are_out(
    region: Region, english: dict[str, str]
) -> None:
    left = {
        command: words
        for command, output in english.items()
        if (words := swedish_left(without(output, region.texts, region.keys)))
    }
    assert not left, "\n".join(f"{command}: {words}" for command, words in left.items())


# (command, words of its English output, the same words in Swedish): its titles, headers
# and omst's own words, which follow the reader's language.
WORDS = [
    (
        "stats -p plan -f table",
        ["Genomförandeplan: counts per area", "Subareas", "Grand total", "Serves subareas"],
        ["Genomförandeplan: antal per område", "Delområden", "Totalsumma", "Tjänar delområden"],
    ),
    (
        "stats -p plan -f csv",
        ["Area\nSubareas\nEffect goals\nActivities\nIndicators\nGrand total"],
        ["Område\nDelområden\nEffektmål\nAktiviteter\nIndikatorer\nTotalsumma"],
    ),
    (
        "link -p plan -f table",
        ["Traceability: work streams × subareas", "Coverage: ", "● the work stream itself"],
        ["Spårbarhet: arbetsströmmar × delområden", "Täckning: ", "● arbetsströmmen själv"],
    ),
    (
        "link NV.2 -p plan -f markdown",
        ["NV.2 Samverkan: links", "| From | To | Work stream / milestone | Reason |"],
        ["NV.2 Samverkan: länkar", "| Från | Till | Arbetsström / milstolpe | Motivering |"],
    ),
    (
        "status -p plan --tertial T3 2024 -f table",
        ["◐ partly (T3 2024)", "○ reported", "Goal attainment: ● achieved: The goal will be"],
        ["◐ delvis (T3 2024)", "○ rapporterad", "Måluppfyllelse: ● uppnås: Målet kommer att"],
    ),
    (
        "status -p plan --tertial T3 2024 -f csv",
        ["✗ missing"],
        ["✗ saknas"],
    ),
    (
        "diff HEAD~1 HEAD -p plan",
        [
            "+ NV.A99 activity added",
            "- NV.A1 activity removed",
            "status about VP.1, T3 2024 added",
            "bedomning: The goal will be partly achieved",
        ],
        [
            "+ NV.A99 aktivitet tillagd",
            "- NV.A1 aktivitet borttagen",
            "status om VP.1, T3 2024 tillagd",
            "bedomning: Målet kommer delvis att uppnås",
        ],
    ),
    ("log VP.1 -p plan", ["status about VP.1, T3 2024 added"], ["status om VP.1, T3 2024 tillagd"]),
    ("log NV.A1 -p plan", ["NV.A1 activity removed"], ["NV.A1 aktivitet borttagen"]),
    (
        "status -p plan --as-of 2024-08-30",
        ["○ reported (T2 2024)", "Nothing reported on:"],
        ["○ rapporterad (T2 2024)", "Ingen rapport om:"],
    ),
    (
        "validate -p plan",
        ["2 error(s), 5 warning(s) in 11 plan files."],
        ["2 fel, 5 varningar i 11 planfiler."],
    ),
    ("review --all -p plan", ["reviewed VP.1 → KF.6"], ["granskad: VP.1 → KF.6"]),
    ("textconv verksamhetsplan.yaml", ["VP.1 [link] → KF.6"], ["VP.1 [länk] → KF.6"]),
    ("textconv skas.yaml", ["SKAS [förvaltning] namn:"], ["SKAS [förvaltning] namn:"]),
    (
        "import skas-T3-2024.xlsx --tertial T3 2024 -p plan --dry-run",
        ["status about VP.1, T3 2024 added", "bedomning: The goal will be partly achieved"],
        ["status om VP.1, T3 2024 tillagd", "bedomning: Målet kommer delvis att uppnås"],
    ),
    (
        "export (the workbook)",
        ["Subareas and effect goals", "Assessment (code)", "Grand total", "Missing (asked"],
        ["Delområden och effektmål", "Bedömning (kod)", "Totalsumma", "Saknas (efterfrågad"],
    ),
]


@pytest.mark.parametrize(
    ("command", "english_words", "swedish_words"), WORDS, ids=[w[0] for w in WORDS]
)
def test_titles_headers_and_words_follow_the_readers_language(
    english: dict[str, str],
    swedish_outputs: dict[str, str],
    command: str,
    english_words: list[str],
    swedish_words: list[str],
) -> None:
    assert [w for w in english_words if w not in english[command]] == []
    assert [w for w in swedish_words if w not in swedish_outputs[command]] == []


# --- omst serve's pages ---------------------------------------------------------------------

# Every page but the document ("/"), which is the inriktningsdokument and stays Swedish.
PAGES = ("/status", "/status?tertial=T3+2024", "/diff", "/findings", "/item/NV.2", "/item/VP.1")


def page_text(html: str) -> str:
    """What a reader sees of a page: no style, script or tag, entities as characters."""
    import html as entities

    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return entities.unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def pages(region: Region) -> dict[tuple[str, str], str]:
    """Each page's text as a browser asking for English, and for Swedish, gets it."""
    from starlette.testclient import TestClient

    from omstallning.web.app import create_app
    from omstallning.web.server import allowed_hosts
    from omstallning.web.site import Settings, Site

    with contextlib.chdir(region.root):
        site = Site(Settings(region.root / "plan", None, "en", None))
        site.build()
        client = TestClient(create_app(site, allowed_hosts("127.0.0.1")), "http://127.0.0.1:8000")
        texts = {}
        for path in PAGES:
            for lang in ("en", "sv"):
                response = client.get(path, headers={"Accept-Language": lang})
                assert response.status_code == 200, path
                texts[path, lang] = page_text(response.text)
        return texts


def test_no_swedish_word_is_left_on_the_english_pages_of_omst_serve(
    region: Region, pages: dict[tuple[str, str], str]
) -> None:
    left = {
        path: words
        for (path, lang), text in pages.items()
        if lang == "en" and (words := swedish_left(without(text, region.texts, region.keys)))
    }
    assert not left, "\n".join(f"{path}: {words}" for path, words in left.items())


def test_the_status_page_is_headed_in_the_browsers_language(
    pages: dict[tuple[str, str], str],
) -> None:
    english, swedish = (
        pages["/status?tertial=T3+2024", "en"],
        pages["/status?tertial=T3+2024", "sv"],
    )
    assert "◐ partly (T3 2024)" in english and "◐ delvis (T3 2024)" in swedish
    assert "Goal attainment:" in english and "Måluppfyllelse:" in swedish
