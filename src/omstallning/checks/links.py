"""Checks of the links from the verksamhetsplan to the genomförandeplan's subareas."""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import _
from ..model.plans import Genomforandeplan, Plans, suspect_links
from ..model.text import clip
from ..reading.findings import Finding
from .registry import at, check, items


def _subarea_ids(gp: Genomforandeplan) -> set[str]:
    return {sub.id for _, sub in gp.subareas()}


@check("OMST203", "error")
def check_links_resolve(plans: Plans) -> Iterator[Finding]:
    """Every link names a subarea of the genomförandeplan.

    FAIL: `lankar: [{till: NV.9}]` where there is no NV.9, or `{till: VP.2}`.
    """
    if not (plans.gp and plans.vp) or plans.subareas_partial:
        return
    subareas = _subarea_ids(plans.gp)
    others = {item_id for item_id, _, _ in items(plans)} - subareas
    for stream in plans.vp.streams:
        for source, link in stream.all_links():
            if link.target in subareas:
                continue
            if link.target in others:
                message = _(
                    "{source} links to {target}, which is not a subarea; links name "
                    "genomförandeplan subareas such as NV.4"
                ).format(source=source, target=link.target)
            else:
                close = sorted(s for s in subareas if s.split(".")[0] == link.target.split(".")[0])
                if close:
                    message = _(
                        "{source} links to {target}, which is not in the genomförandeplan "
                        "(existing: {existing})"
                    )
                else:
                    message = _("{source} links to {target}, which is not in the genomförandeplan")
                message = message.format(
                    source=source, target=link.target, existing=", ".join(close)
                )
            yield at(link.loc, "OMST203", message)


@check("OMST204", "warning")
def check_links_not_repeated(plans: Plans) -> Iterator[Finding]:
    """An item links to a subarea once, and a milestone does not repeat its stream's link.

    FAIL: `lankar: [{till: NV.4}, {till: NV.4}]`.
    """
    if not plans.vp:
        return
    for stream in plans.vp.streams:
        own = {link.target for link in stream.links}
        seen_stream: set[str] = set()
        for link in stream.links:
            if link.target in seen_stream:
                yield at(
                    link.loc,
                    "OMST204",
                    _("{source} links to {target} twice").format(
                        source=stream.id, target=link.target
                    ),
                )
            seen_stream.add(link.target)
        for ms in stream.milestones:
            seen: set[str] = set()
            for link in ms.links:
                if link.target in seen:
                    yield at(
                        link.loc,
                        "OMST204",
                        _("{source} links to {target} twice").format(
                            source=ms.id, target=link.target
                        ),
                    )
                elif link.target in own:
                    yield at(
                        link.loc,
                        "OMST204",
                        _(
                            "{source} repeats its stream's link to {target}; keep one of them"
                        ).format(source=ms.id, target=link.target),
                    )
                seen.add(link.target)


@check("OMST210", "warning")
def check_subareas_served(plans: Plans) -> Iterator[Finding]:
    """Every genomförandeplan subarea is served by some work stream or milestone.

    FAIL: subarea PR.3 that no `lankar` in the verksamhetsplan names.
    """
    if not (plans.gp and plans.vp) or plans.subareas_partial or plans.links_partial:
        return
    served = {link.target for s in plans.vp.streams for _, link in s.all_links()}
    for _area, sub in plans.gp.subareas():
        if sub.id not in served:
            yield at(
                sub.loc,
                "OMST210",
                _(
                    "subarea {id} ({name}) is served by no work stream of the verksamhetsplan"
                ).format(id=sub.id, name=clip(sub.namn, 50)),
            )


@check("OMST211", "warning")
def check_streams_serve(plans: Plans) -> Iterator[Finding]:
    """Every work stream serves at least one subarea, itself or through a milestone.

    FAIL: a work stream with no `lankar` and none on its milestones.
    """
    if not plans.vp or plans.links_partial:
        return
    for stream in plans.vp.streams:
        if not any(True for _ in stream.all_links()):
            yield at(
                stream.loc,
                "OMST211",
                _(
                    "work stream {id} ({name}) serves no subarea of the genomförandeplan: "
                    "add `lankar`"
                ).format(id=stream.id, name=stream.namn),
            )


@check("OMST212", "warning")
def check_links_not_suspect(plans: Plans) -> Iterator[Finding]:
    """A link reviewed against its subarea (`granskad`) still matches it: when the subarea's
    name or an effect goal row changed since, the link's motivering may no longer hold.

    FAIL: `granskad: "namn:1a2b3c4d BU.3.E1:5e6f7a8b"` after BU.3.E1 was rewritten.
    """
    if not (plans.gp and plans.vp):
        return
    # A subarea with an item left out for its schema error has "changed" only because of
    # that error, which is reported already.
    broken = {i.rsplit(".", 1)[0] for i in plans.broken_ids} | plans.broken_ids
    for suspect in suspect_links(plans.gp, plans.vp):
        source, link, sub = suspect.source, suspect.link, suspect.subarea
        if link.target in broken:
            continue
        changed = ", ".join(_change(part, change) for part, change in suspect.changes())
        yield at(
            link.loc,
            "OMST212",
            _(
                "link {source} → {target} is suspect: {target} ({name}) has changed "
                "since the link was reviewed ({changed}); re-read the motivering, "
                "then run `omst review {source} {target}`"
            ).format(source=source, target=link.target, name=clip(sub.namn, 40), changed=changed),
        )


def _change(part: str, change: str) -> str:
    """One part of a subarea that changed since its link was reviewed, as review's
    fingerprint names it (`change`: changed, added or removed)."""
    if part == "namn":
        names = {
            "changed": _("its name changed"),
            "added": _("its name added"),
            "removed": _("its name removed"),
        }
        return names.get(change, f"{part} {change}")
    rows = {
        "changed": _("goal row {id} changed"),
        "added": _("goal row {id} added"),
        "removed": _("goal row {id} removed"),
    }
    return rows.get(change, "{id} " + change).format(id=part)
