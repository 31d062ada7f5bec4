"""Which files omst reads as plans, and how: regular files inside the plans' repository, read
up to the size limit counted on what is read; .yml like .yaml; and whatever else stands in
plan/forvaltningar/ named in a finding, never dropped in silence (OMST001, OMST010)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import GP, REPO, PlanCopy, bounded, expect_exit, omst
from omstallning.reading import files
from omstallning.reading.findings import Finding

FOLLOWUP = REPO / "tests" / "fixtures" / "followup"
FV = "plan/forvaltningar"
SECRET = "ghp_16C7secretsecretsecret"


@pytest.fixture
def fu(plans: PlanCopy) -> PlanCopy:
    shutil.copytree(FOLLOWUP, plans.dir / "forvaltningar")
    return plans


def _kortnamn(plans: PlanCopy) -> set[str]:
    result = omst("status", "--plan-dir", "plan", "--format", "json", "--as-of", "2024-09-01")
    expect_exit(result, 0)
    return {f["kortnamn"] for f in json.loads(result.stdout)["forvaltningar"]}


# .yml and what else stands in plan/forvaltningar/


def test_a_yml_file_is_read_like_a_yaml_file(fu: PlanCopy) -> None:
    before = _kortnamn(fu)
    (fu.dir / "forvaltningar" / "aa.yaml").rename(fu.dir / "forvaltningar" / "aa.yml")
    result = fu.validate()
    assert result.stdout == ""
    assert "5 plan files valid" in result.stderr
    assert _kortnamn(fu) == before


def test_a_yml_beside_a_yaml_of_the_same_name_is_an_error(fu: PlanCopy) -> None:
    shutil.copyfile(fu.dir / "forvaltningar" / "aa.yaml", fu.dir / "forvaltningar" / "aa.yml")
    result = fu.validate()
    assert result.findings == [f"{FV}/aa.yml:1:1: error OMST001"]
    assert result.messages == [
        "not read: aa.yaml is the same förvaltning's file; keep one of the two"
    ]
    expect_exit(result, 1)


def test_a_file_of_another_kind_in_the_follow_up_folder_is_a_warning(fu: PlanCopy) -> None:
    (fu.dir / "forvaltningar" / "skas.txt").write_text("SkaS\n", encoding="utf-8")
    result = fu.validate()
    assert result.findings == [f"{FV}/skas.txt:1:1: warning OMST010"]
    assert result.messages[0].startswith("a file omst does not read")
    expect_exit(result, 0)


def test_a_folder_in_the_follow_up_folder_is_a_warning(fu: PlanCopy) -> None:
    (fu.dir / "forvaltningar" / "arkiv").mkdir()
    shutil.copyfile(FOLLOWUP / "aa.yaml", fu.dir / "forvaltningar" / "arkiv" / "aa.yaml")
    result = fu.validate()
    assert result.findings == [f"{FV}/arkiv:1:1: warning OMST010"]
    assert result.messages[0].startswith("a folder omst does not read")


def test_hidden_housekeeping_files_are_left_alone(fu: PlanCopy) -> None:
    (fu.dir / "forvaltningar" / ".gitkeep").write_text("", encoding="utf-8")
    assert fu.validate().stdout == ""


@pytest.mark.parametrize("name", [".yaml", "sjukhuset.yml"])
def test_a_misnamed_file_is_called_by_its_own_name(fu: PlanCopy, name: str) -> None:
    (fu.dir / "forvaltningar" / "aa.yaml").rename(fu.dir / "forvaltningar" / name)
    result = fu.validate()
    assert result.findings == [f"{FV}/{name}:3:1: error OMST301"]
    assert result.messages == [f"förvaltning AA stands in {name}: name the file aa.yaml"]


# Special files: never opened in a way that can wait, never read without end


def test_a_fifo_in_the_follow_up_folder_is_refused_without_waiting(fu: PlanCopy) -> None:
    os.mkfifo(fu.dir / "forvaltningar" / "xx.yaml")
    with bounded(30):
        result = fu.validate()
    assert result.findings == [f"{FV}/xx.yaml:1:1: error OMST001"]
    assert result.messages == ["is a FIFO (named pipe), not a regular file; not read"]
    expect_exit(result, 1)


def test_a_fifo_as_a_plan_file_is_refused_without_waiting(plans: PlanCopy) -> None:
    plans.path(GP).unlink()
    os.mkfifo(plans.path(GP))
    with bounded(30):
        result = plans.validate()
    assert result.findings == [f"{GP}:1:1: error OMST001"]
    expect_exit(result, 1)


def test_a_device_in_the_plan_folder_is_refused(fu: PlanCopy) -> None:
    try:  # /dev/zero's numbers, made where the plans are: only root can
        os.mknod(fu.dir / "forvaltningar" / "xx.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("this user cannot make a device node")
    with bounded(30):
        result = fu.validate()
    assert result.findings == [f"{FV}/xx.yaml:1:1: error OMST001"]
    assert result.messages == ["is a character device, not a regular file; not read"]


def test_a_link_to_dev_zero_is_refused(fu: PlanCopy) -> None:
    (fu.dir / "forvaltningar" / "xx.yaml").symlink_to("/dev/zero")
    # In a process of its own with its memory capped: a reader that regressed would fill
    # memory, and the machine's, before any alarm.
    run = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30)); "
        "from omstallning.cli import main; "
        "sys.argv = ['omst', 'validate', '--plan-dir', 'plan']; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", run], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stdout.splitlines() == [
        f"{FV}/xx.yaml:1:1: error OMST001 is a link that leads out of the repository; not read"
    ]
    assert done.returncode == 1


# Links: followed only while they stay inside the repository


def test_a_link_out_of_the_repository_is_not_read_and_nothing_of_it_shown(
    fu: PlanCopy, tmp_path: Path
) -> None:
    token = tmp_path / "token.txt"
    token.write_text(f"{SECRET}\n", encoding="utf-8")
    (fu.dir / "forvaltningar" / "t.yaml").symlink_to(token)
    for fmt in ("text", "json", "sarif", "github"):
        result = fu.validate("--format", fmt)
        assert SECRET not in result.output, fmt
        expect_exit(result, 1)
    result = fu.validate()
    assert result.findings == [f"{FV}/t.yaml:1:1: error OMST001"]
    assert result.messages == ["is a link that leads out of the repository; not read"]


def test_a_plan_file_linked_out_of_the_repository_is_not_read(
    plans: PlanCopy, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.yaml"
    plans.path(GP).rename(outside)
    plans.path(GP).symlink_to(outside)
    result = plans.validate()
    assert result.findings == [f"{GP}:1:1: error OMST001"]


def test_a_link_inside_the_plan_folder_is_followed(fu: PlanCopy) -> None:
    (fu.dir / "arkiv").mkdir()
    (fu.dir / "forvaltningar" / "aa.yaml").rename(fu.dir / "arkiv" / "aa.yaml")
    (fu.dir / "forvaltningar" / "aa.yaml").symlink_to(Path("..") / "arkiv" / "aa.yaml")
    result = fu.validate()
    assert result.stdout == ""
    expect_exit(result, 0)


def test_a_link_inside_the_git_repository_may_leave_the_plan_folder(
    fu: PlanCopy, tmp_path: Path
) -> None:
    (tmp_path / ".git").mkdir()  # tmp_path is the repository: its root is the bound
    (tmp_path / "delat").mkdir()
    (fu.dir / "forvaltningar" / "aa.yaml").rename(tmp_path / "delat" / "aa.yaml")
    (fu.dir / "forvaltningar" / "aa.yaml").symlink_to(tmp_path / "delat" / "aa.yaml")
    expect_exit(fu.validate(), 0)


def test_a_link_to_nothing_is_a_finding(fu: PlanCopy) -> None:
    (fu.dir / "forvaltningar" / "xx.yaml").symlink_to("finns-inte.yaml")
    result = fu.validate()
    assert result.findings == [f"{FV}/xx.yaml:1:1: error OMST001"]
    assert result.messages == ["is a link to nothing (or a loop of links); not read"]


# The size limit counts what is read


def test_the_limit_holds_where_the_size_on_disk_says_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"#" * 100)
    real_fstat = os.fstat

    def says_empty(fd: int) -> os.stat_result:
        found = real_fstat(fd)
        return os.stat_result((*found[:6], 0, *found[7:]))  # st_size 0, as for a device

    monkeypatch.setattr(os, "fstat", says_empty)
    found = files.read_bytes(path, "plan.yaml", 10, tmp_path)
    assert isinstance(found, Finding)
    assert (found.code, found.message) == (
        "OMST007",
        "file is larger than 10 bytes; raise the limit with --max-file-size or OMST_MAX_FILE_SIZE",
    )
    assert files.read_bytes(path, "plan.yaml", 100, tmp_path) == b"#" * 100
