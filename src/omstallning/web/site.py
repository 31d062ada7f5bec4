"""The plans as pages, generation by generation.

`build` reads the plans once per burst of saves and starts a new generation; a page is made
from the core the first time it is asked for in that generation and language, and kept until
the next. Where the plans have an error, each page keeps its last good version under a banner
that names the error. One lock around every core call: two requests never read the plans at
once on a shared machine, and the catalogue's language (process-wide) is the request's for
exactly the duration of its page.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import NamedTuple

from .. import i18n
from ..i18n import _
from ..reading.errors import InvalidPlans, UsageError
from . import pages
from .pages import Body, Problem


class Settings(NamedTuple):
    plan_dir: Path
    base: str | None
    language: str
    max_file_size: int | None


class NotFound(Exception):
    """A page that does not exist (an unknown item): 404."""


class Site:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.generation = 0
        self.builds = 0
        self._lock = threading.Lock()
        self._document: str | None = None
        self._problem: Problem | None = None
        self._problems: dict[str, Problem | None] = {}
        self._pages: dict[tuple[str, str], tuple[int, str]] = {}
        self._last_good: dict[tuple[str, str], Body] = {}

    @contextlib.contextmanager
    def _speaking(self, lang: str) -> Iterator[None]:
        with self._lock:
            i18n.use(lang)
            try:
                yield
            finally:
                i18n.use(self.settings.language)

    def build(self) -> None:
        """Read the plans as they are now: the document where they pass, else what stops
        them (the last good document stays)."""
        from ..core.plans import render_document

        s = self.settings
        with self._speaking(s.language), _collector_paused():
            try:
                document = render_document(s.plan_dir, date.today(), max_file_size=s.max_file_size)
                self._document = pages.render_text(document.context, "html")
                self._problem = None
            except InvalidPlans as exc:
                self._problem = Problem(exc.errors, exc.broken, str(exc))
            except UsageError as exc:
                self._problem = Problem([], frozenset(), str(exc))
            self.generation += 1
            self.builds += 1
            self._pages.clear()
            self._problems = {s.language: self._problem}

    @property
    def failing(self) -> bool:
        return self._problem is not None

    def page(self, path: str, query: dict[str, str], lang: str) -> tuple[int, str]:
        """The page at `path` in `lang`, made once per generation."""
        key = (path + "?" + "&".join(f"{k}={v}" for k, v in sorted(query.items())), lang)
        with self._lock:
            made = self._pages.get(key)
        if made is not None:
            return made
        with self._speaking(lang), _collector_paused():
            made = self._make(path, query, lang, key)
            self._pages[key] = made
        return made

    def _make(
        self, path: str, query: dict[str, str], lang: str, key: tuple[str, str]
    ) -> tuple[int, str]:
        problem = self._problem_in(lang)
        if path == "/":
            if self._document is None:
                body = pages.no_document(problem)
                return 200, pages.layout(lang, path, body, problem, self.generation)
            return 200, pages.live_document(self._document, lang, problem, self.generation)
        make = self._makers()[path.split("/")[1]]
        try:
            body = make(path, query)
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
        return body.status, pages.layout(lang, here, body, problem, self.generation)

    def _problem_in(self, lang: str) -> Problem | None:
        """The build's problem with its findings in `lang` (validate is run again for a
        language other than the server's, once per generation)."""
        if self._problem is None or not self._problem.errors:
            return self._problem
        if lang not in self._problems:
            from ..core.plans import validate_plans

            report = validate_plans(
                self.settings.plan_dir, max_file_size=self.settings.max_file_size
            ).report
            errors = [f for f in report.findings if f.severity == "error"]
            self._problems[lang] = self._problem._replace(errors=errors)
        return self._problems[lang]

    def _makers(self) -> dict[str, Callable[[str, dict[str, str]], Body]]:
        return {
            "findings": self._findings,
            "status": self._status,
            "diff": self._diff,
            "item": self._item,
        }

    def _findings(self, path: str, query: dict[str, str]) -> Body:
        from ..core.plans import validate_plans

        s = self.settings
        result = validate_plans(s.plan_dir, max_file_size=s.max_file_size)
        return pages.findings_page(result.report, result.files)

    def _status(self, path: str, query: dict[str, str]) -> Body:
        from ..core.plans import status_report

        s = self.settings
        tertial, forvaltning = query.get("tertial"), query.get("forvaltning")
        report = status_report(
            s.plan_dir,
            date.today(),
            tertial=tertial,
            forvaltning=forvaltning,
            max_file_size=s.max_file_size,
        )
        return pages.status_page(report, tertial or "", forvaltning or "")

    def _diff(self, path: str, query: dict[str, str]) -> Body:
        from ..core.revisions import default_base, diff_revisions

        s = self.settings
        base = s.base or default_base(s.plan_dir)
        if s.base is None and base != "HEAD":
            base = base[:12]  # a commit git found: its short form is the label
        report = diff_revisions([base], s.plan_dir, max_file_size=s.max_file_size)
        return pages.diff_page(report, base)

    def _item(self, path: str, query: dict[str, str]) -> Body:
        from ..core.plans import item_view
        from ..core.revisions import item_log
        from ..reading.git import GitError

        s = self.settings
        item = path.split("/", 2)[2]
        try:
            view = item_view(s.plan_dir, item, date.today(), max_file_size=s.max_file_size)
        except InvalidPlans:
            raise
        except UsageError as exc:
            raise NotFound(str(exc)) from None
        history: object | None = None
        history_problem = None
        try:
            history = item_log(s.plan_dir, item, [], max_file_size=s.max_file_size)
        except (GitError, UsageError) as exc:
            history_problem = str(exc)
        return pages.item_page(view, history, history_problem)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """A build makes millions of objects and frees them by reference count; the cycle
    collector walking them meanwhile would take most of its time (bench/serve.py). It runs
    again after, so a long-running server still collects what a build left in cycles."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _not_found() -> str:
    return _("Not found")


def _cannot_show() -> str:
    return _("This page cannot be shown")
