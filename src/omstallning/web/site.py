"""The plans as pages, generation by generation.

A burst of saves gives one new generation, made in two steps so that the open pages follow
at once: `build` reads and checks the plans once (a core.plans.Snapshot) and makes the
document from it; `fill` then makes, from the same snapshot, every other page that was shown
before, in each language it was shown in. Until a page of the new generation is made, the
previous one's is served as it is: a request right after a save is answered at once from
ready bytes, never with a half-made or blank page. A page nobody asked for before is made
when first asked for, from the newest snapshot.

Where the plans have an error, the document and each page keep their last good version under
a banner that names the error. The git work (the base /diff compares with, the history of
the items) is done once per generation and reused while HEAD and the base stay.

One lock around every core call: two threads never read the plans at once on a shared
machine, and the catalogue's language (process-wide) is the page's for exactly the duration
of its making.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .. import i18n
from ..i18n import _
from ..reading.errors import InvalidPlans, UsageError
from . import pages
from .pages import Body, Problem

if TYPE_CHECKING:
    from ..core.plans import Snapshot
    from ..core.revisions import LogReport, Revisions, Side

# A page is one path, its query and its language.
Key = tuple[str, tuple[tuple[str, str], ...], str]

# How many pages of earlier generations are kept to be served (and made anew) while a new
# generation is made: the pages people have open, not every address a client made up.
EARLIER_PAGES = 200

# How much what builds leave in cycles may grow, as a share of all the server holds, before
# Site.collect walks it.
COLLECT_GROWTH = 0.05


class Settings(NamedTuple):
    plan_dir: Path
    base: str | None
    language: str
    max_file_size: int | None


class Made(NamedTuple):
    """A page ready to send."""

    status: int
    body: bytes


class NotFound(Exception):
    """A page that does not exist (an unknown item): 404."""


class Generation:
    """What one read of the plans shows: its snapshots (one per language spoken: the
    findings' messages are made in it), what stops the plans, and the pages made of it."""

    def __init__(self, number: int, problem: Problem | None) -> None:
        self.number = number
        self.problem = problem
        self.snapshots: dict[str, Snapshot | None] = {}
        self.problems: dict[str, Problem | None] = {}
        self.pages: dict[Key, Made] = {}
        # Asked of git once in the generation, the first time a page needs it.
        self.base: tuple[str, str] | None = None
        self.head: str | None = None
        self.head_known = False


class Site:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.builds = 0
        self._lock = threading.Lock()
        self._current = Generation(0, None)
        self._earlier: dict[Key, Made] = {}
        self._document: str | None = None
        self._last_good: dict[Key, Body] = {}
        self._bases: dict[tuple[str, str, str], Side] = {}
        self._history: tuple[str, Revisions] | None = None
        self._logs: dict[tuple[str, str], LogReport] = {}
        self._frozen = 0  # objects frozen after the last collect

    @property
    def generation(self) -> int:
        return self._current.number

    @property
    def failing(self) -> bool:
        return self._current.problem is not None

    @contextlib.contextmanager
    def _speaking(self, lang: str) -> Iterator[None]:
        with self._lock:
            i18n.use(lang)
            try:
                yield
            finally:
                i18n.use(self.settings.language)

    def build(self) -> None:
        """Read the plans as they are now and start a generation with its document: the
        plans' document where they pass, else the last good one under what stops them."""
        from ..core.plans import Snapshot, document_of
        from ..core.revisions import head_commit

        s = self.settings
        with self._speaking(s.language), _collector_paused():
            snapshot: Snapshot | None = None
            problem: Problem | None = None
            head = head_commit(s.plan_dir)
            try:
                snapshot = Snapshot.read(s.plan_dir, max_file_size=s.max_file_size)
                document = document_of(
                    snapshot,
                    date.today(),
                    max_file_size=s.max_file_size,
                    history=self._history_at(head),
                )
                self._document = pages.render_text(document.context, "html")
            except InvalidPlans as exc:
                problem = Problem(exc.errors, exc.broken, str(exc))
            except UsageError as exc:
                problem = Problem([], frozenset(), str(exc))
            earlier = {**self._earlier, **self._current.pages}
            self._earlier = {
                k: made for k, made in list(earlier.items())[-EARLIER_PAGES:] if made.status == 200
            }
            generation = Generation(self._current.number + 1, problem)
            generation.head, generation.head_known = head, True
            generation.snapshots[s.language] = snapshot
            generation.problems[s.language] = problem
            self._current = generation
            self.builds += 1
            key: Key = ("/", (), s.language)
            generation.pages[key] = self._make(generation, key)

    def fill(self, stop: Callable[[], bool] = lambda: False) -> bool:
        """Make the pages of earlier generations anew from this generation's snapshot, the
        server's language first; False where `stop` said a newer save came first."""
        generation = self._current
        first = self.settings.language
        wanted = sorted(
            (key for key in self._earlier if key not in generation.pages),
            key=lambda k: (k[2] != first, k[2], k[0].startswith("/item/")),
        )
        for key in wanted:
            if stop() or self._current is not generation:
                return False
            self._page(key, earlier=False)
        return True

    def page(self, path: str, query: dict[str, str], lang: str) -> Made:
        """The page at `path` in `lang`: this generation's where it is made, else the
        previous one's while this one's is being made, else made now."""
        return self._page((path, tuple(sorted(query.items())), lang))

    def ready(self, path: str, query: dict[str, str], lang: str) -> Made | None:
        """The page if it is ready to send (of this generation or the previous one), without
        waiting for the lock; None where it must be made."""
        key = (path, tuple(sorted(query.items())), lang)
        return self._current.pages.get(key) or self._earlier.get(key)

    def _page(self, key: Key, earlier: bool = True) -> Made:
        made = self._current.pages.get(key) or (self._earlier.get(key) if earlier else None)
        if made is not None:
            return made
        with self._speaking(key[2]), _collector_paused():
            generation = self._current
            made = generation.pages.get(key)
            if made is None:
                made = generation.pages[key] = self._make(generation, key)
        return made

    def collect(self) -> bool:
        """Free what builds left in cycles (some 700 objects a build at 1×, 500 at 100×,
        frozen with the rest), once they would be more than COLLECT_GROWTH of all the
        server holds: the walk over everything takes 40 ms at 1× and half a second at 100×,
        so it comes every few builds at 1× and every few dozen at 100×."""
        import gc

        with self._lock:
            if gc.get_freeze_count() <= self._frozen * (1 + COLLECT_GROWTH):
                return False
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self._frozen = gc.get_freeze_count()
            return True

    def close(self) -> None:
        """End the git process the history reads with. A build still running (abandoned at
        a stop) keeps it: the stop does not wait, and the process ends with omst's."""
        if not self._lock.acquire(timeout=0.2):
            return
        try:
            if self._history is not None:
                self._history[1].close()
                self._history = None
        finally:
            self._lock.release()

    def _make(self, generation: Generation, key: Key) -> Made:
        path, query, lang = key
        problem = self._problem_in(generation, lang)
        if path == "/":
            if self._document is None:
                body = pages.no_document(problem)
                html = pages.layout(lang, path, body, problem, generation.number)
            else:
                html = pages.live_document(self._document, lang, problem, generation.number)
            return Made(200, html.encode())
        make = self._makers()[path.split("/")[1]]
        try:
            snapshot = self._snapshot_in(generation, lang)
            if snapshot is None:
                raise UsageError(generation.problem.message if generation.problem else "")
            body = make(generation, snapshot, path, dict(query))
            if problem is None:
                self._last_good[key] = body
        except NotFound as exc:
            body = pages.unavailable(_not_found(), str(exc), 404)
        except InvalidPlans as exc:
            body = self._last_good.get(key) or pages.unavailable(_cannot_show(), str(exc), 200)
            problem = problem or Problem(exc.errors, exc.broken, str(exc))
        except UsageError as exc:
            body = pages.unavailable(_cannot_show(), str(exc), 200)
        except Exception as exc:
            if os.environ.get("OMST_DEBUG") == "1":
                raise
            body = pages.unavailable(
                _cannot_show(),
                _(
                    "An unexpected error occurred ({error}). This is a bug in omst; run "
                    "omst serve with OMST_DEBUG=1 to see the traceback, and report it."
                ).format(error=f"{type(exc).__name__}: {exc}"),
                500,
            )
        here = path if path in pages.NAVIGATION else ""
        html = pages.layout(lang, here, body, problem, generation.number)
        return Made(body.status, html.encode())

    def _snapshot_in(self, generation: Generation, lang: str) -> Snapshot | None:
        """The generation's snapshot with its findings in `lang`: the plans are read again
        for a language other than the server's, once per generation."""
        from ..core.plans import Snapshot

        if lang not in generation.snapshots:
            s = self.settings
            try:
                generation.snapshots[lang] = Snapshot.read(
                    s.plan_dir, max_file_size=s.max_file_size
                )
            except UsageError:
                generation.snapshots[lang] = None
        return generation.snapshots[lang]

    def _problem_in(self, generation: Generation, lang: str) -> Problem | None:
        """The generation's problem with its findings in `lang`."""
        problem = generation.problem
        if problem is None or not problem.errors:
            return problem
        if lang not in generation.problems:
            snapshot = self._snapshot_in(generation, lang)
            findings = snapshot.checked.findings if snapshot is not None else problem.errors
            errors = [f for f in findings if f.severity == "error"]
            generation.problems[lang] = problem._replace(errors=errors)
        return generation.problems[lang]

    def _makers(self) -> dict[str, Callable[[Generation, Snapshot, str, dict[str, str]], Body]]:
        return {
            "findings": self._findings,
            "status": self._status,
            "diff": self._diff,
            "item": self._item,
        }

    def _findings(
        self, generation: Generation, snapshot: Snapshot, path: str, query: dict[str, str]
    ) -> Body:
        from ..core.plans import validation_of

        result = validation_of(snapshot)
        return pages.findings_page(result.report, result.files)

    def _status(
        self, generation: Generation, snapshot: Snapshot, path: str, query: dict[str, str]
    ) -> Body:
        from ..core.plans import status_of

        tertial, forvaltning = query.get("tertial"), query.get("forvaltning")
        report = status_of(snapshot, date.today(), tertial=tertial, forvaltning=forvaltning)
        return pages.status_page(report, tertial or "", forvaltning or "")

    def _diff(
        self, generation: Generation, snapshot: Snapshot, path: str, query: dict[str, str]
    ) -> Body:
        from ..core.revisions import (
            base_side,
            check_revision,
            compare_sides,
            default_base,
            work_tree_side,
        )

        s = self.settings
        if generation.base is None:
            label = s.base or default_base(s.plan_dir)
            if s.base is None and label != "HEAD":
                label = label[:12]  # a commit git found: its short form is the label
            generation.base = (label, check_revision(s.plan_dir, label))
        label, commit = generation.base
        lang = i18n.speaking()
        side = self._bases.get((label, commit, lang))
        if side is None:
            side = base_side(s.plan_dir, label, max_file_size=s.max_file_size)
            # The base changes only when the branch does: the sides of the last few bases.
            self._bases = {**dict(list(self._bases.items())[-3:]), (label, commit, lang): side}
        report = compare_sides(side, work_tree_side(snapshot))
        return pages.diff_page(report, label)

    def _item(
        self, generation: Generation, snapshot: Snapshot, path: str, query: dict[str, str]
    ) -> Body:
        from ..core.plans import item_view_of
        from ..reading.git import GitError

        item = path.split("/", 2)[2]
        try:
            view = item_view_of(snapshot, item, date.today())
        except InvalidPlans:
            raise
        except UsageError as exc:
            raise NotFound(str(exc)) from None
        history: object | None = None
        history_problem = None
        try:
            history = self._log(generation, item)
        except (GitError, UsageError) as exc:
            history_problem = str(exc)
        return pages.item_page(view, history, history_problem)

    def _log(self, generation: Generation, item: str) -> LogReport:
        """The item's history, read once while HEAD stays where it is."""
        from ..core.revisions import head_commit, item_log

        s = self.settings
        if not generation.head_known:
            generation.head = head_commit(s.plan_dir)
            generation.head_known = True
        history = self._history_at(generation.head)
        if history is None:  # no repository or no commit: item_log says so
            return item_log(s.plan_dir, item, [], max_file_size=s.max_file_size)
        key = (item, i18n.speaking())
        if key not in self._logs:
            self._logs[key] = item_log(
                s.plan_dir, item, [], max_file_size=s.max_file_size, history=history
            )
        return self._logs[key]

    def _history_at(self, head: str | None) -> Revisions | None:
        """The plans' history as of commit `head`, kept open while HEAD stays there: each
        plan version in it is parsed once for the document's revisions and every item's log."""
        from ..core.revisions import open_history

        if self._history is not None and self._history[0] == head:
            return self._history[1]
        if self._history is not None:
            self._history[1].close()
        self._history = None
        self._logs = {}
        if head is None:
            return None
        try:
            history = open_history(
                self.settings.plan_dir, max_file_size=self.settings.max_file_size
            )
        except UsageError:
            return None
        self._history = (head, history)
        return history


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """A build makes millions of objects and frees them by reference count; the cycle
    collector walking them meanwhile would take most of its time (bench/serve.py). What the
    build keeps (the generation's model and pages) is frozen before the collector runs
    again: its first pass would otherwise walk all of it, a second at 100× the plans, just
    before the new document went out. `Site.collect` frees what builds leave in cycles."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.freeze()
            gc.enable()


def _not_found() -> str:
    return _("Not found")


def _cannot_show() -> str:
    return _("This page cannot be shown")
