"""How large a plan file omst reads: a guard against reading a runaway file into memory,
set by the user with --max-file-size or OMST_MAX_FILE_SIZE (e.g. 512M, 2G, 300000000)."""

from __future__ import annotations

import os
import re

from ..i18n import _
from .errors import UsageError

DEFAULT_MAX_FILE_SIZE = 256 * 1024 * 1024
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
_SIZE = re.compile(r"^\s*([0-9]+)\s*([KMG]?)(?:i?B)?\s*$", re.IGNORECASE)


def parse_size(text: str) -> int:
    match = _SIZE.match(text)
    if not match or int(match.group(1)) == 0:
        raise UsageError(
            _("file size limit {value} is not a size such as 256M, 1G or 300000000 (bytes)").format(
                value=repr(text)
            )
        )
    return int(match.group(1)) * _UNITS[match.group(2).upper()]


def max_file_size(chosen: int | None = None) -> int:
    """`chosen` (--max-file-size, passed down from the command line), else
    OMST_MAX_FILE_SIZE, else the default."""
    if chosen is not None:
        return chosen
    value = os.environ.get("OMST_MAX_FILE_SIZE")
    return parse_size(value) if value else DEFAULT_MAX_FILE_SIZE


def format_size(size: int) -> str:
    for unit in ("G", "M", "K"):
        if size >= _UNITS[unit] and size % _UNITS[unit] == 0:
            return f"{size // _UNITS[unit]} {unit}iB"
    return f"{size:,} bytes".replace(",", " ")
