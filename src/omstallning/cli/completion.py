"""Shell completion of item IDs (`omst link NV.<TAB>`): no commands here, so that importing
it registers none."""

from __future__ import annotations

from ..reading.errors import UsageError


def complete_ids(incomplete: str) -> list[tuple[str, str]]:
    """Item IDs of the plans here that begin with what was typed, with their names; nothing
    (rather than an error) where there are no readable plans."""
    from ..reading.plandir import find_plan_dir, read_dir

    try:
        docs = read_dir(find_plan_dir(None))
    except (UsageError, OSError):
        return []
    found: list[tuple[str, str]] = []
    for key in ("genomforandeplan", "verksamhetsplan"):
        _collect(docs[key].data, incomplete, found)
    return found


def _collect(data: object, prefix: str, found: list[tuple[str, str]]) -> None:
    if isinstance(data, dict):
        item = data.get("id")
        if isinstance(item, str) and item.startswith(prefix):
            label = data.get("namn") or data.get("text") or ""
            found.append((item, " ".join(str(label).split())[:60]))
        for value in data.values():
            _collect(value, prefix, found)
    elif isinstance(data, list):
        for value in data:
            _collect(value, prefix, found)
