"""Carry a person's curation from the previous run of a report to its re-run.

New themes are matched to the previous run's themes one-to-one by how much evidence they
share (Jaccard overlap of unit ids) and, secondarily, keywords. A matched theme takes over
the curated label, summary, relevance and pinned quotes; themes a person merged are merged
again; units a person moved are moved again. A curated theme with no match is kept as a
placeholder flagged for review (never dropped), and the run records what changed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select, update

from analysis.reports.models import AnalysisRun, CurationEvent, RunStatus, Theme, ThemeAssignment
from engage.extensions import db

#: The lowest overlap score at which two themes count as the same theme.
MATCH_MIN = 0.2
#: A new theme lying this much inside a previous theme that absorbed merges is merged again.
ABSORB_MIN = 0.6


def members(run_id: int) -> dict[int, set[str]]:
    """Theme id -> the unit ids assigned to it in a run."""
    rows = db.session.execute(
        select(ThemeAssignment.theme_id, ThemeAssignment.unit_id).where(
            ThemeAssignment.run_id == run_id, ThemeAssignment.theme_id.is_not(None)
        )
    )
    out: dict[int, set[str]] = defaultdict(set)
    for theme_id, unit_id in rows:
        out[theme_id].add(unit_id)
    return out


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def match(
    old: list[Theme],
    new: list[Theme],
    old_units: dict[int, set[str]],
    new_units: dict[int, set[str]],
) -> dict[int, Theme]:
    """Old theme id -> its new theme, one-to-one, best overlap first."""
    pairs = sorted(
        (
            0.7 * _jaccard(old_units[o.id], new_units[n.id])
            + 0.3 * _jaccard(set(o.keywords), set(n.keywords)),
            o.id,
            n.id,
        )
        for o in old
        for n in new
    )
    by_id = {n.id: n for n in new}
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    found: dict[int, Theme] = {}
    for score, old_id, new_id in reversed(pairs):
        if score >= MATCH_MIN and old_id not in taken_old and new_id not in taken_new:
            found[old_id] = by_id[new_id]
            taken_old.add(old_id)
            taken_new.add(new_id)
    return found


def carry(run: AnalysisRun) -> None:
    """Apply the parent run's curation to ``run`` (freshly themed). Flushes."""
    parent = run.parent
    if parent is None or parent.status != RunStatus.FINISHED:
        return
    old = list(db.session.scalars(select(Theme).where(Theme.run_id == parent.id)))
    new = list(db.session.scalars(select(Theme).where(Theme.run_id == run.id)))
    old_units, new_units = members(parent.id), members(run.id)
    live_old = [t for t in old if t.merged_into_id is None]
    found = match(live_old, new, old_units, new_units)
    absorbed = {t.merged_into_id for t in old if t.merged_into_id}
    for theme in live_old:
        if not (theme.curated or theme.id in absorbed):
            continue
        target = found.get(theme.id) or _placeholder(run, theme, len(new))
        _apply(run, theme, target)
        if theme.id in absorbed and theme.id in found:
            _absorb(run, theme, target, new, found, old_units[theme.id], new_units)
    _moves(run, parent, found)
    for theme in new:
        theme.needs_review = theme.needs_review or theme not in found.values()
    run.changes = _changes(parent, run, live_old, new, found, old_units, new_units)
    db.session.flush()


def _apply(run: AnalysisRun, old: Theme, new: Theme) -> None:
    before = {"label": new.label, "summary": new.summary}
    new.curated_label, new.curated_summary = old.curated_label, old.curated_summary
    new.not_relevant, new.carried_from_id = old.not_relevant, old.id
    present = _present_units(run, [p["unit_id"] for p in old.pinned])
    new.pinned = [p for p in old.pinned if p["unit_id"] in present]
    after = {"label": new.title, "summary": new.text, "from_theme": old.id}
    _event(run, new, "carry_over", before, after)


def _placeholder(run: AnalysisRun, old: Theme, position: int) -> Theme:
    """A curated theme with no counterpart in this run: kept, empty, and flagged."""
    theme = Theme(
        run_id=run.id, position=position, label=old.label, keywords=list(old.keywords),
        summary=old.summary, origin="carried", needs_review=True,
    )  # fmt: skip
    db.session.add(theme)
    db.session.flush()
    return theme


def _absorb(run, old, target, new, found, old_members, new_units) -> None:  # noqa: ANN001
    """Re-merge new themes that lie mostly inside a previous theme that absorbed merges."""
    matched = {t.id for t in found.values()}
    for theme in new:
        units = new_units[theme.id]
        if theme.id in matched or theme.id == target.id or not units:
            continue
        if len(units & old_members) / len(units) >= ABSORB_MIN:
            db.session.execute(
                update(ThemeAssignment)
                .where(ThemeAssignment.theme_id == theme.id)
                .values(theme_id=target.id)
            )
            theme.merged_into_id = target.id
            _event(run, target, "carry_merge", {"theme": theme.label}, {"into": target.title})


def _moves(run: AnalysisRun, parent: AnalysisRun, found: dict[int, Theme]) -> None:
    moved = db.session.execute(
        select(ThemeAssignment.unit_id, ThemeAssignment.segment, ThemeAssignment.theme_id).where(
            ThemeAssignment.run_id == parent.id, ThemeAssignment.curated
        )
    )
    for unit_id, segment, theme_id in moved:
        if theme_id in found:
            db.session.execute(
                update(ThemeAssignment)
                .where(
                    ThemeAssignment.run_id == run.id,
                    ThemeAssignment.unit_id == unit_id,
                    ThemeAssignment.segment == segment,
                )
                .values(theme_id=found[theme_id].id, curated=True)
            )


def _present_units(run: AnalysisRun, unit_ids: list[str]) -> set[str]:
    return set(
        db.session.scalars(
            select(ThemeAssignment.unit_id).where(
                ThemeAssignment.run_id == run.id, ThemeAssignment.unit_id.in_(unit_ids)
            )
        )
    )


def _changes(parent, run, old, new, found, old_units, new_units) -> dict[str, Any]:  # noqa: ANN001
    before = set().union(*old_units.values()) if old_units else set()
    after = set().union(*new_units.values()) if new_units else set()
    matched_new = {t.id for t in found.values()}
    grew, shrank = [], []
    for theme in old:
        if theme.id in found:
            delta = len(new_units[found[theme.id].id]) - len(old_units[theme.id])
            (grew if delta > 0 else shrank if delta < 0 else []).append([theme.title, delta])
    return {
        "parent": parent.id,
        "units_added": len(after - before),
        "units_removed": len(before - after),
        "new_themes": [t.label for t in new if t.id not in matched_new],
        "gone_themes": [t.title for t in old if t.id not in found],
        "grew": grew,
        "shrank": shrank,
    }


def _event(run: AnalysisRun, theme: Theme, action: str, before: dict, after: dict) -> None:
    db.session.add(
        CurationEvent(run_id=run.id, theme_id=theme.id, action=action, before=before, after=after)
    )
