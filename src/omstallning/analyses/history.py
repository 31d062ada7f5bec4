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
from ..i18n import _
from ..model.followup import Forvaltning, build_forvaltning
from ..model.plans import Genomforandeplan, Verksamhetsplan
from ..model.walk import Kind
from ..reading import git
from ..reading.kinds import FORVALTNING
from ..reading.plandir import FOLLOWUP_DIR, FOLLOWUP_SUFFIXES, PLAN_FILES, parse_bytes
from ..reading.schema import broken_items, check_schema
from .entries import Entry, FieldChange, field_changes, plan_entries


@dataclass(frozen=True)
class Event:
    """What one commit did to the item."""

    commit: git.Commit
    change: str  # added, removed, changed, moved
    entry: Entry  # the item as the commit left it (as it was, for removed)
    fields: tuple[FieldChange, ...] = ()
    old_parent: str | None = None


Plan = Genomforandeplan | Verksamhetsplan | Forvaltning


class Revisions:
    """The plan files and the follow-up files of one repository at any blob, each parsed
    at most once."""

    def __init__(self, repo: Path, plan_dir: Path, max_file_size: int | None = None) -> None:
        self.repo = repo
        self.max_file_size = max_file_size  # None: the environment's or the default
        self.paths = {
            kind: git.tree_path(repo, plan_dir, name) for kind, name in PLAN_FILES.items()
        }
        self.followup = git.tree_path(repo, plan_dir, FOLLOWUP_DIR)
        self._plan_kinds = {path: kind for kind, path in self.paths.items()}
        self.reader = git.BlobReader(repo)
        self._plans: dict[str, Plan | None] = {}
        self._links: dict[str, git.Blob | str | None] = {}

    def close(self) -> None:
        self.reader.close()

    def kind(self, path: str) -> str | None:
        """The kind of document at a path git names: a plan file, a follow-up file (any
        .yaml or .yml directly in the follow-up folder: they come and go), else None."""
        if path in self._plan_kinds:
            return self._plan_kinds[path]
        folder, _, name = path.rpartition("/")
        return FORVALTNING if folder == self.followup and name.endswith(FOLLOWUP_SUFFIXES) else None

    def plan(self, blob: str | None, path: str) -> Plan | None:
        if blob is None:
            return None
        if blob not in self._plans:
            self._plans[blob] = self._build(blob, path, self.reader.read(blob))
        return self._plans[blob]

    def _build(self, blob: str, path: str, raw: bytes | None) -> Plan | None:
        if raw is None:
            return None
        kind = self.kind(path)
        assert kind is not None  # only a plan's or a förvaltning's path is read
        doc = parse_bytes(
            f"{blob[:7]}:{path}",
            raw,
            floats=kind == FORVALTNING,
            max_file_size=self.max_file_size,
        )
        if kind != FORVALTNING:
            return build_plan(doc, kind)
        if doc.data is None:
            return None
        _findings, errors = check_schema(doc, kind)
        skip = broken_items(errors) if errors is not None else None
        stem = path.rpartition("/")[2].rpartition(".")[0]
        return None if skip is None else build_forvaltning(doc, stem, skip)

    def linked(self, commit: git.Commit, change: git.FileChange, after: bool) -> git.Blob | str:
        """The file a plan path that is a symbolic link names, at the commit (after) or at
        its parent, read through the link; or why it cannot be read."""
        name = f"{commit.commit}{'' if after else '^'}:{change.path}"
        if name not in self._links:
            self._links[name] = self.reader.fetch(name)
        found = self._links[name]
        return _("a symbolic link to a file git does not have") if found is None else found

    def side(self, commit: git.Commit, change: git.FileChange, after: bool) -> Plan | str | None:
        """The plan as the commit left it (after) or found it: None where the file is
        absent; a sentence where it is a symbolic link git cannot follow."""
        blob, mode = (
            (change.new_blob, change.new_mode) if after else (change.old_blob, change.old_mode)
        )
        if blob is None or mode != git.SYMLINK_MODE:
            return self.plan(blob, change.path)
        found = self.linked(commit, change, after)
        if isinstance(found, str):
            return found
        if found.oid not in self._plans:
            self._plans[found.oid] = self._build(found.oid, change.path, found.data)
        return self._plans[found.oid]

    def entries(
        self, commit: git.Commit, change: git.FileChange, after: bool
    ) -> dict[str, Entry] | None:
        """The items of the plan on one side of a change; None where it cannot be read."""
        plan = self.side(commit, change, after)
        if isinstance(plan, str):
            return None
        return plan_entries(plan) if plan is not None else {}

    def commits(
        self,
        revisions: list[str],
        since: str | None = None,
        until: str | None = None,
        followup: bool = True,
    ) -> list[git.Commit]:
        """The commits that changed the plan files, and (with `followup`) the follow-up
        files, newest first."""
        paths = [*self.paths.values(), *([self.followup] if followup else [])]
        return git.log(self.repo, paths, revisions, since, until)

    def notes(self, commits: list[git.Commit]) -> list[str]:
        """What the reader of a history must know to trust it: where a plan file became a
        symbolic link, and where a shallow clone cuts the history."""
        found = []
        for commit in commits:
            for change in commit.files:
                if self.kind(change.path) is None or not change.became_link:
                    continue
                target = self.linked(commit, change, after=True)
                link = (self.reader.read(change.new_blob or "") or b"").decode("utf-8", "replace")
                found.append(
                    (
                        _(
                            "{path} became a symbolic link to {link} in {commit} ({date}); "
                            "omst cannot read it there: it is {target}"
                        )
                        if isinstance(target, str)
                        else _(
                            "{path} became a symbolic link to {link} in {commit} ({date}); "
                            "omst reads it through the link there, but does not follow the "
                            "later changes of the file it links to"
                        )
                    ).format(
                        path=change.path,
                        link=link,
                        commit=commit.short,
                        date=commit.date[:10],
                        target=target,
                    )
                )
        boundary = git.shallow_boundary(self.repo)
        if boundary:
            cut = ", ".join(commit[:7] for commit in boundary)
            found.append(
                _("history is cut at {cut} (shallow clone; git fetch --unshallow)").format(cut=cut)
            )
        return found


def item_history(
    revisions: Revisions, item_id: str, commits: list[git.Commit], limit: int | None = None
) -> Iterator[Event]:
    """Each commit that added, changed, moved or removed the item, newest first; with the
    item, its effect-goal rows and the förvaltningar's entries about it or about one of its
    rows (`avser`), as the follow-up of the item is part of its history. A side that cannot
    be read (a link out of the repository) shows no change rather than a false removal:
    Revisions.notes says why."""
    found = 0
    for commit in commits:
        for change in commit.files:
            if revisions.kind(change.path) is None:
                continue
            before = revisions.entries(commit, change, after=False)
            after = revisions.entries(commit, change, after=True)
            if before is None or after is None:
                continue
            for entry_id in _related(item_id, before, after):
                event = _event(commit, before.get(entry_id), after.get(entry_id))
                if event is None:
                    continue
                yield event
                found += 1
                if limit is not None and found >= limit:
                    return


def _related(item_id: str, before: dict[str, Entry], after: dict[str, Entry]) -> list[str]:
    """The item itself first, then what belongs to its history, in file order. Its
    effect-goal rows count where the item stands on both sides of the commit: rows added or
    removed with the item are part of that one change."""
    rows = item_id in before and item_id in after
    found = dict.fromkeys([item_id])
    for entries in (after, before):
        for entry in entries.values():
            if (rows and entry.kind == Kind.GOAL and entry.parent == item_id) or any(
                _names(item_id, ref) for ref in entry.avser
            ):
                found.setdefault(entry.id)
    return [i for i in found if i in before or i in after]


def _names(item_id: str, ref: str) -> bool:
    """`ref` is the item or one of its effect-goal rows (NV.2 or NV.2.E1 for NV.2)."""
    if ref == item_id:
        return True
    rest = ref[len(item_id) + 1 :] if ref.startswith(f"{item_id}.") else ""
    return rest[:1] == "E" and rest[1:].isdigit()


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
            if revisions.kind(change.path) is not None:
                ids.update(revisions.entries(commit, change, after=True) or {})
                ids.update(revisions.entries(commit, change, after=False) or {})
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
        "id": e.id,
        "plan": e.plan,
        "kind": e.kind,
        "parent": e.parent,
        "old_parent": event.old_parent,
        "label": e.label,
        "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in event.fields],
    }


def plan_revisions(revisions: Revisions, limit: int = 20) -> list[dict[str, Any]]:
    """The newest commits that changed the plan files, with each plan's decision metadata
    as the commit left it, for the document's revision table. `cut` marks the commit a
    shallow clone's history ends at: it shows every plan file as new."""
    rows = []
    boundary = set(git.shallow_boundary(revisions.repo))
    for commit in revisions.commits([], followup=False)[:limit]:
        meta: dict[str, str] = {}
        for change in commit.files:
            plan = revisions.side(commit, change, after=True)
            if isinstance(plan, Genomforandeplan | Verksamhetsplan):
                kind = revisions.kind(change.path)
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
                "files": [kind for f in commit.files if (kind := revisions.kind(f.path))],
                "metadata": meta,
                "cut": commit.commit in boundary,
            }
        )
    return rows


@dataclass(frozen=True)
class LogReport:
    item_id: str
    events: list[Event]
    revisions: list[str]  # as the user gave them; [] for HEAD
    notes: tuple[str, ...] = ()  # a shallow clone, a plan file that became a link


def log_json(report: LogReport) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": report.item_id,
        "revisions": [event_json(e) for e in report.events],
    }
    if report.notes:
        payload["notes"] = list(report.notes)
    return payload
