"""Finding the plan directory and reading its files into documents."""

from __future__ import annotations

import os
from pathlib import Path

from . import limits, yamlfile
from .errors import UsageError
from .kinds import FORVALTNING, PLAN_KINDS

PLAN_FILES = {kind: f"{kind}.yaml" for kind in PLAN_KINDS}


def find_plan_dir(option: Path | None, cwd: Path | None = None) -> Path:
    """--plan-dir, else OMST_PLAN_DIR, else plan/ here, else plan/ at the git root."""
    cwd = cwd or Path.cwd()
    if option is None and os.environ.get("OMST_PLAN_DIR"):
        option = Path(os.environ["OMST_PLAN_DIR"])
    if option is not None:
        if not option.is_dir():
            raise UsageError(f"plan directory {option} does not exist or is not a directory")
        return option
    if (cwd / "plan").is_dir():
        return cwd / "plan"
    # Only past this point is the git module needed: a run with plan/ at hand does without it.
    from .git import root_of

    if (found := (root_of(cwd) or cwd) / "plan").is_dir():
        return found
    raise UsageError(
        "no plan/ directory here or at the git root; run omst in the plans' "
        "repository, or give --plan-dir PATH (or set OMST_PLAN_DIR)"
    )


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Paths as a user typed them: relative to the current directory when under it."""
    cwd = cwd or Path.cwd()
    try:
        relative = os.path.relpath(path.resolve(), cwd.resolve())
    except ValueError:  # another drive
        return str(path)
    return relative if not relative.startswith(f"..{os.sep}..{os.sep}..") else str(path)


FOLLOWUP_DIR = "forvaltningar"
FOLLOWUP_KIND = FORVALTNING


def read_dir(plan_dir: Path, max_file_size: int | None = None) -> dict[str, yamlfile.Document]:
    """Both plans, and the förvaltningar's follow-up files where plan/forvaltningar/ exists.
    Keys are the document kinds; a follow-up file's key is "forvaltning:<file stem>".
    `max_file_size` in bytes; None: OMST_MAX_FILE_SIZE or the default (limits.py)."""
    docs = {}
    for kind, name in PLAN_FILES.items():
        path = plan_dir / name
        try:
            path.stat()
        except FileNotFoundError:
            raise UsageError(
                f"{display_path(path)}: plan file not found (the plan directory "
                f"must hold {' and '.join(PLAN_FILES.values())})"
            ) from None
        except OSError:
            pass  # read_file says why
        docs[kind] = read_file(path, max_file_size=max_file_size)
    for path in sorted((plan_dir / FOLLOWUP_DIR).glob("*.yaml")):
        docs[f"{FOLLOWUP_KIND}:{path.stem}"] = read_file(
            path, floats=True, max_file_size=max_file_size
        )
    return docs


def read_file(
    path: Path, floats: bool = False, max_file_size: int | None = None
) -> yamlfile.Document:
    shown = display_path(path)
    limit = limits.max_file_size(max_file_size)
    try:
        problem = yamlfile.too_large(shown, path.stat().st_size, limit)
        if problem:
            return yamlfile.Document(shown, findings=[problem])
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    return parse_bytes(shown, raw, floats, limit)


def parse_bytes(
    shown: str, raw: bytes, floats: bool = False, max_file_size: int | None = None
) -> yamlfile.Document:
    problem = yamlfile.too_large(shown, len(raw), limits.max_file_size(max_file_size))
    if problem:
        return yamlfile.Document(shown, findings=[problem])
    _, problem = yamlfile.decode(shown, raw)  # the check; the decoded text is let go
    if problem:
        return yamlfile.Document(shown, findings=[problem])
    return yamlfile.parse(shown, yamlfile.without_bom(raw), floats)
