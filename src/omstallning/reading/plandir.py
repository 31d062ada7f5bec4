"""Finding the plan directory and reading its files into documents."""

from __future__ import annotations

import os
from pathlib import Path

from ..i18n import _
from . import files, limits, yamlfile
from .errors import UsageError
from .findings import Finding
from .kinds import FORVALTNING, PLAN_KINDS, UNREAD
from .repo import root_of

PLAN_FILES = {kind: f"{kind}.yaml" for kind in PLAN_KINDS}


def find_plan_dir(option: Path | None, cwd: Path | None = None) -> Path:
    """--plan-dir, else OMST_PLAN_DIR, else plan/ here, else plan/ at the git root."""
    cwd = cwd or Path.cwd()
    if option is None and os.environ.get("OMST_PLAN_DIR"):
        option = Path(os.environ["OMST_PLAN_DIR"])
    if option is not None:
        if not option.is_dir():
            raise UsageError(
                _("plan directory {path} does not exist or is not a directory").format(path=option)
            )
        return option
    if (cwd / "plan").is_dir():
        return cwd / "plan"
    if (found := (root_of(cwd) or cwd) / "plan").is_dir():
        return found
    raise UsageError(
        _(
            "no plan/ directory here or at the git root; run omst in the plans' "
            "repository, or give --plan-dir PATH (or set OMST_PLAN_DIR)"
        )
    )


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Paths as a user typed them: relative to the current directory when under it. A link
    is shown as itself, not as the file it leads to."""
    cwd = cwd or Path.cwd()
    try:
        relative = os.path.relpath(path.absolute().parent.resolve() / path.name, cwd.resolve())
    except ValueError:  # another drive
        return str(path)
    return relative if not relative.startswith(f"..{os.sep}..{os.sep}..") else str(path)


FOLLOWUP_DIR = "forvaltningar"
FOLLOWUP_KIND = FORVALTNING


def read_dir(plan_dir: Path, max_file_size: int | None = None) -> dict[str, yamlfile.Document]:
    """Both plans, and the förvaltningar's follow-up files where plan/forvaltningar/ exists.
    Keys are the document kinds; a follow-up file's key is "forvaltning:<file stem>", and
    what in that folder is not read is "unread:<name>", a document with only its finding.
    `max_file_size` in bytes; None: OMST_MAX_FILE_SIZE or the default (limits.py)."""
    limit = limits.max_file_size(max_file_size)
    boundary = repository_of(plan_dir)
    docs = {}
    for kind, name in PLAN_FILES.items():
        path = plan_dir / name
        try:
            path.stat()
        except FileNotFoundError:
            raise UsageError(
                _(
                    "{path}: plan file not found (the plan directory must hold {first} and "
                    "{second})"
                ).format(
                    path=display_path(path),
                    first=PLAN_FILES[PLAN_KINDS[0]],
                    second=PLAN_FILES[PLAN_KINDS[1]],
                )
            ) from None
        except OSError:
            pass  # read_file says why
        docs[kind] = read_file(path, max_file_size=limit, boundary=boundary)
    docs.update(_followup(plan_dir / FOLLOWUP_DIR, limit, boundary))
    return docs


FOLLOWUP_SUFFIXES = (".yaml", ".yml")


def _followup(folder: Path, limit: int, boundary: Path) -> dict[str, yamlfile.Document]:
    """Every .yaml and .yml file in plan/forvaltningar/ read; anything else there noted, so
    that no förvaltning drops out of the follow-up in silence."""
    try:
        names = sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as exc:
        raise UsageError(
            _("{path}: cannot read: {reason}").format(
                path=display_path(folder), reason=exc.strerror or exc
            )
        ) from None
    docs: dict[str, yamlfile.Document] = {}
    stems: dict[str, str] = {}
    for name in names:
        path = folder / name
        shown = display_path(path)
        stem = next((name[: -len(s)] for s in FOLLOWUP_SUFFIXES if name.endswith(s)), None)
        if stem is None:
            if name.startswith("."):
                continue  # .gitkeep and the like: the folder's own housekeeping
            if path.is_dir():
                said = _(
                    "a folder omst does not read: the follow-up is the .yaml and .yml files "
                    "directly in {folder}/"
                )
            else:
                said = _(
                    "a file omst does not read: the follow-up is the .yaml and .yml files "
                    "directly in {folder}/"
                )
            finding = files.not_read(shown, "OMST010", said.format(folder=FOLLOWUP_DIR))
        elif stem in stems:
            finding = files.not_read(
                shown,
                "OMST001",
                _("not read: {other} is the same förvaltning's file; keep one of the two").format(
                    other=stems[stem]
                ),
            )
        else:
            stems[stem] = name
            docs[f"{FOLLOWUP_KIND}:{stem}"] = read_file(
                path, floats=True, max_file_size=limit, boundary=boundary
            )
            continue
        docs[f"{UNREAD}:{name}"] = yamlfile.Document(shown, findings=[finding])
    return docs


def repository_of(plan_dir: Path) -> Path:
    """The folder no plan file may lead out of: the repository of the plan directory, else
    the plan directory itself (resolved, so that links are judged by where they end)."""
    real = plan_dir.resolve()
    return root_of(real) or real


def read_file(
    path: Path,
    floats: bool = False,
    max_file_size: int | None = None,
    boundary: Path | None = None,
) -> yamlfile.Document:
    """One plan file read safely (reading/files.py); `boundary` is the folder it must lie
    in (default: its plan directory's repository)."""
    shown = display_path(path)
    limit = limits.max_file_size(max_file_size)
    try:
        raw = files.read_bytes(path, shown, limit, boundary or repository_of(path.parent))
    except OSError as exc:
        raise UsageError(
            _("{path}: cannot read: {reason}").format(path=shown, reason=exc.strerror or exc)
        ) from None
    if isinstance(raw, Finding):
        return yamlfile.Document(shown, findings=[raw])
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
