"""Has a number in a draft changed? Against its own theme now, and against a newer run.

A newer run of the same report is one that repeats it (``parent_id`` chain) or themes the same
scope later. The theme that continues ours there is the one carrying its curation
(``carried_from_id``), else the one with the same title, else the best keyword overlap.
"""

from __future__ import annotations

from sqlalchemy import select

from analysis.reports.models import AnalysisRun, RunStatus, Theme
from analysis.reports.statistics import live_themes
from engage.extensions import db

#: How much two themes' keywords must overlap (Jaccard) to count as the same theme.
KEYWORD_MATCH = 0.5
#: How many later runs to look through for a newer run of the same report.
LOOKAHEAD = 50


def newer_run(run: AnalysisRun) -> AnalysisRun | None:
    """The latest finished run that repeats ``run`` or covers the same scope."""
    later = db.session.scalars(
        select(AnalysisRun)
        .where(AnalysisRun.id > run.id, AnalysisRun.status == RunStatus.FINISHED)
        .order_by(AnalysisRun.id.desc())
        .limit(LOOKAHEAD)
    )
    for candidate in later:
        if candidate.scope == run.scope or _descends(candidate, run.id):
            return candidate
    return None


def _descends(run: AnalysisRun, ancestor_id: int) -> bool:
    seen: set[int] = set()
    current = run.parent
    while current is not None and current.id not in seen:
        if current.id == ancestor_id:
            return True
        seen.add(current.id)
        current = current.parent
    return False


def successor(theme: Theme, run: AnalysisRun) -> Theme | None:
    """The theme in ``run`` that continues ``theme``, if any."""
    candidates = live_themes(run)
    for candidate in candidates:
        if _carried_from(candidate, theme.id):
            return candidate
    for candidate in candidates:
        if candidate.title.casefold() == theme.title.casefold():
            return candidate
    scored = [(_overlap(theme, c), c.id, c) for c in candidates]
    best = max(scored, default=None, key=lambda s: (s[0], -s[1]))
    return best[2] if best and best[0] >= KEYWORD_MATCH else None


def _carried_from(theme: Theme, ancestor_id: int) -> bool:
    seen: set[int] = set()
    current_id = theme.carried_from_id
    while current_id is not None and current_id not in seen:
        if current_id == ancestor_id:
            return True
        seen.add(current_id)
        current_id = db.session.scalar(select(Theme.carried_from_id).where(Theme.id == current_id))
    return False


def _overlap(a: Theme, b: Theme) -> float:
    left, right = set(a.keywords), set(b.keywords)
    return len(left & right) / len(left | right) if left or right else 0.0
