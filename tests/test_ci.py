"""omst in CI systems and editors: SARIF, GitLab Code Quality and JUnit, each held to its
published schema or read by a real reader; --output, the job summary, --quiet; the JSON
Schemas for editors; shell completion of IDs; colour; the pull-request comment's safety and
size."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from helpers import (
    GP,
    REPO,
    VP,
    PlanCopy,
    commit_all,
    copy_plans,
    edit,
    expect_exit,
    init_repo,
    omst,
)
from omstallning import i18n
from omstallning.checks import CHECKS, READ_CODES
from omstallning.formats.diff import COMMENT_LIMIT

SARIF_SCHEMA = REPO / "tests" / "fixtures" / "schemas" / "sarif-2.1.0-rtm.5.json"
ALL_CODES = sorted({*CHECKS, *READ_CODES})


def _broken(plans: PlanCopy) -> None:
    """Two errors and a warning in the mini plans."""
    plans.replace(GP, "  - id: DIG\n", "  - id: NV\n")  # OMST201 at 34:5
    plans.replace(VP, "till: NV.1", "till: NV.9")  # OMST203
    plans.replace(GP, "  handlingstyp: Plan", "  handlingstyp: no")  # OMST009 warning


# --- SARIF -------------------------------------------------------------------------------


def test_sarif_is_valid_against_the_official_2_1_0_schema(plans: PlanCopy) -> None:
    _broken(plans)
    result = plans.validate("--format", "sarif")
    expect_exit(result, 1)
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "omst" and run["tool"]["driver"]["version"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [*READ_CODES, *sorted(CHECKS)]
    assert all(r["help"]["text"] for r in run["tool"]["driver"]["rules"])
    first = run["results"][0]
    assert (first["ruleId"], first["level"]) == ("OMST009", "warning")
    assert {(r["ruleId"], r["level"]) for r in run["results"]} == {
        ("OMST009", "warning"),
        ("OMST201", "error"),
        ("OMST203", "error"),
        ("OMST210", "warning"),
    }  # NV.1, no longer linked, is served by nothing
    region = next(r for r in run["results"] if r["ruleId"] == "OMST201")["locations"][0][
        "physicalLocation"
    ]
    assert region["region"] == {"startLine": 34, "startColumn": 5}


def test_sarif_paths_are_relative_to_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_dir = init_repo(tmp_path / "repo")
    (plan_dir / "genomforandeplan.yaml").write_text(
        (plan_dir / "genomforandeplan.yaml")
        .read_text(encoding="utf-8")
        .replace("  handlingstyp: Plan", "  handlingstyp: no"),
        encoding="utf-8",
    )
    monkeypatch.chdir(plan_dir)  # run from inside plan/: the URI is still from the root
    result = omst("validate", "--plan-dir", ".", "--format", "sarif")
    uri = json.loads(result.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"
    ]["uri"]
    assert uri == "plan/genomforandeplan.yaml"


# --- GitLab Code Quality -----------------------------------------------------------------

# GitLab's Code Quality report, as its documentation describes the fields it reads.
GITLAB_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string"},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def test_gitlab_code_quality_has_the_fields_gitlab_reads(plans: PlanCopy) -> None:
    _broken(plans)
    issues = json.loads(plans.validate("--format", "gitlab").stdout)
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in issues][
        :2
    ] == [("OMST009", "minor", 9), ("OMST201", "major", 34)]
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_stay_when_unrelated_lines_move(plans: PlanCopy) -> None:
    _broken(plans)
    before = json.loads(plans.validate("--format", "gitlab").stdout)
    plans.replace(
        GP, "plan: genomforandeplan\n", "# Två nya rader\n# överst\nplan: genomforandeplan\n"
    )
    after = json.loads(plans.validate("--format", "gitlab").stdout)
    assert [i["location"]["lines"]["begin"] for i in after] != [
        i["location"]["lines"]["begin"] for i in before
    ]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]


def test_gitlab_and_sarif_fingerprints_are_the_same_in_swedish_and_in_english(
    plans: PlanCopy,
) -> None:
    """A runner's locale must not make every finding look new to code scanning."""
    from omstallning import i18n

    _broken(plans)
    english = json.loads(plans.validate("--format", "gitlab").stdout)
    i18n.use("sv")
    try:
        swedish = json.loads(plans.validate("--format", "gitlab").stdout)
        sarif = json.loads(plans.validate("--format", "sarif").stdout)
    finally:
        i18n.use("en")
    assert [i["description"] for i in swedish] != [i["description"] for i in english]
    assert [i["fingerprint"] for i in swedish] == [i["fingerprint"] for i in english]
    marks = [r["partialFingerprints"]["omst/v1"] for r in sarif["runs"][0]["results"]]
    assert sorted(marks) == sorted(i["fingerprint"] for i in english)


def test_sarif_rules_are_described_in_swedish_under_sv_for_every_code(plans: PlanCopy) -> None:
    from omstallning import i18n

    def rules() -> dict[str, str]:
        run = json.loads(plans.validate("--format", "sarif").stdout)
        driver = run["runs"][0]["tool"]["driver"]
        return {r["id"]: r["shortDescription"]["text"] for r in driver["rules"]}

    english = rules()
    i18n.use("sv")  # the autouse fixture speaks English again after the test
    swedish = rules()
    assert list(swedish) == list(english) == [*READ_CODES, *sorted(CHECKS)]
    assert sorted(code for code in english if swedish[code] == english[code]) == []


# --- JUnit ----------------------------------------------------------------------------


def test_junit_is_read_by_a_junit_reader(plans: PlanCopy) -> None:
    junitparser = pytest.importorskip("junitparser")
    _broken(plans)
    plans.validate("--output", "junit:report.xml")
    xml = junitparser.JUnitXml.fromfile(str(plans.root / "report.xml"))
    suites = list(xml)
    assert [s.name for s in suites] == [GP, VP]
    assert all(len(list(s)) == len(ALL_CODES) for s in suites)
    failed = {
        (s.name, case.name.split()[0], r.message)
        for s in suites
        for case in s
        for r in case.result
        if isinstance(r, junitparser.Failure)
    }
    assert (GP, "OMST201", f"{GP}:34:5: duplicate ID NV (first at line 28)") in failed
    assert {code for _, code, _ in failed} == {"OMST201", "OMST203"}  # warnings don't fail


# --- --output, --quiet, the job summary ------------------------------------------------


def test_one_run_prints_annotations_and_writes_sarif_and_junit(plans: PlanCopy) -> None:
    _broken(plans)
    result = plans.validate(
        "--format", "github", "-o", "omst.sarif", "-o", "gitlab:gl-code-quality.json"
    )
    expect_exit(result, 1)
    assert result.stdout.startswith("::warning file=")
    assert json.loads((plans.root / "omst.sarif").read_text())["version"] == "2.1.0"
    assert len(json.loads((plans.root / "gl-code-quality.json").read_text())) == 4
    assert not [p for p in plans.root.iterdir() if p.name.endswith(".tmp")]


def test_an_output_without_a_format_is_a_usage_error(plans: PlanCopy) -> None:
    result = plans.validate("--output", "findings.txt")
    expect_exit(result, 2)
    assert "FORMAT:FILE" in result.stderr and result.stdout == ""


@pytest.mark.usefixtures("swedish")
def test_an_output_without_a_format_is_explained_in_swedish(plans: PlanCopy) -> None:
    result = plans.validate("--output", "findings.txt")
    expect_exit(result, 2)
    assert "--output 'findings.txt': ange formatet, FORMAT:FIL" in result.stderr


def test_quiet_prints_the_findings_only(plans: PlanCopy) -> None:
    _broken(plans)
    result = plans.validate("--quiet")
    assert result.stderr == "" and len(result.lines) == 4


def test_under_github_actions_validate_and_diff_write_the_job_summary(
    plans: PlanCopy, tmp_path: Path
) -> None:
    _broken(plans)
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    plans.validate(env=env)
    copy_plans(plans.dir, tmp_path / "new")
    (tmp_path / "new" / "verksamhetsplan.yaml").write_text(
        plans.text(VP).replace("till: NV.9", "till: NV.1"), encoding="utf-8"
    )
    i18n.use("sv")  # the diff's heading as a Swedish reader sees it
    omst("diff", str(plans.dir), str(tmp_path / "new"), env=env)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### omst validate\n\n2 error(s), 2 warning(s) in 2 plan files.")
    assert "| OMST201 | error | 1 |" in text
    assert "### Planändringar:" in text


# --- editors and shells -----------------------------------------------------------------


def test_schema_prints_one_schema_and_writes_them_all(tmp_path: Path) -> None:
    result = omst("schema", "verksamhetsplan")
    expect_exit(result, 0)
    printed = json.loads(result.stdout)
    assert printed["$id"].endswith("/verksamhetsplan.schema.json") and printed["title"]
    expect_exit(omst("schema", "--out", str(tmp_path / "s")), 0)
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [
        "forvaltning.schema.json",
        "genomforandeplan.schema.json",
        "verksamhetsplan.schema.json",
    ]
    assert json.loads((tmp_path / "s" / "verksamhetsplan.schema.json").read_text()) == printed


def test_an_unknown_schema_is_a_usage_error() -> None:
    result = omst("schema", "budget")
    expect_exit(result, 2)
    assert "there are: genomforandeplan, verksamhetsplan, forvaltning" in result.stderr


def test_every_schema_describes_every_property_for_editors() -> None:
    for name in ("genomforandeplan", "verksamhetsplan", "forvaltning"):
        data = json.loads(omst("schema", name).stdout)
        missing = [
            path
            for path, node in _properties(data)
            if "description" not in node and "$ref" not in node
        ]
        assert missing == [], name


def _properties(node: object, path: str = "") -> list[tuple[str, dict]]:
    found: list[tuple[str, dict]] = []
    if isinstance(node, dict):
        for key, value in (node.get("properties") or {}).items():
            found.append((f"{path}.{key}", value))
        for key, value in node.items():
            found += _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _properties(value, f"{path}[{i}]")
    return found


def test_shell_completion_completes_the_ids_link_accepts(plans: PlanCopy) -> None:
    env = {
        **os.environ,
        "_OMST_COMPLETE": "complete_bash",
        "COMP_WORDS": "omst link NV.",
        "COMP_CWORD": "2",
        "PYTHONPATH": str(REPO / "src"),
    }
    run = subprocess.run(
        [sys.executable, "-m", "omstallning"],
        capture_output=True,
        text=True,
        env=env,
        cwd=plans.root,
        check=False,
    )
    assert run.stdout.split() == ["NV.1", "NV.2"]  # no goal row, activity or indicator


def test_show_completion_prints_a_script(plans: PlanCopy) -> None:
    result = omst("--show-completion", "bash")
    assert "_OMST_COMPLETE" in result.stdout


@pytest.mark.parametrize(
    "env, colour",
    [({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False), ({}, False)],
)
def test_colour_only_when_forced_and_never_with_no_color(
    plans: PlanCopy, tmp_path: Path, env: dict, colour: bool
) -> None:
    copy_plans(plans.dir, tmp_path / "new")
    (tmp_path / "new" / "verksamhetsplan.yaml").write_text(
        plans.text(VP).replace("till: NV.1", "till: NV.2"), encoding="utf-8"
    )
    result = omst("diff", str(plans.dir), str(tmp_path / "new"), env=env)
    # Bold may stay under NO_COLOR (it is no colour); colours (SGR 30-38, 90-97) may not.
    assert bool(re.search(r"\x1b\[[0-9;]*(?:3[0-8]|9[0-7])[;m]", result.stdout)) is colour


# --- the pull-request comment ------------------------------------------------------------


def test_plan_text_cannot_ping_link_or_break_out_of_the_comment(
    plans: PlanCopy, tmp_path: Path
) -> None:
    new = copy_plans(plans.dir, tmp_path / "new")
    hostile = "Se @anna och #12, GH-34 och !5 </details><!-- x --> | rad |\\n| ny rad | <script>"
    gp = new / "genomforandeplan.yaml"
    gp.write_text(
        plans.text(GP).replace("namn: Delaktighet", f'namn: "{hostile}"'), encoding="utf-8"
    )
    result = omst("diff", str(plans.dir), str(new), "--format", "markdown")
    expect_exit(result, 0)
    md = result.stdout
    for raw in ("@anna", "#12", "GH-34", "!5", "</details><!--", "<script>"):
        assert raw not in md, raw
    assert md.count("</details>") == md.count("<details>")
    assert "\n| ny rad" not in md
    assert "@\u2060anna" in md and "\\#\u206012" in md


def _big_revision(tmp_path: Path) -> tuple[Path, Path]:
    """The region's plans five times over, and a revision that rewrites every text."""
    gp = yaml.safe_load((REPO / "plan" / "genomforandeplan.yaml").read_text(encoding="utf-8"))
    vp = yaml.safe_load((REPO / "plan" / "verksamhetsplan.yaml").read_text(encoding="utf-8"))
    areas = []
    for n in range(5):
        for area in gp["omraden"]:
            text = yaml.safe_dump(area, allow_unicode=True)
            if n:  # NV → NVB, NV.3 → NVB.3 …
                new_id = area["id"] + "ABCD"[n - 1]
                text = text.replace(f"{area['id']}.", f"{new_id}.").replace(
                    f"id: {area['id']}\n", f"id: {new_id}\n"
                )
            areas.append(yaml.safe_load(text))
    gp["omraden"] = areas
    old, new = tmp_path / "old", tmp_path / "new"
    for folder, suffix in ((old, ""), (new, " (reviderad)")):
        folder.mkdir()

        def revise(d: dict, suffix: str = suffix) -> dict:
            return {
                k: v + suffix if k in ("text", "namn") and isinstance(v, str) else v
                for k, v in d.items()
            }

        changed = json.loads(json.dumps([gp, vp], ensure_ascii=False), object_hook=revise)
        for name, data in zip(("genomforandeplan", "verksamhetsplan"), changed, strict=True):
            (folder / f"{name}.yaml").write_text(
                yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
    return old, new


def test_a_revision_that_changes_every_item_fits_in_one_comment(
    tmp_path: Path, swedish: None
) -> None:
    old, new = _big_revision(tmp_path)
    full = json.loads(omst("diff", str(old), str(new), "--format", "json").stdout)
    assert full["summary"]["changed"] > 800
    md = omst("diff", str(old), str(new), "--format", "markdown").stdout
    assert COMMENT_LIMIT - 5000 < len(md) <= COMMENT_LIMIT  # full, but within the limit
    assert len(md.encode("utf-16-le")) // 2 <= 65_536  # GitHub counts UTF-16 units
    assert md.index("| **Totalt** |") < md.index("<details>")  # the summary comes first
    assert "**Kommentaren är avkortad**" in md and "ändringar utelämnade" in md
    assert md.count("<details>") == md.count("</details>")


# --- revisions and output folders under hostile input ----------------------------------


@pytest.mark.parametrize(
    "spec", ["--output=/tmp/x", "--upload-pack=touch /tmp/pwned", "-c", "--output=x..HEAD"]
)
def test_revisions_that_look_like_options_never_reach_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spec: str
) -> None:
    init_repo(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    result = omst("diff", "--", spec)
    expect_exit(result, 2)
    assert "is not a revision" in result.stderr
    assert not Path("/tmp/pwned").exists()


def test_render_follows_no_symlink_planted_in_the_output_folder(
    plans: PlanCopy, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = plans.root / "out"
    out.mkdir()
    (out / "inriktningsdokument.html").symlink_to(victim)
    expect_exit(omst("render", "--plan-dir", "plan", "--out", "out"), 0)
    assert victim.read_text() == "keep me"
    assert not (out / "inriktningsdokument.html").is_symlink()
    assert sorted(p.name for p in out.iterdir()) == [
        "inriktningsdokument.html",
        "inriktningsdokument.md",
    ]


def test_two_renders_at_once_leave_both_outputs_whole(plans: PlanCopy) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    cmd = [
        sys.executable,
        "-m",
        "omstallning",
        "render",
        "--plan-dir",
        "plan",
        "--out",
        "out",
        "--as-of",
        "2025-01-01",
    ]
    runs = [
        subprocess.Popen(
            cmd, cwd=plans.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _ in range(4)
    ]
    assert [r.wait(timeout=120) for r in runs] == [0, 0, 0, 0]
    expect_exit(omst("render", "--plan-dir", "plan", "--out", "alone", "--as-of", "2025-01-01"), 0)
    for name in ("inriktningsdokument.md", "inriktningsdokument.html"):
        assert (plans.root / "out" / name).read_bytes() == (
            plans.root / "alone" / name
        ).read_bytes()
    assert sorted(p.name for p in (plans.root / "out").iterdir()) == [
        "inriktningsdokument.html",
        "inriktningsdokument.md",
    ]


def test_diff_of_a_repository_revision_in_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swedish: None
) -> None:
    plan_dir = init_repo(tmp_path / "repo")
    (plan_dir / "verksamhetsplan.yaml").write_text(
        (plan_dir / "verksamhetsplan.yaml")
        .read_text(encoding="utf-8")
        .replace("till: NV.1", "till: NV.2"),
        encoding="utf-8",
    )
    commit_all(tmp_path / "repo", "länk")
    monkeypatch.chdir(tmp_path / "repo")
    result = omst("diff", "HEAD~1", "HEAD", "--format", "markdown")
    expect_exit(result, 0)
    assert "länk **VP.1" in result.stdout


# --- the example workflows ------------------------------------------------------------------

GITHUB_EXAMPLE = REPO / "examples" / "github" / "omst.yml"
GITLAB_EXAMPLE = REPO / "examples" / "gitlab" / ".gitlab-ci.yml"


def _github() -> dict:
    return yaml.safe_load(GITHUB_EXAMPLE.read_text(encoding="utf-8"))


def _step(name: str) -> dict:
    return next(s for s in _github()["jobs"]["plans"]["steps"] if s.get("name") == name)


def test_the_github_example_grants_what_sarif_upload_and_the_comment_need() -> None:
    assert _github()["permissions"] == {
        "contents": "read",
        "pull-requests": "write",
        "security-events": "write",
        "actions": "read",
    }


def test_the_examples_never_run_two_jobs_for_one_change_at_once() -> None:
    concurrency = _github()["concurrency"]
    assert "github.event.pull_request.number" in concurrency["group"]
    assert concurrency["cancel-in-progress"] is True
    job = yaml.safe_load(GITLAB_EXAMPLE.read_text(encoding="utf-8"))["omst"]
    assert job["interruptible"] is True and "$CI_MERGE_REQUEST_IID" in job["resource_group"]


def _comment_repo(tmp_path: Path, broken: bool) -> Path:
    """A pull request's checkout: main as origin/main, and a branch that changes the plans."""
    root = tmp_path / "repo"
    init_repo(root)
    subprocess.run(["git", "update-ref", "refs/remotes/origin/main", "HEAD"], cwd=root, check=True)
    edit(root / VP, "namn: Nära invånaren", "namn: Nära invånarna")
    if broken:
        edit(root / VP, "till: NV.1", "till: NV.9")
    commit_all(root, "ändring")
    return root


def _run(script: str, cwd: Path, **env: str) -> str:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    environment = {"PATH": path, "HOME": str(cwd), "OMST_LANG": "en", **env}
    subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=cwd, env=environment, check=True)
    return (cwd / "omst-diff.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("broken", [True, False])
def test_the_github_comment_says_when_the_plans_are_invalid(tmp_path: Path, broken: bool) -> None:
    root = _comment_repo(tmp_path, broken)
    step = _step("Describe the change")
    assert "${{" not in step["run"]  # the pull request's data reaches the script as variables
    body = _run(
        step["run"], root, BASE="main", VALID="failure" if broken else "success", RUN_URL="u"
    )
    assert body.startswith("### ❌ omst: the plans are invalid") is broken
    assert ("plan/verksamhetsplan.yaml:" in body and "OMST203" in body) is broken
    assert "Nära invånarna" in body  # the diff follows, valid or not
    assert body.endswith("<!-- omst-diff -->\n")
    # The step after finds the comment by that marker and replaces its text: a stale
    # "invalid" comment goes once the plans pass.
    script = _step("Comment on the pull request")["run"]
    assert 'contains("<!-- omst-diff -->")' in script and "--method PATCH" in script


@pytest.mark.parametrize("status", ["failed", "success"])
def test_the_gitlab_note_says_when_the_plans_are_invalid(tmp_path: Path, status: str) -> None:
    root = _comment_repo(tmp_path, status == "failed")
    job = yaml.safe_load(GITLAB_EXAMPLE.read_text(encoding="utf-8"))["omst"]
    body = _run(
        "\n".join(job["after_script"]),  # without a token it writes the note and posts nothing
        root,
        CI_JOB_STATUS=status,
        CI_JOB_URL="u",
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main",
        CI_MERGE_REQUEST_IID="7",
    )
    assert body.startswith("### ❌ omst: the plans are invalid") is (status == "failed")
    assert "Nära invånarna" in body and body.endswith("<!-- omst-diff -->\n")
