"""The inriktningsdokument as Markdown and HTML: the context through Jinja2 templates,
streamed into the files (no whole document held in memory as one string)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

import jinja2
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from ..i18n import _, speaking
from ..reading.errors import UsageError
from ..reading.resources import resource_dir
from ..reading.writer import WriteProblem, staged_all
from .chart import indicator_svg
from .markdown import html_text, md_escape, no_references
from .safe import one_line
from .words import (
    OWNER_ROLES,
    PERIOD_STATUS,
    SWEDISH,
    cell_label,
    cell_mark,
    decimal,
    light_label,
)

__all__ = [
    "TemplateProblem",
    "WriteProblem",
    "render",
    "render_text",
    "template",
    "write_chunks",
]

OUTPUTS = {"md": "inriktningsdokument.md", "html": "inriktningsdokument.html"}
TEMPLATES = {"md": "inriktningsdokument.md.j2", "html": "inriktningsdokument.html.j2"}


TITLE = "Inriktningsdokument för omställningen av hälso- och sjukvården"


class TemplateProblem(UsageError):
    """A template that cannot be read or rendered, with where it went wrong."""


def worded(ctx: dict[str, Any]) -> dict[str, Any]:
    """The context with the words its templates show beside the codes the analyses give: the
    title, each period's status, each owner's role, each light and gap of the follow-up.

    The context's own dicts get the words (it is made for rendering), under the keys the
    templates, and templates users wrote, have always read: `status_label`, `label` …"""
    ctx["title"] = TITLE
    periods = [*ctx["gp"]["periods"], *ctx["vp"]["periods"]]
    if ctx["current_period"]:
        periods.append(ctx["current_period"])
    owned = [*ctx["layers"], *ctx["streams"]]
    for area in ctx["areas"]:
        owned.append(area)
        periods += area["activities"]
        periods += (
            cell for sub in area["subareas"] for goal in sub["goals"] for cell in goal["cells"]
        )
    for stream in ctx["streams"]:
        periods += stream["periods"]
    for period in periods:
        period["status_label"] = PERIOD_STATUS[period["status"]]
    for item in owned:
        for owner in item["owners"]:
            owner["label"] = OWNER_ROLES[owner["role"]]
    if ctx.get("followup"):
        _worded_followup(ctx["followup"])
    return ctx


def _worded_followup(followup: dict[str, Any]) -> None:
    # The region's Swedish document: its words do not follow the reader's language.
    for row in followup["matrix"]:
        for cell in row["cells"]:
            cell["label"] = cell_label(cell["reported"], cell["light"], cell["period"], SWEDISH)
            cell["mark"] = cell_mark(cell["reported"], cell["light"], SWEDISH)
    lights = [s for g in followup["groups"] for r in g["reported"] for s in r["status"]]
    lights += [r for ind in followup["indicators"] for r in ind["readings"]]
    for entry in lights:
        entry["light_label"] = light_label(entry["light"], SWEDISH) if entry["light"] else ""


# The largest string or list a template may make by repeating one (`"-" * 80` is fine), and
# the most digits a power may have: more only serves to exhaust memory or time.
_MAX_REPEAT = 1_000_000
_MAX_POWER_DIGITS = 10_000


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox (no attribute of Python's internals, no unsafe call), which also
    refuses the two operators that can exhaust the machine in one expression."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*" and (_too_long(left, right) or _too_long(right, left)):
            raise SecurityError(
                _("a repetition longer than {limit} is not allowed").format(
                    limit=_grouped(_MAX_REPEAT)
                )
            )
        if operator == "**" and _too_many_digits(left, right):
            raise SecurityError(
                _("a power of more than {limit} digits is not allowed").format(
                    limit=_grouped(_MAX_POWER_DIGITS)
                )
            )
        return super().call_binop(context, operator, left, right)


def _grouped(count: int) -> str:
    """1,000,000 in English; 1 000 000 in Swedish, where a comma is the decimal sign."""
    text = f"{count:,}"
    return text.replace(",", " ") if speaking() == "sv" else text


def _too_long(seq: Any, times: Any) -> bool:
    return (
        isinstance(seq, str | list | tuple)
        and isinstance(times, int)
        and len(seq) * times > _MAX_REPEAT
    )


def _too_many_digits(base: Any, exp: Any) -> bool:
    import math

    if not isinstance(base, int) or not isinstance(exp, int) or abs(base) < 2 or exp < 1:
        return False
    return exp * math.log10(abs(base)) > _MAX_POWER_DIGITS


def environment(kind: str, templates: Path | None) -> jinja2.Environment:
    """Sandboxed: a template given with --templates may come from someone else."""
    search = [str(templates)] if templates else []
    search.append(str(resource_dir("templates")))
    env = _Sandbox(
        loader=jinja2.FileSystemLoader(search),
        autoescape=kind == "html",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["nolinks"] = no_references
    env.filters["html_text"] = html_text
    env.filters["one_line"] = one_line
    env.filters["decimal"] = decimal
    env.globals["indicator_svg"] = indicator_svg
    return env


def template(name: str, kind: str, templates: Path | None = None) -> jinja2.Template:
    try:
        return environment(kind, templates).get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(
            f"{exc.filename or exc.name}:{exc.lineno}: "
            + _("template error: {reason}").format(reason=exc.message)
        ) from None
    except jinja2.TemplateError as exc:
        raise TemplateProblem(
            f"{name}: " + _("template error: {reason}").format(reason=exc)
        ) from None


def write_chunks(chunks: Iterable[str], out: TextIO) -> None:
    """The rendered text, ending in exactly one line break, written as it is produced (in
    batches: a large document comes as millions of small chunks)."""
    pending = ""
    batch: list[str] = []
    try:
        for chunk in chunks:
            batch.append(chunk)
            if len(batch) >= _BATCH:
                pending = _flush(batch, pending, out)
    except MemoryError:
        raise
    except Exception as exc:
        raise _problem(exc) from None
    _flush(batch, pending, out)
    out.write("\n")


_BATCH = 4096


def _flush(batch: list[str], pending: str, out: TextIO) -> str:
    """Write the batch but its trailing line breaks, which are held back: the document ends
    in exactly one. str.join gives plain text (Markup + str would escape the str)."""
    text = "".join(batch)
    batch.clear()
    body = text.rstrip("\n")
    if not body:
        return pending + text
    out.write(pending + body)
    return text[len(body) :]


def render(
    ctx: dict[str, Any], kinds: list[str], templates: Path | None, out_dir: Path
) -> list[Path]:
    """Each requested document into `out_dir`; a template error leaves every file as it was."""
    chosen = [template(TEMPLATES[kind], kind, templates) for kind in kinds]
    paths = [out_dir / OUTPUTS[kind] for kind in kinds]
    ctx = worded(ctx)
    with staged_all(paths) as files:
        for tmpl, file in zip(chosen, files, strict=True):
            write_chunks(tmpl.generate(ctx), file.handle)
    return paths


def render_text(ctx: dict[str, Any], kind: str, templates: Path | None = None) -> str:
    """One document as text, exactly as `render` writes its file (omst serve's page)."""
    import io

    tmpl = template(TEMPLATES[kind], kind, templates)
    buffer = io.StringIO()
    write_chunks(tmpl.generate(worded(ctx)), buffer)
    return buffer.getvalue()


def _problem(exc: Exception) -> Exception:
    """A template's error with the file:line where it went wrong (Jinja maps its frames to
    template lines). An error of Python's own (1/0, a macro calling itself) is the template's
    when the template is the user's; in omst's own templates it is a bug in omst."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else _("template")
    if isinstance(exc, jinja2.TemplateError):
        return TemplateProblem(f"{where}: " + _("template error: {reason}").format(reason=exc))
    own = resource_dir("templates")
    if not frames or Path(frames[-1].filename).resolve().is_relative_to(own.resolve()):
        return exc
    if isinstance(exc, RecursionError):
        message = _("a macro or include calls itself without end")
    else:
        message = str(exc) or type(exc).__name__
    return TemplateProblem(f"{where}: " + _("template error: {reason}").format(reason=message))
