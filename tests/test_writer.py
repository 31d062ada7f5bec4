"""One safe writer for every file omst writes: outputs are replaced whole or not at all,
never over a folder, a special file or a plan file; a signal leaves no temporary file; an
edit of a plan file keeps what the file is and loses no one else's change."""

from __future__ import annotations

import errno
import os
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import GP, REPO, VP, PlanCopy, expect_exit, omst
from omstallning.reading import writer
from omstallning.reading.writer import WriteProblem, edit_plan, staged_all, write_atomic


def leftovers(folder: Path) -> list[str]:
    """Temporary and lock files omst may have left in `folder`."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".lock")))


# --- outputs: what omst refuses to replace ------------------------------------------------


def test_export_to_a_folder_says_it_is_a_folder(plans: PlanCopy) -> None:
    result = omst("export", "--plan-dir", "plan", "--out", ".")
    expect_exit(result, 2)
    assert "cannot write .: it is a folder" in result.stderr
    assert leftovers(plans.root) == []


def test_render_into_a_file_says_the_file_is_not_a_folder(plans: PlanCopy) -> None:
    (plans.root / "afile").write_text("mine\n")
    result = omst("render", "--plan-dir", "plan", "--out", "afile")
    expect_exit(result, 2)
    assert "afile is not a folder" in result.stderr
    assert (plans.root / "afile").read_text() == "mine\n"


def test_render_writes_neither_document_when_one_target_is_a_folder(plans: PlanCopy) -> None:
    out = plans.root / "out"
    out.mkdir()
    (out / "inriktningsdokument.md").write_text("the previous document\n")
    (out / "inriktningsdokument.html").mkdir()
    result = omst("render", "--plan-dir", "plan", "--out", "out")
    expect_exit(result, 2)
    assert "inriktningsdokument.html: it is a folder" in result.stderr
    assert (out / "inriktningsdokument.md").read_text() == "the previous document\n"
    assert leftovers(out) == []


def test_export_refuses_to_replace_a_fifo(plans: PlanCopy) -> None:
    os.mkfifo(plans.root / "pipe.xlsx")
    result = omst("export", "--plan-dir", "plan", "--out", "pipe.xlsx")
    expect_exit(result, 2)
    assert "pipe.xlsx: it is a FIFO, not a regular file" in result.stderr
    assert stat.S_ISFIFO((plans.root / "pipe.xlsx").lstat().st_mode)
    assert leftovers(plans.root) == []


@pytest.mark.usefixtures("swedish")
def test_what_omst_will_not_write_over_is_named_in_swedish(plans: PlanCopy) -> None:
    os.mkfifo(plans.root / "pipe.xlsx")
    (plans.root / "afile").write_text("mine\n")
    refusals = {
        ("export", "--out", "pipe.xlsx"): "kan inte skriva pipe.xlsx: det är en FIFO",
        ("export", "--out", "."): "kan inte skriva .: det är en mapp",
        ("render", "--out", "afile"): "afile är ingen mapp",
        ("export", "--out", VP): "det är en planfils namn, och omst skriver aldrig",
    }
    for args, message in refusals.items():
        result = omst(args[0], "--plan-dir", "plan", *args[1:])
        expect_exit(result, 2)
        assert message in result.stderr, (args, result.stderr)


def test_a_report_refuses_to_replace_a_socket(plans: PlanCopy) -> None:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("s.sarif")
        result = plans.validate("--output", "sarif:s.sarif")
    expect_exit(result, 2)
    assert "s.sarif: it is a socket, not a regular file" in result.stderr
    assert stat.S_ISSOCK((plans.root / "s.sarif").lstat().st_mode)


@pytest.mark.parametrize(
    "second, reason",
    [
        ("afile/omst.xml", "afile is not a folder"),  # its folder cannot be made
        ("ro/omst.xml", "Permission denied"),
    ],
)
def test_validate_writes_all_its_outputs_or_none(
    plans: PlanCopy, monkeypatch: pytest.MonkeyPatch, second: str, reason: str
) -> None:
    (plans.root / "afile").write_text("mine\n")
    (plans.root / "ro").mkdir(mode=0o555)
    real_mkstemp = tempfile.mkstemp

    def read_only(*args: Any, **kwargs: Any) -> tuple[int, str]:
        # root writes into a 0555 folder anyway: the refusal a user meets, made for root too
        if Path(kwargs["dir"]).name == "ro":
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(writer.tempfile, "mkstemp", read_only)
    result = plans.validate("-o", "sarif:first.sarif", "-o", f"junit:{second}")
    expect_exit(result, 2)
    assert f"cannot write {second}: " in result.stderr and reason in result.stderr
    assert "Traceback" not in result.stderr
    assert not (plans.root / "first.sarif").exists()
    assert leftovers(plans.root) == []
    assert (plans.root / "afile").read_text() == "mine\n"


def test_export_refuses_to_replace_a_device_node(plans: PlanCopy) -> None:
    # A node like /dev/full's, made in the test's folder: as root, omst once replaced it.
    try:
        os.mknod(plans.root / "full", 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc})")
    result = omst("export", "--plan-dir", "plan", "--out", "full")
    expect_exit(result, 2)
    assert "full: it is a device, not a regular file" in result.stderr
    assert stat.S_ISCHR((plans.root / "full").lstat().st_mode)


@pytest.mark.parametrize(
    "args, plan_file",
    [
        (("export", "--plan-dir", "plan", "--out", VP), VP),
        (("validate", "--plan-dir", "plan", "--output", f"sarif:{GP}"), GP),
    ],
)
def test_no_report_overwrites_a_plan_file(
    plans: PlanCopy, args: tuple[str, ...], plan_file: str
) -> None:
    before = {name: plans.text(name) for name in (GP, VP)}
    result = omst(*args)
    expect_exit(result, 2)
    assert f"cannot write {plan_file}: it names a plan file" in result.stderr
    assert {name: plans.text(name) for name in (GP, VP)} == before


def test_no_output_is_written_as_a_forvaltning_file(tmp_path: Path) -> None:
    target = tmp_path / "plan" / "forvaltningar" / "ny.yml"
    with pytest.raises(WriteProblem, match="names a plan file"):
        write_atomic(target, "x: 1\n")
    assert not target.parent.exists()


def test_export_on_a_full_disk_is_a_usage_error_that_keeps_the_previous_file(
    plans: PlanCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    (plans.root / "x.xlsx").write_bytes(b"the previous workbook")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    monkeypatch.setattr(zipfile.ZipFile, "write", full)
    result = omst("export", "--plan-dir", "plan", "--out", "x.xlsx")
    expect_exit(result, 2)
    assert "cannot write x.xlsx: No space left on device" in result.stderr
    assert (plans.root / "x.xlsx").read_bytes() == b"the previous workbook"
    assert leftovers(plans.root) == []


def test_an_output_replaces_a_hard_link_and_leaves_the_other_name_alone(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.txt"
    other.write_text("keep me\n")
    os.link(other, tmp_path / "report.txt")
    write_atomic(tmp_path / "report.txt", "the report\n")
    assert other.read_text() == "keep me\n"
    assert (tmp_path / "report.txt").read_text() == "the report\n"


def test_an_error_inside_the_block_writes_no_file_of_the_set(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("old a\n")
    with pytest.raises(RuntimeError), staged_all([tmp_path / "a", tmp_path / "b"]) as files:
        files[0].handle.write("new a\n")
        raise RuntimeError("a template error")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]
    assert (tmp_path / "a").read_text() == "old a\n"


# --- signals --------------------------------------------------------------------------------

# Sandboxed Jinja caps range() at 100 000, so the long document is two loops.
_ENDLESS = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}\n"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_during_render_leaves_no_temporary_file(plans: PlanCopy, signum: int) -> None:
    templates = plans.root / "templates"
    templates.mkdir()
    (templates / "inriktningsdokument.md.j2").write_text(_ENDLESS)
    out = plans.root / "out"
    out.mkdir()
    (out / "inriktningsdokument.md").write_text("the previous document\n")
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "omstallning",
            "render",
            "--plan-dir",
            "plan",
            "--out",
            "out",
            "--format",
            "md",
            "--templates",
            "templates",
        ],
        cwd=plans.root,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not [p for p in out.iterdir() if p.suffix == ".tmp" and p.stat().st_size]:
            assert time.monotonic() < deadline and run.poll() is None, "no temporary file came"
            time.sleep(0.05)
        run.send_signal(signum)
        _, stderr = run.communicate(timeout=30)
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    assert run.returncode in (-signum, 128 + signum), run.returncode
    assert b"Traceback" not in stderr
    assert leftovers(out) == []
    assert (out / "inriktningsdokument.md").read_text() == "the previous document\n"


def test_a_signal_ignored_before_omst_stays_ignored(tmp_path: Path) -> None:
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with staged_all([tmp_path / "a"]) as (file,):
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
            file.handle.write("a\n")
    finally:
        signal.signal(signal.SIGHUP, before)
    assert (tmp_path / "a").read_text() == "a\n"


# --- edits of plan files ----------------------------------------------------------------------


def test_an_edit_refuses_when_the_file_changed_since_it_was_read(tmp_path: Path) -> None:
    plan = tmp_path / "verksamhetsplan.yaml"
    plan.write_bytes(b"a: 1  # saved by the editor\n")
    with pytest.raises(WriteProblem, match="the file changed while omst was editing it"):
        edit_plan(plan, b"a: 1\n", b"a: 2\n")
    assert plan.read_bytes() == b"a: 1  # saved by the editor\n"
    assert leftovers(tmp_path) == []


def test_an_edit_waits_for_another_omst_and_names_a_lock_left_behind(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "verksamhetsplan.yaml"
    plan.write_bytes(b"a: 1\n")
    (tmp_path / "verksamhetsplan.yaml.lock").write_bytes(b"")
    with pytest.raises(WriteProblem, match=r"another omst is editing the file \(.*\.lock exists"):
        edit_plan(plan, b"a: 1\n", b"a: 2\n", wait=0.2)
    assert plan.read_bytes() == b"a: 1\n"
    assert leftovers(tmp_path) == ["verksamhetsplan.yaml.lock"]  # not ours to remove


def test_an_edit_of_a_hard_linked_file_that_fails_midway_writes_the_old_text_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "verksamhetsplan.yaml"
    plan.write_bytes(b"a: 1\n")
    os.link(plan, tmp_path / "copy.yaml")
    real_fsync = os.fsync
    calls = []

    def fail_second(fd: int) -> None:  # the lock file syncs; the file written in place fails
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(writer.os, "fsync", fail_second)
    with pytest.raises(WriteProblem, match="Input/output error"):
        edit_plan(plan, b"a: 1\n", b"a: 2 with a longer text\n")
    assert plan.read_bytes() == b"a: 1\n"
    assert leftovers(tmp_path) == []


def test_a_fifo_as_the_job_summary_is_a_warning_and_does_not_hold_omst(plans: PlanCopy) -> None:
    os.mkfifo(plans.root / "summary.md")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "GITHUB_ACTIONS": "true"}
    env["GITHUB_STEP_SUMMARY"] = str(plans.root / "summary.md")
    run = subprocess.run(
        [sys.executable, "-m", "omstallning", "validate", "--plan-dir", "plan"],
        cwd=plans.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "warning: the step summary: cannot write" in run.stderr
    assert "it is a FIFO, not a regular file" in run.stderr


def test_text_is_added_to_the_end_of_an_existing_summary(tmp_path: Path) -> None:
    (tmp_path / "summary.md").write_text("earlier step\n")
    writer.append_text(tmp_path / "summary.md", "omst\n")
    assert (tmp_path / "summary.md").read_text() == "earlier step\nomst\n"
    with pytest.raises(WriteProblem, match="it is a folder"):
        writer.append_text(tmp_path, "omst\n")


def test_a_new_plan_file_is_made_whole_with_the_umask_mode(tmp_path: Path) -> None:
    plan = tmp_path / "plan" / "forvaltningar" / "ny.yaml"
    old = os.umask(0o027)
    try:
        edit_plan(plan, None, b"forvaltning: NY\n")
    finally:
        os.umask(old)
    assert plan.read_bytes() == b"forvaltning: NY\n"
    assert stat.S_IMODE(plan.stat().st_mode) == 0o640 and plan.stat().st_nlink == 1
    assert leftovers(plan.parent) == []


def test_a_new_plan_file_is_refused_when_one_came_meanwhile(tmp_path: Path) -> None:
    plan = tmp_path / "ny.yaml"
    plan.write_bytes(b"made by someone else\n")
    with pytest.raises(WriteProblem, match="the file changed while omst was editing it"):
        edit_plan(plan, None, b"forvaltning: NY\n")
    assert plan.read_bytes() == b"made by someone else\n"
    assert leftovers(tmp_path) == []


# --- properties over every kind of target ------------------------------------------------

_KINDS = ["missing", "regular", "symlink", "hard link", "folder", "fifo", "socket"]


def _make_target(folder: Path, kind: str) -> tuple[Path, Path, socket.socket | None]:
    """A target of `kind` in `folder`, and a victim file a link at the target points to."""
    target, victim = folder / "out.txt", folder / "victim.txt"
    victim.write_bytes(b"the victim\n")
    sock = None
    if kind == "regular":
        target.write_bytes(b"the previous output\n")
    elif kind == "symlink":
        target.symlink_to(victim)
    elif kind == "hard link":
        os.link(victim, target)
    elif kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(target))
    return target, victim, sock


def _snapshot(path: Path) -> tuple[int, bytes | None]:
    mode = path.lstat().st_mode
    return stat.S_IFMT(mode), path.read_bytes() if stat.S_ISREG(mode) else None


@given(kind=st.sampled_from(_KINDS), text=st.text(max_size=200))
@settings(max_examples=60, deadline=None)
def test_an_output_is_written_whole_or_refused_with_nothing_else_changed(
    kind: str, text: str
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        target, victim, sock = _make_target(folder, kind)
        try:
            before = _snapshot(target) if kind != "missing" else None
            try:
                write_atomic(target, text)
            except WriteProblem as exc:
                assert kind in ("folder", "fifo", "socket"), exc
                assert _snapshot(target) == before
            else:
                assert kind not in ("folder", "fifo", "socket")
                assert not target.is_symlink()
                assert target.read_bytes() == text.encode("utf-8")
            assert victim.read_bytes() == b"the victim\n"  # never written through a link
            assert leftovers(folder) == []
        finally:
            if sock is not None:
                sock.close()


@given(
    kind=st.sampled_from(["plain", "symlink", "hard link"]),
    read=st.binary(max_size=100),
    meanwhile=st.one_of(st.none(), st.binary(max_size=100)),
    after=st.binary(max_size=100),
)
@settings(max_examples=60, deadline=None)
def test_a_plan_edit_lands_only_on_the_text_it_read(
    kind: str, read: bytes, meanwhile: bytes | None, after: bytes
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        real = folder / "real.yaml"
        real.write_bytes(read)
        path = real
        if kind == "symlink":
            path = folder / "verksamhetsplan.yaml"
            path.symlink_to(real.name)
        elif kind == "hard link":
            os.link(real, folder / "other.yaml")
        if meanwhile is not None:
            real.write_bytes(meanwhile)  # an editor saved after omst read the file
        now = real.read_bytes()
        try:
            edit_plan(path, read, after)
        except WriteProblem as exc:
            assert now != read and "changed while omst was editing it" in str(exc)
            assert real.read_bytes() == now
        else:
            assert now == read
            assert real.read_bytes() == after
        assert path.is_symlink() == (kind == "symlink")
        if kind == "hard link":
            assert (folder / "other.yaml").read_bytes() == real.read_bytes()
        assert leftovers(folder) == []


def test_a_signal_during_an_in_place_write_waits_until_the_file_is_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "verksamhetsplan.yaml"
    plan.write_bytes(b"a: 1 with the old text\n")
    os.link(plan, tmp_path / "other.yaml")
    real_open = open

    class CutMidway:
        """The file written in place, with Ctrl-C pressed after its first three bytes."""

        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> CutMidway:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> None:
            self.handle.write(data[:3])
            self.handle.flush()
            os.kill(os.getpid(), signal.SIGINT)
            self.handle.write(data[3:])

        def __getattr__(self, name: str) -> Any:
            return getattr(self.handle, name)

    def opening(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        return CutMidway(handle) if mode == "r+b" else handle

    monkeypatch.setattr(writer, "open", opening, raising=False)
    with pytest.raises(KeyboardInterrupt):
        edit_plan(plan, b"a: 1 with the old text\n", b"b: 2\n")
    assert plan.read_bytes() == b"b: 2\n"  # the edit finished; the signal came after
    assert leftovers(tmp_path) == []
