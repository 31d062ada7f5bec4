"""Writing files so that a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from ..reading.errors import UsageError


class WriteProblem(UsageError):
    """A file that could not be written, named, with the system's reason."""

    def __init__(self, path: Path, exc: OSError) -> None:
        super().__init__(f"cannot write {path}: {exc.strerror or exc}")


class Staged:
    """A file written beside its target under a temporary name, put in place by commit()."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        self.tmp = Path(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would make the document private
        self.handle: TextIO = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def commit(self) -> None:
        if self.handle.closed:  # a writer that wrote the file by its name
            fd = os.open(self.tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        else:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        self.handle.close()
        self.tmp.unlink(missing_ok=True)


@contextmanager
def staged_all(paths: list[Path]) -> Iterator[list[Staged]]:
    """Files to write together: all are put in place when the block ends without an error,
    none when it raises (each is still replaced in one step, one after the other)."""
    staged: list[Staged] = []
    current = paths[0].parent if paths else Path(".")
    try:
        for path in paths:
            current = path
            staged.append(Staged(path))
        current = paths[0].parent if paths else current
        yield staged
        for file in staged:
            current = file.path
            file.commit()
    except BaseException as exc:
        for file in staged:
            file.discard()
        if isinstance(exc, OSError):
            raise WriteProblem(current, exc) from None
        raise


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step."""
    with staged_all([path]) as (file,):
        file.handle.write(text)
