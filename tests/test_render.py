"""omst render: the inriktningsdokument as Markdown and as one self-contained HTML file.

    omst render --plan-dir plan --as-of 2024-06-01 --out build     # both files
    omst render --format md                                        # or html
    omst render --templates mina-mallar/                           # your own templates

Golden file: tests/golden/mini-inriktningsdokument.md is the Markdown of the mini plans
(tests/fixtures/mini/plan) rendered --as-of 2024-06-01 outside any git repository. After a
deliberate change to the document, rewrite it with

    OMST_UPDATE_GOLDEN=1 pytest tests/test_render.py -k golden

then READ the new file (git diff tests/golden/) before committing it: the golden file is
only worth something if a person has checked that it is a correct document.

The other tests render copies of the real plans in tmp_path, which is not a git repository.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import (
    GOLDEN,
    GP_FILE,
    MINI,
    PLAN,
    VP_FILE,
    copy_plans,
    edit,
    expect_exit,
    flat,
    git,
    init_repo,
    item_ids,
    load,
    md_unescape,
    omst,
    plan_texts,
)

UPDATE_GOLDEN = os.environ.get("OMST_UPDATE_GOLDEN") == "1"  # read before any fixture runs
MD, HTML = "inriktningsdokument.md", "inriktningsdokument.html"
GP_YAML, VP_YAML = load(PLAN)
FINDING = re.compile(r"^\S+:\d+:\d+: (error|warning) OMST\d+ ", re.MULTILINE)


def render(plan_dir: Path, out: Path, *args: str | Path, as_of: str = "2024-06-01"):
    return omst("render", "--plan-dir", plan_dir, "--as-of", as_of, "--out", out, *args)


class Tags(HTMLParser):
    """Every start tag with its attributes, and the visible text, of an HTML document."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self.nav_hrefs: list[str] = []
        self._in_nav = 0
        self._in_style = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "nav":
            self._in_nav += 1
        if tag == "style":
            self._in_style = True
        if self._in_nav and tag == "a" and dict(attrs).get("href"):
            self.nav_hrefs.append(dict(attrs)["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_nav -= 1
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text_parts.append(data)

    @property
    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if a.get("id")]

    @property
    def text(self) -> str:
        return flat(" ".join(self.text_parts))


@pytest.fixture(scope="module")
def real_plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-only copy of the real plans outside any git repository."""
    return copy_plans(PLAN, tmp_path_factory.mktemp("real") / "plan")


@pytest.fixture(scope="module")
def rendered(real_plans: Path, tmp_path_factory: pytest.TempPathFactory):
    """The real plans rendered once, --as-of 2024-06-01: (run, out folder)."""
    out = tmp_path_factory.mktemp("rendered")
    run = render(real_plans, out)
    expect_exit(run, 0)
    return run, out


@pytest.fixture(scope="module")
def md(rendered) -> str:
    return (rendered[1] / MD).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(rendered) -> str:
    return (rendered[1] / HTML).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tags(page: str) -> Tags:
    return Tags(page)


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A copy of the real plans to edit."""
    return copy_plans(PLAN, tmp_path / "plan")


# --- golden file ---------------------------------------------------------------------------


def test_mini_markdown_matches_the_golden_file(tmp_path: Path):
    plan_dir = copy_plans(MINI, tmp_path / "plan")  # tmp_path is no git repository
    run = render(plan_dir, tmp_path / "out", "--format", "md")
    expect_exit(run, 0)
    produced = (tmp_path / "out" / MD).read_bytes()
    golden = GOLDEN / "mini-inriktningsdokument.md"
    if UPDATE_GOLDEN:
        golden.write_bytes(produced)
        return
    assert produced.decode("utf-8") == golden.read_text(encoding="utf-8")
    assert produced == golden.read_bytes()


def test_plans_without_optional_metadata_render(plans: Path, tmp_path: Path):
    edit(plans / GP_FILE, "  godkand_av: Strategiska hälso- och sjukvårdsnämnden, (SSN)\n", "")
    run = render(plans, tmp_path / "out")
    expect_exit(run, 0)
    assert "Godkänd av" not in (tmp_path / "out" / MD).read_text(encoding="utf-8")


def test_a_verksamhetsplan_without_metadata_renders(plans: Path, tmp_path: Path):
    edit(
        plans / VP_FILE,
        "metadata:\n  beslutad_av: Koncernledningen Hälso- och sjukvård\n"
        '  beslutad: "2023-06-21"\n',
        "",
    )
    run = render(plans, tmp_path / "out")
    expect_exit(run, 0)
    md = (tmp_path / "out" / MD).read_text(encoding="utf-8")
    assert f"| Verksamhetsplan | {VP_YAML['namn']} |" in md


def test_markdown_lead_leaves_out_a_missing_bilaga(plans: Path, tmp_path: Path):
    edit(plans / GP_FILE, 'bilaga: "Bilaga 1: Effektmål-aktiviteter-indikatorer"\n', "")
    run = render(plans, tmp_path / "out", "--format", "md")
    expect_exit(run, 0)
    lead = (tmp_path / "out" / MD).read_text(encoding="utf-8").splitlines()[2]
    assert "None" not in lead


# --- what is written ----------------------------------------------------------------------


def test_both_files_are_written_and_nothing_else(rendered):
    run, out = rendered
    assert sorted(p.name for p in out.iterdir()) == sorted([MD, HTML])
    assert all((out / name).stat().st_size > 0 for name in (MD, HTML))
    assert f"wrote {out / MD}" in run.stderr
    assert f"wrote {out / HTML}" in run.stderr
    assert run.stdout == ""


@pytest.mark.parametrize("fmt, name", [("md", MD), ("html", HTML)])
def test_format_writes_only_that_file(real_plans: Path, tmp_path: Path, fmt: str, name: str):
    expect_exit(render(real_plans, tmp_path / "out", "--format", fmt), 0)
    assert [p.name for p in (tmp_path / "out").iterdir()] == [name]


# Shown as text next to the item; notes, layers and vision themes have an anchor only.
SHOWN = [
    i for i in item_ids(GP_YAML, VP_YAML) if not re.fullmatch(r"GP\.N\d+|VP\.V\d+|[A-Z]{3}", i)
]


def test_every_id_and_plan_text_appears_in_the_html(tags: Tags):
    text = tags.text
    missing = [s for s in [*SHOWN, *plan_texts(GP_YAML, VP_YAML)] if s not in text]
    assert missing == []


def test_every_id_and_plan_text_appears_in_the_markdown(md: str):
    text = flat(md_unescape(re.sub(r'<a id="[^"]*"></a>', " ", md)))
    missing = [s for s in [*SHOWN, *plan_texts(GP_YAML, VP_YAML)] if s not in text]
    assert missing == []


def test_every_item_has_an_anchor_in_the_html(tags: Tags):
    ids = set(tags.ids)
    assert [i for i in item_ids(GP_YAML, VP_YAML) if i not in ids] == []


def test_every_item_has_an_anchor_in_the_markdown(md: str):
    assert [i for i in item_ids(GP_YAML, VP_YAML) if f'<a id="{i}"></a>' not in md] == []


def test_html_ids_are_unique(tags: Tags):
    ids = tags.ids
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_every_markdown_link_targets_an_anchor(md: str):
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', md))
    targets = set(re.findall(r"\]\(#([^)]+)\)", md))
    assert targets
    assert sorted(targets - anchors) == []


# --- escaping -----------------------------------------------------------------------------

HOSTILE = "Se <script>alert(1)</script> och [x](http://evil) och **bold** här"


@pytest.fixture
def hostile(plans: Path, tmp_path: Path):
    """The real plans with one goal text full of markup, rendered: (markdown, html)."""
    edit(
        plans / GP_FILE,
        '"2026-2027": Invånarna erbjuds hälsofrämjande, proaktiva och tidiga insatser\n',
        f"\"2026-2027\": '{HOSTILE}'\n",
    )
    run = render(plans, tmp_path / "out")
    expect_exit(run, 0)
    return (
        (tmp_path / "out" / MD).read_text(encoding="utf-8"),
        (tmp_path / "out" / HTML).read_text(encoding="utf-8"),
    )


def test_markup_in_plan_text_is_text_in_html(hostile):
    _, page = hostile
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"<script", page, re.IGNORECASE)
    tags = Tags(page)
    assert "<strong>bold</strong>" not in page
    assert not any("evil" in (value or "") for _, a in tags.tags for value in a.values())
    assert HOSTILE in tags.text


def test_markup_in_plan_text_is_escaped_in_markdown(hostile):
    md, _ = hostile
    assert r"Se \<script\>alert(1)\</script\> och \[x\](http://evil) och \*\*bold\*\* här" in md
    assert "<script>" not in md
    assert "[x](http://evil)" not in md
    assert "**bold**" not in md


def _goal_line(plans: Path, tmp_path: Path, text: str) -> str:
    """The Markdown table row of a goal text put into the real plans."""
    edit(
        plans / GP_FILE,
        '"2026-2027": Invånarna erbjuds hälsofrämjande, proaktiva och tidiga insatser\n',
        f"\"2026-2027\": '{text}'\n",
    )
    expect_exit(render(plans, tmp_path / "out", "--format", "md"), 0)
    md = (tmp_path / "out" / MD).read_text(encoding="utf-8")
    [line] = [line for line in md.splitlines() if "50 %" in line]  # the texts below have it
    return line


def test_tildes_in_plan_text_do_not_strike_through_in_markdown(plans: Path, tmp_path: Path):
    line = _goal_line(plans, tmp_path, "Från ~50 % till ~60 %")
    assert not re.search(r"(?<!\\)~", line), line


def test_an_entity_in_plan_text_is_shown_as_written_in_markdown(plans: Path, tmp_path: Path):
    line = _goal_line(plans, tmp_path, "Andel 50 % &amp; mer")
    assert re.search(r"(\\&|&amp;)amp;", line), line


# --- determinism and --as-of -------------------------------------------------------------


def test_two_renders_of_the_same_plans_are_byte_identical(real_plans: Path, tmp_path: Path):
    expect_exit(render(real_plans, tmp_path / "a"), 0)
    expect_exit(render(real_plans, tmp_path / "b"), 0)
    for name in (MD, HTML):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


PERIOD_NAMES = {p["id"]: p["namn"] for p in GP_YAML["perioder"]}
STATUS = {"passerad": "past", "aktuell": "current", "kommande": "ahead", "vision": "vision"}


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (
            "2024-06-01",
            {"2023": "passerad", "2024-2025": "aktuell", "2026-2027": "kommande", "2028": "vision"},
        ),
        (
            "2027-01-01",
            {"2023": "passerad", "2024-2025": "passerad", "2026-2027": "aktuell", "2028": "vision"},
        ),
    ],
)
def test_as_of_decides_which_period_is_past_current_and_ahead(
    real_plans: Path, tmp_path: Path, as_of: str, expected: dict[str, str]
):
    expect_exit(render(real_plans, tmp_path, as_of=as_of), 0)
    md = (tmp_path / MD).read_text(encoding="utf-8")
    page = (tmp_path / HTML).read_text(encoding="utf-8")
    for period, label in expected.items():
        name = PERIOD_NAMES[period]
        assert f"| {name} | {label} |" in md
        assert (
            f'<tr class="{STATUS[label]}"><th scope="row">{name}</th><td><span '
            f'class="status {STATUS[label]}">{label}</span></td></tr>'
        ) in page
    current = next(p for p, label in expected.items() if label == "aktuell")
    assert f"aktuell period är **{PERIOD_NAMES[current]}**" in md


@pytest.mark.parametrize("as_of", ["2024-13-01", "igår", "01/06/2024"])
def test_an_invalid_as_of_date_exits_2_and_writes_nothing(
    real_plans: Path, tmp_path: Path, as_of: str
):
    run = render(real_plans, tmp_path / "out", as_of=as_of)
    expect_exit(run, 2)
    assert "--as-of" in run.stderr
    assert not (tmp_path / "out").exists()


# --- writing files ------------------------------------------------------------------------


def _previous_render(real_plans: Path, out: Path) -> dict[str, bytes]:
    expect_exit(render(real_plans, out, as_of="2023-01-01"), 0)
    return {p.name: p.read_bytes() for p in out.iterdir()}


def test_a_failed_replace_keeps_the_previous_file_and_leaves_no_temp_file(
    real_plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "out"
    before = _previous_render(real_plans, out)

    def fail(*args: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr("omstallning.reading.writer.os.replace", fail)
    run = render(real_plans, out, "--format", "md")
    expect_exit(run, 2)
    assert f"cannot write {out / MD}" in run.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.parametrize(
    "error, code",
    [(OSError(errno.ENOSPC, "No space left on device"), 2), (KeyboardInterrupt(), 130)],
)
def test_a_write_failing_midway_keeps_the_previous_file_and_leaves_no_temp_file(
    real_plans: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    code: int,
):
    out = tmp_path / "out"
    before = _previous_render(real_plans, out)
    written = []

    def fail(fd: int) -> None:  # the text is written, not yet in place
        written.append(os.fstat(fd).st_size)
        raise error

    monkeypatch.setattr("omstallning.reading.writer.os.fsync", fail)
    expect_exit(render(real_plans, out, "--format", "md"), code)
    assert written and written[0] > 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664)])
def test_a_replaced_file_gets_permissions_from_the_umask(
    real_plans: Path, tmp_path: Path, umask: int, mode: int
):
    out = tmp_path / "out"
    out.mkdir()
    (out / MD).write_text("alt\n", encoding="utf-8")
    (out / MD).chmod(0o600)
    old = os.umask(umask)
    try:
        run = render(real_plans, out, "--format", "md")
    finally:
        os.umask(old)
    expect_exit(run, 0)
    assert stat.S_IMODE((out / MD).stat().st_mode) == mode


# --- plans with findings ------------------------------------------------------------------


def test_invalid_plans_are_refused_with_validates_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    plan_dir = copy_plans(MINI, tmp_path / "plan")
    edit(plan_dir / GP_FILE, "      - id: PR.I2\n", "      - id: PR.I1\n")  # duplicate ID
    monkeypatch.chdir(tmp_path)
    validate = omst("validate", "--plan-dir", "plan")
    expect_exit(validate, 1)
    errors = [line for line in validate.stdout.splitlines() if " error OMST" in line]
    assert errors
    run = omst("render", "--plan-dir", "plan", "--as-of", "2024-06-01", "--out", "out")
    expect_exit(run, 1)
    assert [line for line in run.stderr.splitlines() if FINDING.match(line)] == errors
    assert not (tmp_path / "out").exists()


def test_plans_with_warnings_render_and_show_the_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    copy_plans(PLAN, tmp_path / "plan")
    monkeypatch.chdir(tmp_path)
    validate = omst("validate", "--plan-dir", "plan")
    expect_exit(validate, 0)
    warnings = [line for line in validate.stdout.splitlines() if " warning OMST" in line]
    assert warnings, "the real plans have warnings (OMST210, ...)"
    run = omst("render", "--plan-dir", "plan", "--as-of", "2024-06-01", "--out", "out")
    expect_exit(run, 0)
    assert [line for line in run.stderr.splitlines() if FINDING.match(line)] == warnings
    assert (tmp_path / "out" / MD).exists()


# --- the colophon -------------------------------------------------------------------------


def test_colophon_names_the_commit_of_plans_in_git(tmp_path: Path):
    plan_dir = init_repo(tmp_path / "repo", PLAN)
    commit = git(tmp_path / "repo", "rev-parse", "HEAD").strip()
    expect_exit(render(plan_dir, tmp_path / "out"), 0)
    md = (tmp_path / "out" / MD).read_text(encoding="utf-8")
    page = (tmp_path / "out" / HTML).read_text(encoding="utf-8")
    assert re.search(rf"\| Källa \| commit {commit[:12]} \([^)]+\) \|\n", md)
    assert f"commit <code>{commit[:12]}</code>" in page
    assert "inte incheckade" not in md


def test_colophon_says_when_the_plans_have_uncommitted_changes(tmp_path: Path):
    plan_dir = init_repo(tmp_path / "repo", PLAN)
    edit(
        plan_dir / VP_FILE, "rubrik: Det goda livet och en god hälsa 2030", "rubrik: Det goda livet"
    )
    expect_exit(render(plan_dir, tmp_path / "out", "--format", "md"), 0)
    assert "med ändringar som inte är incheckade" in (tmp_path / "out" / MD).read_text("utf-8")


def test_colophon_says_unversioned_outside_git(md: str):
    assert "| Källa | inte versionshanterad |" in md


# --- own templates ------------------------------------------------------------------------


def test_own_markdown_template_is_used_and_html_comes_from_omst(real_plans: Path, tmp_path: Path):
    templates = tmp_path / "mallar"
    templates.mkdir()
    (templates / "inriktningsdokument.md.j2").write_text(
        "Eget: {{ areas | map(attribute='id') | join(',') }} per {{ as_of }}\n", encoding="utf-8"
    )
    run = render(real_plans, tmp_path / "out", "--templates", templates)
    expect_exit(run, 0)
    areas = ",".join(a["id"] for a in GP_YAML["omraden"])
    assert (tmp_path / "out" / MD).read_text(encoding="utf-8") == f"Eget: {areas} per 2024-06-01\n"
    assert '<html lang="sv">' in (tmp_path / "out" / HTML).read_text(encoding="utf-8")


def test_a_template_syntax_error_exits_2_with_its_place_and_writes_nothing(
    real_plans: Path, tmp_path: Path
):
    out = tmp_path / "out"
    before = _previous_render(real_plans, out)
    templates = tmp_path / "mallar"
    templates.mkdir()
    (templates / "inriktningsdokument.md.j2").write_text(
        "# {{ title }}\n\n{% for area in areas %}\n- {{ area.id }\n{% endfor %}\n", encoding="utf-8"
    )
    run = render(real_plans, out, "--templates", templates)
    expect_exit(run, 2)
    assert re.search(r"inriktningsdokument\.md\.j2:4: template error", run.stderr)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_template_error_at_render_time_names_the_file_and_line(real_plans: Path, tmp_path: Path):
    templates = tmp_path / "mallar"
    templates.mkdir()
    (templates / "inriktningsdokument.md.j2").write_text(
        "# {{ title }}\n{{ nosuch.x }}\n", encoding="utf-8"
    )
    run = render(real_plans, tmp_path / "out", "--templates", templates)
    expect_exit(run, 2)
    assert "inriktningsdokument.md.j2:2" in run.stderr


def own_template(tmp_path: Path, text: str, name: str = MD) -> Path:
    templates = tmp_path / "mallar"
    templates.mkdir(exist_ok=True)
    (templates / f"{name}.j2").write_text(text, encoding="utf-8")
    return templates


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("# {{ title }}\n{{ 1/0 }}\n", 2, "division by zero"),
        ("# {{ title }}\n\n{{ areas | length + 'x' }}\n", 3, "unsupported operand"),
        (
            "{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}\n{{ down(0) }}\n",
            1,
            "a macro or include calls itself without end",
        ),
    ],
)
def test_an_error_of_an_own_template_at_render_time_exits_2_with_its_place(
    tmp_path: Path, text: str, line: int, message: str
):
    out = tmp_path / "out"
    templates = own_template(tmp_path, text)
    run = render(MINI, out, "--templates", templates, "--format", "md")
    expect_exit(run, 2)
    assert run.stderr.startswith(f"omst: error: {templates / MD}.j2:{line}: template error: ")
    assert message in run.stderr and len(run.stderr.splitlines()) == 1
    assert not (out / MD).exists()


def test_an_own_template_cannot_reach_python_internals(tmp_path: Path):
    marker = tmp_path / "pwned"
    templates = own_template(
        tmp_path,
        f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}\n",
    )
    run = render(MINI, tmp_path / "out", "--templates", templates, "--format", "md")
    expect_exit(run, 2)
    assert f"{templates / MD}.j2:1: template error: access to attribute '__init__'" in run.stderr
    assert "is unsafe" in run.stderr
    assert not marker.exists()


def test_an_own_template_may_repeat_a_little_but_not_enough_to_exhaust_memory(
    tmp_path: Path,
):
    for expression in ("'x' * 10**7", "[0] * 10**7", "10 ** 1000000"):
        templates = own_template(tmp_path, f"{{{{ {expression} }}}}\n")
        run = render(MINI, tmp_path / "out", "--templates", templates, "--format", "md")
        expect_exit(run, 2)
        assert "is not allowed" in run.stderr, expression
    templates = own_template(tmp_path, "{{ '-' * 3 }}{{ 2 ** 3 }}\n")
    expect_exit(render(MINI, tmp_path / "out", "--templates", templates, "--format", "md"), 0)
    assert (tmp_path / "out" / MD).read_text(encoding="utf-8") == "---8\n"


def test_an_error_in_omsts_own_templates_is_a_bug_in_omst(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    def broken(*args: object, **kwargs: object) -> str:
        raise ValueError("broken escaping")

    monkeypatch.setattr("omstallning.formats.document.md_escape", broken)
    run = render(MINI, tmp_path / "out", "--format", "md")
    expect_exit(run, 3)
    assert "This is a bug in omst" in run.stderr


def test_a_bug_in_omst_is_owned_up_to_in_swedish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swedish: None
):
    def broken(*args: object, **kwargs: object) -> str:
        raise ValueError("broken escaping")

    monkeypatch.setattr("omstallning.formats.document.md_escape", broken)
    run = render(MINI, tmp_path / "out", "--format", "md")
    expect_exit(run, 3)
    assert run.stderr.startswith("omst: ett oväntat fel inträffade (ValueError: broken escaping).")
    assert "Det är ett fel i omst" in run.stderr


def test_templates_that_is_not_a_directory_exits_2(real_plans: Path, tmp_path: Path):
    run = render(real_plans, tmp_path / "out", "--templates", tmp_path / "saknas")
    expect_exit(run, 2)
    assert "--templates" in run.stderr


@pytest.mark.usefixtures("swedish")
def test_templates_that_is_not_a_directory_is_explained_in_swedish(tmp_path: Path):
    run = render(MINI, tmp_path / "out", "--templates", tmp_path / "saknas")
    expect_exit(run, 2)
    assert f"omst: fel: --templates {tmp_path / 'saknas'} är ingen mapp" in run.stderr


@pytest.mark.usefixtures("swedish")
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ 'x' * 10**7 }}\n", "fel i mallen: en upprepning längre än 1 000 000 är inte tillåten"),
        ("{{ 10 ** 1000000 }}\n", "fel i mallen: en potens med mer än 10 000 siffror"),
        (
            "{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}\n{{ down(0) }}\n",
            "fel i mallen: ett makro eller en include anropar sig själv utan slut",
        ),
        ("{{ areas }\n", "fel i mallen: "),
    ],
)
def test_an_own_templates_error_is_explained_in_swedish(tmp_path: Path, text: str, message: str):
    templates = own_template(tmp_path, text)
    run = render(MINI, tmp_path / "out", "--templates", templates, "--format", "md")
    expect_exit(run, 2)
    assert run.stderr.startswith(f"omst: fel: {templates / MD}.j2:")
    assert message in run.stderr and "template error" not in run.stderr


# --- HTML structure -----------------------------------------------------------------------


def test_html_is_swedish(page: str):
    assert '<html lang="sv">' in page
    assert '<meta charset="utf-8">' in page


def test_html_table_of_contents_links_to_existing_ids(tags: Tags):
    ids = set(tags.ids)
    assert any(tag == "nav" for tag, _ in tags.tags)
    hrefs = tags.nav_hrefs
    areas_and_subareas = [a["id"] for a in GP_YAML["omraden"]]
    areas_and_subareas += [s["id"] for a in GP_YAML["omraden"] for s in a["delomraden"]]
    assert {f"#{i}" for i in areas_and_subareas} <= set(hrefs)
    assert all(h.startswith("#") for h in hrefs)
    assert sorted({h[1:] for h in hrefs} - ids) == []


def test_every_internal_html_link_targets_an_existing_id(tags: Tags):
    ids = set(tags.ids)
    hrefs = {a["href"] for tag, a in tags.tags if tag == "a" and a.get("href")}
    assert all(h.startswith("#") for h in hrefs), hrefs
    assert sorted({h[1:] for h in hrefs} - ids) == []


def test_html_table_headers_have_a_scope(tags: Tags):
    headers = [a for tag, a in tags.tags if tag == "th"]
    assert headers
    assert all(a.get("scope") in ("col", "row") for a in headers)


def test_html_styles_are_inline_and_nothing_is_loaded_from_elsewhere(page: str, tags: Tags):
    assert "<style>" in page
    assert [tag for tag, _ in tags.tags if tag in ("link", "script", "img", "iframe")] == []
    assert [a for _, a in tags.tags if "src" in a] == []
    assert "@import" not in page
    assert "url(" not in page
    assert "http://" not in page and "https://" not in page


def test_the_documents_coverage_is_written_with_a_decimal_comma(tmp_path: Path) -> None:
    """Swedish prose writes 88,9 %, not 88.9 %: the document is Swedish in any locale."""
    run = omst("render", "--plan-dir", PLAN, "--out", tmp_path)
    assert run.exit_code == 0, run.stderr
    for name in ("inriktningsdokument.md", "inriktningsdokument.html"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        share = re.search(r"delområden \(([0-9.,]+) %\)", text)
        assert share and "." not in share[1] and "," in share[1], share
