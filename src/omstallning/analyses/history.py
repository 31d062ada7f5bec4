"""An item's history through the git history of the plans, in the plans' own terms; and the
plan files' revisions, for the document's revision table.

Each plan blob is read once (one `git cat-file --batch` process) and parsed once (cached by
blob hash): a file that many commits leave as it is costs nothing more."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..checks import build_plan
from ..model.plans import Genomforandeplan, Verksamhetsplan
from ..reading import git
from ..reading.plandir import PLAN_FILES, parse_bytes
from .diff import Entry, FieldChange, field_changes, plan_entries


@dataclass(frozen=True)
class Event:
    """What one commit did to the item."""

    commit: git.Commit
    change: str  # added, removed, changed, moved
    entry: Entry  # the item as the commit left it (as it was, for removed)
    fields: tuple[FieldChange, ...] = ()
    old_parent: str | None = None


class Revisions:
    """The plan files of one repository at any blob, each parsed at most once."""

    def __init__(self, repo: Path, plan_dir: Path) -> None:
        self.repo = repo
        rel = plan_dir.resolve().relative_to(repo.resolve()).as_posix()
        self.paths = {
            kind: f"{rel}/{name}" if rel != "." else name for kind, name in PLAN_FILES.items()
        }
        self.kind_of = {path: kind for kind, path in self.paths.items()}
        self.reader = git.BlobReader(repo)
        self._plans: dict[str, Genomforandeplan | Verksamhetsplan | None] = {}

    def close(self) -> None:
        self.reader.close()

    def plan(self, blob: str | None, path: str) -> Genomforandeplan | Verksamhetsplan | None:
        if blob is None:
            return None
        if blob not in self._plans:
            raw = self.reader.read(blob)
            built = None
            if raw is not None:
                doc = parse_bytes(f"{blob[:7]}:{path}", raw)
                built = build_plan(doc, self.kind_of[path])
            self._plans[blob] = built
        return self._plans[blob]

    def entries(self, blob: str | None, path: str) -> dict[str, Entry]:
        plan = self.plan(blob, path)
        return plan_entries(plan) if plan is not None else {}

    def commits(
        self, revisions: list[str], since: str | None = None, until: str | None = None
    ) -> list[git.Commit]:
        return git.log(self.repo, list(self.paths.values()), revisions, since, until)


def item_history(
    revisions: Revisions, item_id: str, commits: list[git.Commit], limit: int | None = None
) -> Iterator[Event]:
    """Each commit that added, changed, moved or removed the item, newest first."""
    found = 0
    for commit in commits:
        for change in commit.files:
            if change.path not in revisions.kind_of:
                continue
            before = revisions.entries(change.old_blob, change.path).get(item_id)
            after = revisions.entries(change.new_blob, change.path).get(item_id)
            event = _event(commit, before, after)
            if event is None:
                continue
            yield event
            found += 1
            if limit is not None and found >= limit:
                return


def _event(commit: git.Commit, before: Entry | None, after: Entry | None) -> Event | None:
    if before is None and after is None:
        return None
    if before is None:
        assert after is not None
        return Event(commit, "added", after)
    if after is None:
        return Event(commit, "removed", before)
    fields = field_changes(before, after)
    if before.parent != after.parent:
        return Event(commit, "moved", after, fields, before.parent)
    return Event(commit, "changed", after, fields) if fields else None


def known_ids(revisions: Revisions, commits: list[git.Commit]) -> set[str]:
    """Every ID the plan files have held in these commits."""
    ids: set[str] = set()
    for commit in commits:
        for change in commit.files:
            if change.path in revisions.kind_of:
                ids.update(revisions.entries(change.new_blob, change.path))
                ids.update(revisions.entries(change.old_blob, change.path))
    return ids


def event_json(event: Event) -> dict[str, Any]:
    c, e = event.commit, event.entry
    return {
        "commit": c.commit,
        "short": c.short,
        "date": c.date,
        "author": c.author,
        "subject": c.subject,
        "change": event.change,
        "plan": e.plan,
        "kind": e.kind,
        "parent": e.parent,
        "old_parent": event.old_parent,
        "label": e.label,
        "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in event.fields],
    }


def plan_revisions(revisions: Revisions, limit: int = 20) -> list[dict[str, Any]]:
    """The newest commits that changed the plan files, with each plan's decision metadata
    as the commit left it, for the document's revision table."""
    rows = []
    for commit in revisions.commits([])[:limit]:
        meta: dict[str, str] = {}
        for change in commit.files:
            plan = revisions.plan(change.new_blob, change.path)
            if plan is not None:
                kind = revisions.kind_of[change.path]
                for key in ("version", "beslutad", "beslutad_av", "dokument_id"):
                    if plan.metadata.get(key):
                        meta[f"{kind}.{key}"] = plan.metadata[key]
        rows.append(
            {
                "commit": commit.commit,
                "short": commit.short,
                "date": commit.date[:10],
                "author": commit.author,
                "subject": commit.subject,
                "files": [
                    revisions.kind_of[f.path] for f in commit.files if f.path in revisions.kind_of
                ],
                "metadata": meta,
            }
        )
    return rows


@dataclass(frozen=True)
class LogReport:
    item_id: str
    events: list[Event]
    revisions: list[str]  # as the user gave them; [] for HEAD


def log_json(report: LogReport) -> dict[str, Any]:
    return {"id": report.item_id, "revisions": [event_json(e) for e in report.events]}
