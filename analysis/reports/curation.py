"""A person's changes to a run's themes. Each is recorded with its before and after.

Curation is refused on runs that are not finished and on published reports (return the
report to draft first), so what colleagues read never changes under them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update

from analysis.reports import statistics
from analysis.reports.models import (
    AnalysisRun,
    CurationEvent,
    ReportState,
    RunStatus,
    RunUnit,
    Theme,
    ThemeAssignment,
)
from analysis.reports.pipeline import redact
from engage.errors import DomainError
from engage.extensions import db


def check_editable(run: AnalysisRun) -> None:
    """Raise unless ``run`` may be curated."""
    if run.status != RunStatus.FINISHED:
        raise DomainError("This run has not finished; its themes cannot be changed yet.")
    if run.state == ReportState.PUBLISHED:
        raise DomainError(
            "This report is published, so it cannot be edited. Return it to draft first."
        )


def _record(theme: Theme, actor: Any, action: str, before: dict, after: dict) -> None:
    db.session.add(
        CurationEvent(
            run_id=theme.run_id,
            theme_id=theme.id,
            actor_id=getattr(actor, "id", None),
            action=action,
            before=before,
            after=after,
        )  # fmt: skip
    )
    db.session.flush()


def rename(theme: Theme, label: str, actor: Any) -> None:
    """Give a theme a person's label (empty restores the machine's)."""
    check_editable(theme.run)
    before = {"label": theme.title}
    theme.curated_label = label.strip() or None
    _record(theme, actor, "rename", before, {"label": theme.title})


def edit_summary(theme: Theme, summary: str, actor: Any) -> None:
    """Replace the machine's summary (empty restores it)."""
    check_editable(theme.run)
    before = {"summary": theme.text}
    theme.curated_summary = summary.strip() or None
    _record(theme, actor, "summary", before, {"summary": theme.text})


def set_relevance(theme: Theme, relevant: bool, actor: Any) -> None:
    """Mark a theme not relevant (kept, listed apart) or relevant again."""
    check_editable(theme.run)
    before = {"not_relevant": theme.not_relevant}
    theme.not_relevant = not relevant
    _record(theme, actor, "relevance", before, {"not_relevant": theme.not_relevant})


def merge(source: Theme, target: Theme, actor: Any) -> None:
    """Move all of ``source``'s evidence into ``target``; ``source`` is kept as merged.

    Raises:
        DomainError: merging a theme into itself, across runs, or a theme already merged.
    """
    check_editable(source.run)
    if source.id == target.id:
        raise DomainError("A theme cannot be merged into itself; pick a different theme.")
    if source.run_id != target.run_id:
        raise DomainError("Themes of different runs cannot be merged.")
    if source.merged_into_id or target.merged_into_id:
        raise DomainError("One of these themes was already merged into another.")
    before = {
        "source": source.title,
        "target": target.title,
        "target_respondents": target.respondents,
    }
    _reassign(source.id, target.id)
    source.merged_into_id = target.id
    target.pinned = target.pinned + [p for p in source.pinned if p not in target.pinned]
    statistics.refresh(source.run)
    _record(
        target,
        actor,
        "merge",
        before,
        {"target": target.title, "target_respondents": target.respondents},
    )


def _reassign(from_id: int, to_id: int, unit_ids: list[str] | None = None) -> int:
    query = update(ThemeAssignment).where(ThemeAssignment.theme_id == from_id)
    if unit_ids is not None:
        query = query.where(ThemeAssignment.unit_id.in_(unit_ids))
    return db.session.execute(query.values(theme_id=to_id, curated=True)).rowcount


def _units_of(theme: Theme) -> set[str]:
    return set(
        db.session.scalars(
            select(ThemeAssignment.unit_id).where(ThemeAssignment.theme_id == theme.id)
        )
    )


def split(theme: Theme, unit_ids: list[str], label: str, actor: Any) -> Theme:
    """Make a new theme from some of ``theme``'s answers.

    Raises:
        DomainError: a one-unit theme, no answers picked, all of them picked, or no label.
    """
    check_editable(theme.run)
    members = _units_of(theme)
    if len(members) < 2:
        raise DomainError("A theme with a single answer cannot be split.")
    picked = set(unit_ids) & members
    if not picked:
        raise DomainError("Pick the answers that should form the new theme.")
    if picked == members:
        raise DomainError("Leave at least one answer in the original theme, or rename it instead.")
    if not label.strip():
        raise DomainError("Give the new theme a label.")
    position = db.session.scalar(
        select(func.max(Theme.position)).where(Theme.run_id == theme.run_id)
    )
    new = Theme(
        run_id=theme.run_id, position=(position or 0) + 1, label=label.strip(),
        keywords=list(theme.keywords), summary="", language=theme.language, origin="split",
    )  # fmt: skip
    db.session.add(new)
    db.session.flush()
    _reassign(theme.id, new.id, sorted(picked))
    statistics.refresh(theme.run)
    _record(
        new, actor, "split", {"from": theme.title, "units": sorted(picked)}, {"theme": new.title}
    )
    return new


def move(theme: Theme, target: Theme, unit_ids: list[str], actor: Any) -> int:
    """Move some answers from ``theme`` to ``target``; returns how many segments moved."""
    check_editable(theme.run)
    if theme.id == target.id or target.run_id != theme.run_id or target.merged_into_id:
        raise DomainError("Pick another theme of this report to move the answers to.")
    picked = sorted(set(unit_ids) & _units_of(theme))
    if not picked:
        raise DomainError("Pick the answers to move.")
    moved = _reassign(theme.id, target.id, picked)
    statistics.refresh(theme.run)
    _record(target, actor, "move", {"from": theme.title, "units": picked}, {"to": target.title})
    return moved


def pin(theme: Theme, assignment_id: int, actor: Any) -> None:
    """Pin one segment of the theme as a quote (kept with a redacted copy for sharing)."""
    check_editable(theme.run)
    seg = db.session.get(ThemeAssignment, assignment_id)
    if seg is None or seg.theme_id != theme.id:
        raise DomainError("That answer is not part of this theme.")
    unit = db.session.scalar(
        select(RunUnit).where(RunUnit.run_id == theme.run_id, RunUnit.unit_id == seg.unit_id)
    )
    text = unit.text[seg.start : seg.end].strip()
    if any(p["unit_id"] == seg.unit_id and p["start"] == seg.start for p in theme.pinned):
        raise DomainError("That quote is already pinned.")
    quote = {"unit_id": seg.unit_id, "start": seg.start, "end": seg.end, "text": text,
             "redacted": redact([text])[0]}  # fmt: skip
    theme.pinned = [*theme.pinned, quote]
    _record(theme, actor, "pin", {}, {"quote": quote["redacted"]})


def unpin(theme: Theme, index: int, actor: Any) -> None:
    check_editable(theme.run)
    if not 0 <= index < len(theme.pinned):
        raise DomainError("That quote is not pinned.")
    quote = theme.pinned[index]
    theme.pinned = [p for i, p in enumerate(theme.pinned) if i != index]
    _record(theme, actor, "unpin", {"quote": quote["redacted"]}, {})
