"""Where a folder's git repository is: a walk up for `.git`, without git itself. Its own
module, so that reading the plans (which bounds every plan file by its repository) does not
load the git commands of reading/git.py."""

from __future__ import annotations

from pathlib import Path


def root_of(folder: Path) -> Path | None:
    """The folder holding `.git` at or above `folder`, None outside a repository. A walk up
    the folders, not `git rev-parse`: finding the plans runs it on every command."""
    start = folder.absolute()
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return None
