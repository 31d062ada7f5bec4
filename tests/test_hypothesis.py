"""Hostile input, explored: mutations of the valid mini plans run through the CLI as a user
runs it. Whatever the input: no traceback, no hang, exit 0, 1 or 2, and every finding
located (FILE:LINE:COL). A few hundred examples in the default run; a long profile on demand:

    HYPOTHESIS_PROFILE=long pytest tests/test_hypothesis.py --no-cov

Failures it finds stay here as explicit @example regressions.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import MINI, REPO, bounded, omst

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

settings.register_profile(
    "ci",
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "long",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FILES = ("genomforandeplan.yaml", "verksamhetsplan.yaml")
TEXTS = {name: (MINI / name).read_text(encoding="utf-8") for name in FILES}
FOLLOWUP = "forvaltningar/aa.yaml"
FOLLOWUP_TEXT = (REPO / "tests" / "fixtures" / "followup" / "aa.yaml").read_text(encoding="utf-8")
DATA = {name: yaml.safe_load(text) for name, text in TEXTS.items()}
FINDING = re.compile(r"^\S+:\d+:\d+: (error|warning) OMST\d{3} .+$")
SECONDS = 60  # a bound for every command: far above what any of them needs here

NASTY = [
    "\u202e",
    "\u200f",
    "\0",
    "\\ud800",
    "\\udfff",
    "\ufeff",
    "\t",
    "\r",
    "\x85",
    "\u2028",
    "&a",
    "*a",
    "!!python/object:os.system",
    "<<: *a",
    "---",
    "...",
    "'",
    '"',
    "{",
    "[",
    ": ",
    "- ",
    "#",
    "@x",
    "%YAML 1.1",
    "\x1b[31m",
    "ÅÄÖ",
    "🙂",
]


# Numbers no reader may choke on: more digits than Python reads, beyond a float, NaN and the
# infinities in every spelling YAML has.
HUGE = [
    "9" * 5000,
    "-" + "9" * 4301,
    "1" + "0" * 400,
    "1" + "0" * 20,
    "10000000000000001",
    "1.0e+400",
    "-9.9e999",
    "1e400",
    "0." + "0" * 5000 + "1",
    "9" * 400 + ".5",
    ".nan",
    ".NaN",
    ".NAN",
    ".inf",
    "-.inf",
    "+.Inf",
    ".INF",
    "nan",
    "Infinity",
    "!!int " + "9" * 5000,
    "!!float 1e400",
]
# Control characters, where a key can hold them (written escaped, read as the character).
CONTROL = ["\x01", "\x1f", "\x7f", "\x1b[2J", "\x07", "\x85", "\u2028", "\x9b"]


# --- mutations ------------------------------------------------------------------------------


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*path, i))
    return found


def _replace(data: Any, path: tuple[Any, ...], make: Any) -> Any:
    if not path:
        return make(data)
    copy = data.copy()
    copy[path[0]] = _replace(data[path[0]], path[1:], make)
    return copy


def _deep(depth: int) -> Any:
    value: Any = "botten"
    for _ in range(depth):
        value = [value]
    return value


values = st.one_of(
    st.text(max_size=40),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
    st.sampled_from(NASTY),
    st.builds(_deep, st.integers(min_value=10, max_value=200)),
    st.just("x" * 10_000_000),
)


@st.composite
def data_edit(draw: Any, name: str) -> str:
    """A change of the data: a value replaced, a key dropped or added, an item doubled
    (duplicated IDs) or the items reordered; written back as YAML."""
    data = DATA[name]
    path = draw(st.sampled_from(_paths(data)[1:]))
    kind = draw(st.sampled_from(["value", "drop", "add", "double", "reverse"]))
    if kind == "value":
        new = draw(values)
        changed = _replace(data, path, lambda _: new)
    elif kind == "drop" or kind == "add":
        key = (
            draw(
                st.one_of(
                    st.text(min_size=1, max_size=8),
                    st.builds(
                        "{}{}{}".format,
                        st.text(max_size=3),
                        st.sampled_from(CONTROL),
                        st.text(max_size=3),
                    ),
                )
            )
            if kind == "add"
            else None
        )

        def edit(value: Any) -> Any:
            if isinstance(value, dict):
                copy = dict(value)
                if key is None and copy:
                    copy.pop(next(iter(copy)))
                elif key is not None:
                    copy[key] = "ny"
                return copy
            return value

        changed = _replace(data, path[:-1], edit)
    else:

        def items(value: Any) -> Any:
            if isinstance(value, list) and value:
                return value + value[:1] if kind == "double" else value[::-1]
            return value

        changed = _replace(data, path[:-1], items)
    return yaml.safe_dump(changed, allow_unicode=True, sort_keys=False, width=10_000)


@st.composite
def text_edit(draw: Any, name: str) -> str:
    """A change of the text: cut at any byte, a character or YAML token put anywhere, a line
    doubled, dropped or moved."""
    text = TEXTS[name]
    raw = text.encode("utf-8")
    kind = draw(st.sampled_from(["truncate", "insert", "line"]))
    if kind == "truncate":
        cut = draw(st.integers(min_value=0, max_value=len(raw)))
        return raw[:cut].decode("utf-8", "replace")
    if kind == "insert":
        at = draw(st.integers(min_value=0, max_value=len(text)))
        what = draw(st.one_of(st.sampled_from(NASTY), st.sampled_from(HUGE), st.text(max_size=8)))
        return text[:at] + what + text[at:]
    lines = text.splitlines(keepends=True)
    i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    op = draw(st.sampled_from(["double", "drop", "move"]))
    if op == "double":
        lines.insert(j, lines[i])
    elif op == "drop":
        del lines[i]
    else:
        lines.insert(j, lines.pop(i))
    return "".join(lines)


@st.composite
def number_edit(draw: Any) -> str:
    """A number of the follow-up file (an outcome, a target) replaced by a huge one, a tiny
    one, NaN or an infinity, or any integer or float Python has."""
    line = draw(st.sampled_from(["utfall: 57", "malvarde: 63", "utfall: 16.3", "malvarde: 25"]))
    value = draw(
        st.one_of(
            st.sampled_from(HUGE),
            st.integers().map(str),
            st.floats().map(repr),
            st.builds("{}.{}e{}".format, st.integers(), st.integers(0, 99), st.integers(-999, 999)),
        )
    )
    return FOLLOWUP_TEXT.replace(line, f"{line.split(':')[0]}: {value}", 1)


@st.composite
def broken_plans(draw: Any) -> dict[str, str]:
    name = draw(st.sampled_from([*FILES, FOLLOWUP]))
    if name == FOLLOWUP:
        return {**TEXTS, name: draw(number_edit())}
    edit = draw(st.sampled_from([data_edit, text_edit]))
    return {**TEXTS, name: draw(edit(name))}


# --- the property ---------------------------------------------------------------------------


def run(*args: str) -> Any:
    with bounded(SECONDS):
        result = omst(*args)
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output[-2000:])
    return result


def check_everything(folder: Path, plans: dict[str, str]) -> None:
    plan = folder / "plan"
    plan.mkdir(parents=True, exist_ok=True)
    for name, text in plans.items():
        (plan / name).parent.mkdir(exist_ok=True)
        (plan / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    validate = run("validate", "--plan-dir", str(plan))
    for line in validate.stdout.splitlines():
        assert FINDING.match(line), line
    if validate.exit_code == 2:
        return
    for args in (("stats", "--format", "json"), ("link", "--format", "json")):
        result = run(*args, "--plan-dir", str(plan))
        assert result.exit_code == (0 if validate.exit_code == 0 else 1)
    run("diff", str(MINI), str(plan), "--format", "markdown")
    if FOLLOWUP in plans:
        for args in (("status", "--format", "json"), ("export", "--out", str(folder / "x.xlsx"))):
            result = run(*args, "--plan-dir", str(plan))
            assert result.exit_code == (0 if validate.exit_code == 0 else 1)
    if validate.exit_code == 0:
        run(
            "render",
            "--plan-dir",
            str(plan),
            "--out",
            str(folder / "out"),
            "--format",
            "md",
            "--as-of",
            "2025-01-01",
        )


@given(plans=broken_plans())
@example(plans={**TEXTS, FILES[0]: TEXTS[FILES[0]].replace("id: NV.1\n", "id: NV.1\n" * 2)})
@example(plans={**TEXTS, FILES[1]: TEXTS[FILES[1]][:7]})
@example(plans={**TEXTS, FILES[0]: '"\\ud800"\n'})
# Found by the long profile: a key with U+001E, which str.splitlines() breaks a line at.
@example(plans={**TEXTS, FILES[0]: TEXTS[FILES[0]] + '"\\x1E": ny\n'})
def test_no_input_breaks_omst(plans: dict[str, str], tmp_path_factory: Any) -> None:
    check_everything(tmp_path_factory.mktemp("h"), plans)


# --- the files themselves -------------------------------------------------------------------

SECRET = "ghp_16C7secretsecretsecret"
ODD_NAMES = [
    "a b.yaml",
    "#x.yaml",
    "a b#%20.yaml",
    "new\nline.yaml",
    "-rf.yaml",
    "--plan-dir.yaml",
    "x.yml",
    ".yaml",
    ".yml",
    "x.YAML",
    "x.yaml.bak",
    "a\x1b[2J.yaml",
    "b\n::error file=README.md,line=1::Injected\nx.yaml",
]
KINDS = ["copy", "fifo", "link-in", "link-out", "link-to-nothing", "link-to-dev-zero", "folder"]
names = st.one_of(
    st.sampled_from(ODD_NAMES),
    st.builds(
        "{}{}".format,
        st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"),
            min_size=1,
            max_size=12,
        ),
        st.sampled_from([".yaml", ".yml", "", ".txt"]),
    ),
)


def make(path: Path, kind: str, folder: Path) -> None:
    """A file of `kind` at `path`: a follow-up file, a FIFO, a folder, or a link in the
    repository, out of it (to a token), to nothing or to /dev/zero."""
    secret = folder / "token.txt"
    secret.write_text(f"{SECRET}: {SECRET}\n", encoding="utf-8")
    if kind == "copy":
        path.write_text(FOLLOWUP_TEXT, encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        target = {
            "link-in": folder / "plan" / "genomforandeplan.yaml",
            "link-out": secret,
            "link-to-nothing": folder / "finns-inte.yaml",
            "link-to-dev-zero": Path("/dev/zero"),
        }[kind]
        path.symlink_to(target)


@settings(max_examples=max(20, settings().max_examples // 10))
@given(name=names, kind=st.sampled_from(KINDS))
@example(name="t.yaml", kind="link-out")
@example(name="xx.yaml", kind="fifo")
def test_no_file_in_the_follow_up_folder_breaks_omst(
    name: str, kind: str, tmp_path_factory: Any
) -> None:
    folder = tmp_path_factory.mktemp("f")
    plan = folder / "plan"
    shutil.copytree(MINI, plan)
    (plan / "forvaltningar").mkdir()
    try:
        make(plan / "forvaltningar" / name, kind, folder)
    except (OSError, UnicodeError, ValueError):
        return  # a name this file system does not take
    result = run("validate", "--plan-dir", str(plan), "--format", "json")
    assert SECRET not in result.output
    if result.exit_code != 2:
        for finding in json.loads(result.stdout):
            assert finding["file"] and finding["line"] >= 1 and finding["column"] >= 1, finding
