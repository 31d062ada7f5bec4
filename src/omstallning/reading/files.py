"""Reading a plan file's bytes safely: only regular files, inside the plans' repository, and
never more than the size limit, counted on what is read.

A plan directory may come from a pull request: a FIFO named like a plan file would make a
reader wait forever, a link to /dev/zero would feed it without end, and a link to a file in
the home directory would have its text quoted in findings. Such files are not read; each
gets a finding here, at the file's first line.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..i18n import _
from .document import Document, Pos
from .findings import Finding, Severity
from .yamlerrors import file_too_large

# The codes of files that are not read at all, raised in this module.
FILE_CODES: dict[str, tuple[Severity, str]] = {
    "OMST001": (
        "error",
        "Plan file not read: not a regular file (a FIFO, device or socket), a link "
        "that leads out of the repository or nowhere, or a second file for one förvaltning "
        "(x.yml beside x.yaml).",
    ),
    "OMST010": (
        "warning",
        "Something in plan/forvaltningar/ that omst does not read: a folder, or a file whose "
        "name does not end in .yaml or .yml.",
    ),
}


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, _("is a FIFO (named pipe), not a regular file; not read")),
        (stat.S_ISCHR, _("is a character device, not a regular file; not read")),
        (stat.S_ISBLK, _("is a block device, not a regular file; not read")),
        (stat.S_ISSOCK, _("is a socket, not a regular file; not read")),
    )
    return next((said for test, said in kinds if test(mode)), _("is not a regular file; not read"))


def not_read(shown: str, code: str, message: str) -> Finding:
    return Document(shown).finding(Pos(1, 1), FILE_CODES[code][0], code, message)


def inside(path: Path, boundary: Path) -> bool:
    return path == boundary or boundary in path.parents


def read_bytes(path: Path, shown: str, limit: int, boundary: Path) -> bytes | Finding:
    """The file's bytes, or the finding that says why they are not read. `boundary` is the
    resolved folder every plan file must lie in (the repository, else the plan directory).
    OSError (a missing file, no permission, a folder) is left to the caller."""
    if os.path.islink(path):
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return not_read(
                shown, "OMST001", _("is a link to nothing (or a loop of links); not read")
            )
    else:
        real = path.parent.resolve() / path.name
    if not inside(real, boundary):
        return not_read(shown, "OMST001", _("is a link that leads out of the repository; not read"))
    mode = os.stat(real).st_mode
    if stat.S_ISDIR(mode):  # a usage error, as ever: the plan directory is not what it seems
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(mode):
        return not_read(shown, "OMST001", _kind(mode))
    # O_NONBLOCK: should the file have become a FIFO since the check, opening it does not
    # wait for a writer; O_NOFOLLOW: nor has it become a link since.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return not_read(shown, "OMST001", _("changed into a link while omst read it; not read"))
        raise
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            return not_read(shown, "OMST001", _kind(status.st_mode))
        if status.st_size > limit:
            return file_too_large(status.st_size, limit).at(Document(shown), Pos(1, 1))
        raw = handle.read(limit + 1)
    if len(raw) > limit:  # grown since, or a file whose size on disk says nothing
        return file_too_large(None, limit).at(Document(shown), Pos(1, 1))
    return raw
