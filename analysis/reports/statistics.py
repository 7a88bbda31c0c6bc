"""Theme statistics recomputed from stored assignments (after a run and after curation).

Respondents, not answers, are the unit of every count: someone who wrote three answers in a
theme counts once, with the stance of their answers combined. Breakdowns are suppressed twice:
groups with fewer than K respondents in the run (``analysis.stats``), then, within each
theme's breakdown, cells with fewer than K respondents, with complementary suppression so the
theme's published total cannot reveal a hidden cell.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import current_app
from sqlalchemy import select

from analysis.nlp.stance import StanceScore, row_stance
from analysis.reports.models import AnalysisRun, RunUnit, Theme, ThemeAssignment
from analysis.stats import SUPPRESSED, suppress_counts, theme_group_statistics
from engage.extensions import db


def suppression_k() -> int:
    return current_app.config["ENGAGE_SUPPRESSION_K"]


def live_themes(run: AnalysisRun) -> list[Theme]:
    """Themes not merged into another, in display order."""
    return list(
        db.session.scalars(
            select(Theme)
            .where(Theme.run_id == run.id, Theme.merged_into_id.is_(None))
            .order_by(Theme.position, Theme.id)
        )
    )


def refresh(run: AnalysisRun) -> None:
    """Recompute every live theme's counts, stance mix, scores and breakdowns. Flushes."""
    k = suppression_k()
    units = db.session.execute(
        select(RunUnit.unit_id, RunUnit.respondent, RunUnit.attributes).where(
            RunUnit.run_id == run.id
        )
    ).all()
    people = {respondent: i for i, respondent in enumerate(sorted({u[1] for u in units}))}
    person_of = {unit_id: people[respondent] for unit_id, respondent, _ in units}
    row_groups: dict[int, dict[str, str]] = {}
    for unit_id, _respondent, attributes in units:
        row_groups.setdefault(person_of[unit_id], dict(attributes))
    scores, segments = _theme_scores(run, person_of)
    themes = live_themes(run)
    theme_rows = {t.id: {p: row_stance(s) for p, s in scores.get(t.id, {}).items()} for t in themes}
    stats = theme_group_statistics(theme_rows, row_groups, k=k)
    for theme in themes:
        found, rows = stats[theme.id], theme_rows[theme.id]
        theme.respondents, theme.units = len(rows), segments.get(theme.id, 0)
        theme.stance = {
            s: sum(v == s for v in rows.values()) for s in ("support", "concern", "neutral")
        }
        theme.consensus, theme.concern = found.consensus, found.concern
        theme.divisiveness = found.divisiveness
        theme.groups = {c: suppress_cells(cells, k) for c, cells in found.groups.items()}
    run.respondents, run.units = len(people), len(units)
    run.group_sizes = count_group_sizes(list(row_groups.values()), k)
    db.session.flush()


def _theme_scores(
    run: AnalysisRun, person_of: dict[str, int]
) -> tuple[dict[int, dict[int, list[StanceScore]]], dict[int, int]]:
    scores: dict[int, dict[int, list[StanceScore]]] = defaultdict(lambda: defaultdict(list))
    segments: dict[int, int] = defaultdict(int)
    rows = db.session.execute(
        select(
            ThemeAssignment.theme_id,
            ThemeAssignment.unit_id,
            ThemeAssignment.stance,
            ThemeAssignment.stance_score,
        ).where(ThemeAssignment.run_id == run.id, ThemeAssignment.theme_id.is_not(None))
    )
    for theme_id, unit_id, stance, score in rows:
        scores[theme_id][person_of[unit_id]].append(StanceScore(stance, score))
        segments[theme_id] += 1
    return scores, segments


def suppress_cells(cells: dict[str, dict[str, Any]], k: int) -> dict[str, dict[str, Any]]:
    """Hide a theme breakdown's cells under K, and enough others that none can be derived.

    Cells already hidden because their whole group is small count as 0 here, so the
    complementary step never relies on their (unknown) size.
    """
    counts = {value: 0 if cell.get("suppressed") else cell["rows"] for value, cell in cells.items()}
    hidden = suppress_counts(counts, k)
    return {v: dict(SUPPRESSED) if v in hidden else cell for v, cell in cells.items()}


def group_sizes(run: AnalysisRun) -> dict[str, dict[str, int | None]]:
    """Respondents per group value per column; ``None`` where suppressed.

    Stored on the run by ``refresh``; counted from the units for runs stored before that.
    """
    if run.group_sizes is not None:
        return run.group_sizes
    units = db.session.execute(
        select(RunUnit.respondent, RunUnit.attributes).where(RunUnit.run_id == run.id)
    ).all()
    first: dict[str, dict[str, str]] = {}
    for respondent, attributes in units:
        first.setdefault(respondent, attributes)
    return count_group_sizes(list(first.values()), suppression_k())


def count_group_sizes(people: list[dict[str, str]], k: int) -> dict[str, dict[str, int | None]]:
    """Respondents per value of each column over ``people`` (one attributes dict each)."""
    columns = sorted({c for attrs in people for c in attrs})
    out: dict[str, dict[str, int | None]] = {}
    for column in columns:
        counts: dict[str, int] = defaultdict(int)
        for attrs in people:
            counts[attrs.get(column) or ""] += 1
        hidden = suppress_counts(counts, k)
        out[column] = {v: None if v in hidden else n for v, n in sorted(counts.items())}
    return out
