"""Every file omst writes goes through here, so that nothing the user had is lost.

Two kinds of write, with different promises:

- **An output** (a document, a report, an export, a schema) is a new file each time: written
  under a temporary name beside its target, synced, then put in place with one rename, so a
  reader sees the old file or the new one. It gets the umask's permissions. A link at its
  name, symbolic or hard, is replaced and never written through: a link planted in an output
  folder cannot make omst overwrite another file. omst refuses to write an output over a
  folder, a device, a FIFO or a socket, and over or as a plan file.
- **An edit of a plan file** (review today, import later; a new plan file too, refused if
  one of that name appears meanwhile) keeps what the file is: its mode, owner and group as
  far as the system allows, a symbolic link (the link's target is edited), and hard links
  (the file is written in place, after its new text is complete on disk). Under git's kind
  of lock (`NAME.lock`, made exclusively, which also holds the new text) omst compares the
  file with what it read, immediately before the rename, and refuses when it changed: "the
  file changed while omst was editing it; nothing was written".
- **An addition** to a file someone else keeps (GitHub's job summary) is appended to a
  regular file only: a FIFO there would hold omst forever.

SIGTERM and SIGHUP, like SIGINT, remove the temporary files before omst ends; the signal is
then delivered again, so omst ends as that signal says. The steps that must not be cut in
half (a file written in place, a rename) finish before any signal is handled.
"""

from __future__ import annotations

import hashlib
import io
import os
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import BinaryIO, TextIO

from ..i18n import _
from .errors import UsageError

# The plan files by name (reading.plandir knows them too, but importing it loads the YAML
# reader, which commands that only write an output must not pay for).
PLAN_FILE_NAMES = frozenset({"genomforandeplan.yaml", "verksamhetsplan.yaml"})
FOLLOWUP_FOLDER = "forvaltningar"
LOCK_WAIT = 5.0  # seconds an edit waits for another omst's lock before it gives up


class WriteProblem(UsageError):
    """A file that could not be written, or that omst would not write, and why."""


def cannot(path: Path | str, reason: OSError | str) -> WriteProblem:
    if isinstance(reason, OSError):
        reason = reason.strerror or str(reason)
    return WriteProblem(_("cannot write {path}: {reason}").format(path=path, reason=reason))


def is_plan_file(path: Path) -> bool:
    """A path that names a plan file: the two plans, or a förvaltning's follow-up file."""
    name = path.name
    return name in PLAN_FILE_NAMES or (
        path.parent.name == FOLLOWUP_FOLDER and name.endswith((".yaml", ".yml"))
    )


# --- signals ---------------------------------------------------------------------------------


class _Signalled(BaseException):
    """SIGTERM or SIGHUP, raised where the program is, so that cleanup runs as for Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_signal(signum: int, frame: FrameType | None) -> None:
    raise _Signalled(signum)


@contextmanager
def _signals_clean_up() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP unwind the stack like SIGINT does; after the
    cleanup, the signal is delivered again to the handler there was before."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; a server's threads clean up on errors
        return
    previous: dict[int, signal.Handlers | object] = {}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        before = signal.getsignal(signum)
        if before is None or before == signal.SIG_IGN:
            continue  # a handler set outside Python, or ignored (nohup): leave it so
        previous[signum] = before
        signal.signal(signum, _raise_signal)
    try:
        yield
    except _Signalled as exc:
        _restore(previous)
        signal.raise_signal(exc.signum)
        raise SystemExit(128 + exc.signum) from None  # the handler before did not end omst
    finally:
        _restore(previous)


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Signals wait for the end of the block: a step that must not be cut in half (a file
    written in place, a rename and the note that it happened) finishes first."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, caught)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _restore(previous: dict[int, signal.Handlers | object]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)  # type: ignore[arg-type]


# --- outputs ---------------------------------------------------------------------------------


def _kind(mode: int) -> str:
    """Why omst will not write to what `mode` is, as a reason: "it is …"."""
    if stat.S_ISDIR(mode):
        kind = _("a folder")
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = _("a device, not a regular file")
    elif stat.S_ISFIFO(mode):
        kind = _("a FIFO, not a regular file")
    elif stat.S_ISSOCK(mode):
        kind = _("a socket, not a regular file")
    else:
        kind = _("not a regular file")
    return _("it is {kind}").format(kind=kind)


def _check_output(path: Path) -> None:
    """Refuse, before anything is written, a target omst must not replace."""
    if is_plan_file(path):
        raise cannot(
            path,
            _(
                "it names a plan file, and omst writes no output over or as a plan file "
                "(choose another file name)"
            ),
        )
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise cannot(path, _("{path} is not a folder").format(path=_not_a_folder(path))) from None
    except OSError as exc:
        raise cannot(path, exc) from None
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):  # a link is replaced, not followed
        raise cannot(path, _kind(mode))


def check_output(path: Path) -> None:
    """What staged_all refuses of a target, for a command that has more to check before it
    reads anything (the writer's reason comes first)."""
    _check_output(path)


def _not_a_folder(path: Path) -> Path:
    """The first of `path`'s parents that exists and is not a folder."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return path.parent


def _make_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise cannot(path, _("{path} is not a folder").format(path=_not_a_folder(path))) from None
    except OSError as exc:
        raise cannot(path, exc) from None


class Staged:
    """A file written beside its target under a temporary name, put in place by commit().
    Write text to `handle`, or bytes to `binary` (not both)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        self.tmp = Path(tmp)
        self.binary: BinaryIO = os.fdopen(fd, "wb")
        _umask_mode(fd)  # mkstemp's 0600 would make the document private
        self._text: TextIO | None = None

    @property
    def handle(self) -> TextIO:
        if self._text is None:
            self._text = io.TextIOWrapper(self.binary, encoding="utf-8", newline="\n")
        return self._text

    def commit(self) -> None:
        if self._text is not None:
            self._text.flush()
        self.binary.flush()
        os.fsync(self.binary.fileno())
        self.binary.close()
        os.replace(self.tmp, self.path)
        _sync_folder(self.path.parent)

    def discard(self) -> None:
        with suppress(OSError):  # a failed write's buffer fails again on close: it goes anyway
            self.binary.close()
        self.tmp.unlink(missing_ok=True)


@contextmanager
def staged_all(paths: list[Path]) -> Iterator[list[Staged]]:
    """Outputs to write together: all are put in place when the block ends without an error,
    none when it raises, is interrupted or a target cannot be written (each target is checked
    before any is written; each is then replaced in one step, one after the other)."""
    for path in paths:
        _check_output(path)
    for path in paths:
        _make_folder(path)
    staged: list[Staged] = []
    current = paths[0] if len(paths) == 1 else paths[0].parent if paths else Path(".")
    with _signals_clean_up():
        try:
            for path in paths:
                current = path
                staged.append(Staged(path))
            current = paths[0] if len(paths) == 1 else current.parent
            yield staged
            for file in staged:
                current = file.path
                file.commit()
        except BaseException as exc:
            for file in staged:
                file.discard()
            if isinstance(exc, OSError):
                raise cannot(current, exc) from None
            raise


def write_atomic(path: Path, text: str) -> None:
    """Replace the output `path` with `text` in one step."""
    with staged_all([path]) as (file,):
        file.handle.write(text)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; some file systems cannot sync a folder, which is no error."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def append_text(path: Path, text: str) -> None:
    """Add `text` at the end of a file that someone else keeps (GitHub's job summary): a
    regular file, made if missing; never a FIFO, which would hold omst, nor a device, a
    folder or a plan file."""
    if is_plan_file(path):
        raise cannot(path, _("it names a plan file, and omst adds nothing to a plan file"))
    with suppress(FileNotFoundError):
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise cannot(path, _kind(mode))
    try:
        # O_NONBLOCK: a FIFO put in its place since the check fails at once instead of waiting
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK, 0o666)
    except OSError as exc:
        raise cannot(path, exc) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise cannot(path, _kind(mode))
        _write_fd(fd, text.encode("utf-8"))
    except OSError as exc:
        raise cannot(path, exc) from None
    finally:
        os.close(fd)


# --- edits of plan files ---------------------------------------------------------------------


def changed(path: Path | str) -> WriteProblem:
    return WriteProblem(
        _(
            "{path}: the file changed while omst was editing it; nothing was written "
            "(run the command again)"
        ).format(path=path)
    )


def edit_plan(path: Path, before: bytes | None, after: bytes, wait: float = LOCK_WAIT) -> None:
    """Replace the plan file `path`, which omst read as `before`, by `after`; refuse with
    nothing written if the file is no longer `before`. Keeps what the file is (see above).
    With `before` None the file is new: it is made, and refused if it exists by then."""
    real = Path(os.path.realpath(path))  # a symbolic link stays one: its target is edited
    with _signals_clean_up():
        st = None
        try:
            if before is None:
                real.parent.mkdir(parents=True, exist_ok=True)
            else:
                st = os.stat(real)
        except OSError as exc:
            raise cannot(path, exc) from None
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise cannot(path, _kind(st.st_mode))
        lock = real.with_name(real.name + ".lock")
        fd = _take_lock(lock, path, wait)
        placed = False
        try:
            _write_fd(fd, after)
            os.fsync(fd)
            if st is None:
                _umask_mode(fd)
                _make(lock, real, path)  # the lock's name is still ours to remove
            elif _digest_of(real) != hashlib.sha256(before or b"").digest():
                raise changed(path)
            elif st.st_nlink > 1:
                _keep_owner_and_mode(fd, st)
                with _signals_deferred():
                    _write_in_place(real, path, before or b"", after)
            else:
                _keep_owner_and_mode(fd, st)
                with _signals_deferred():
                    os.replace(lock, real)
                    placed = True
            _sync_folder(real.parent)
        except OSError as exc:
            raise cannot(path, exc) from None
        finally:
            os.close(fd)
            if not placed:  # once renamed, the name may already be another omst's lock
                lock.unlink(missing_ok=True)


def _umask_mode(fd: int) -> None:
    """The mode a new file gets from the umask (the umask can only be read by setting it)."""
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)


def _make(lock: Path, real: Path, path: Path) -> None:
    """A new file under its name, unless one came meanwhile: a hard link to the complete
    lock file is made in one step and fails if the name exists."""
    try:
        os.link(lock, real)
    except FileExistsError:
        raise changed(path) from None


def _take_lock(lock: Path, path: Path, wait: float) -> int:
    deadline = time.monotonic() + wait
    while True:
        try:
            return os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            if time.monotonic() >= deadline:
                raise WriteProblem(
                    _(
                        "{path}: another omst is editing the file ({lock} exists; if no omst "
                        "is running, delete it); nothing was written"
                    ).format(path=path, lock=lock)
                ) from None
            time.sleep(0.05)
        except OSError as exc:
            raise cannot(path, exc) from None


def _write_fd(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _keep_owner_and_mode(fd: int, st: os.stat_result) -> None:
    """The new file gets the old one's owner and group where the system lets omst give them
    (a user may give a group they belong to; only root may give an owner), then its mode
    (after chown, which may clear set-id bits)."""
    for uid, gid in ((st.st_uid, st.st_gid), (-1, st.st_gid)):
        try:
            os.fchown(fd, uid, gid)
            break
        except PermissionError:
            continue
    os.fchmod(fd, stat.S_IMODE(st.st_mode))


def _digest_of(path: Path) -> bytes:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.digest()


def _write_in_place(real: Path, path: Path, before: bytes, after: bytes) -> None:
    """A file with hard links is rewritten in place, so every name keeps seeing it; the new
    text is complete in the lock file first, and if writing fails midway the old text is
    written back."""
    with open(real, "r+b") as handle:
        try:
            handle.write(after)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
        except OSError as exc:
            handle.seek(0)
            handle.write(before)
            handle.truncate()
            handle.flush()
            raise cannot(path, exc) from None
