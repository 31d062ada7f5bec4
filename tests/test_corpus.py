"""The mistakes plan authors make most often, one file each in tests/corpus/: each gives
exactly one error, at the line of the mistake, whose message names the fix, in English and
in Swedish.

A corpus file is a whole plan file (the mini plans with one mistake) that says in its first
comments which file of the plan folder it stands for, the line of the mistake and the words
of the fix in each language:

    # Ett kolon inne i en text utan citattecken.
    # fil: genomforandeplan.yaml
    # rad: 43
    # en: namn: "Tillgänglighet: vårdgaranti"
    # sv: namn: "Tillgänglighet: vårdgaranti"
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from helpers import REPO, PlanCopy, expect_exit
from omstallning import i18n

CORPUS = REPO / "tests" / "corpus"
FOLLOWUP = REPO / "tests" / "fixtures" / "followup"


class Mistake(NamedTuple):
    file: str  # where in the plan folder the corpus file goes
    line: int
    fix: dict[str, str]  # language → words the message must hold


def mistake(path: Path) -> Mistake:
    header: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        header[key] = value
    return Mistake(header["fil"], int(header["rad"]), {"en": header["en"], "sv": header["sv"]})


FILES = sorted(CORPUS.glob("*.yaml"))


@pytest.fixture(params=["en", "sv"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    i18n.use(request.param)
    yield request.param
    i18n.use("en")


def test_the_corpus_holds_the_mistakes_of_the_issue() -> None:
    assert len(FILES) >= 6


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_a_common_mistake_gives_one_error_at_its_line_naming_the_fix(
    path: Path, language: str, plans: PlanCopy
) -> None:
    expected = mistake(path)
    (plans.dir / "forvaltningar").mkdir()
    shutil.copyfile(FOLLOWUP / "aa.yaml", plans.dir / "forvaltningar" / "aa.yaml")
    shutil.copyfile(path, plans.dir / expected.file)
    result = plans.validate()
    expect_exit(result, 1)
    errors = [
        (finding, message)
        for finding, message in zip(result.findings, result.messages, strict=True)
        if " error " in finding
    ]
    assert len(errors) == 1, result.stdout
    finding, message = errors[0]
    assert finding.startswith(f"plan/{expected.file}:{expected.line}:"), result.stdout
    assert expected.fix[language] in message, message
