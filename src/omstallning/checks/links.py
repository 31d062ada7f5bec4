"""Checks of the links from the verksamhetsplan to the genomförandeplan's subareas."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.plans import Genomforandeplan, Plans, fingerprint_changes
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
                message = (
                    f"{source} links to {link.target}, which is not a subarea; links "
                    "name genomförandeplan subareas such as NV.4"
                )
            else:
                close = sorted(s for s in subareas if s.split(".")[0] == link.target.split(".")[0])
                hint = f" (existing: {', '.join(close)})" if close else ""
                message = (
                    f"{source} links to {link.target}, which is not in the genomförandeplan{hint}"
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
                yield at(link.loc, "OMST204", f"{stream.id} links to {link.target} twice")
            seen_stream.add(link.target)
        for ms in stream.milestones:
            seen: set[str] = set()
            for link in ms.links:
                if link.target in seen:
                    yield at(link.loc, "OMST204", f"{ms.id} links to {link.target} twice")
                elif link.target in own:
                    yield at(
                        link.loc,
                        "OMST204",
                        f"{ms.id} repeats its stream's link to {link.target}; keep one of them",
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
                f"subarea {sub.id} ({clip(sub.namn, 50)}) is served "
                "by no work stream of the verksamhetsplan",
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
                f"work stream {stream.id} ({stream.namn}) serves "
                "no subarea of the genomförandeplan: add `lankar`",
            )


@check("OMST212", "warning")
def check_links_not_suspect(plans: Plans) -> Iterator[Finding]:
    """A link reviewed against its subarea (`granskad`) still matches it: when the subarea's
    name or an effect goal row changed since, the link's motivering may no longer hold.

    FAIL: `granskad: "namn:1a2b3c4d BU.3.E1:5e6f7a8b"` after BU.3.E1 was rewritten.
    """
    if not (plans.gp and plans.vp):
        return
    subareas = {sub.id: sub for _, sub in plans.gp.subareas()}
    # A subarea with an item left out for its schema error has "changed" only because of
    # that error, which is reported already.
    broken = {i.rsplit(".", 1)[0] for i in plans.broken_ids} | plans.broken_ids
    for stream in plans.vp.streams:
        for source, link in stream.all_links():
            sub = subareas.get(link.target)
            if link.reviewed is None or sub is None or link.target in broken:
                continue
            current = sub.fingerprint()
            if link.reviewed != current:
                changed = ", ".join(
                    f"{'its name' if part == 'namn' else f'goal row {part}'} {change}"
                    for part, change in fingerprint_changes(link.reviewed, current)
                )
                yield at(
                    link.loc,
                    "OMST212",
                    f"link {source} → {link.target} is suspect: "
                    f"{link.target} ({clip(sub.namn, 40)}) has changed since the link "
                    f"was reviewed ({changed}); re-read the motivering, then run "
                    f"`omst review {source} {link.target}`",
                )
