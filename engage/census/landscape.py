"""The census landscape: heatmap, strengths and gaps, change between waves, department themes."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean

from sqlalchemy import select

from analysis.reports import statistics
from analysis.reports.models import AnalysisRun, ReportState, RunStatus, Theme
from engage.census.models import Assessment, RubricDimension, Wave, WaveStatus
from engage.directory.models import OrgUnit
from engage.extensions import db


@dataclass
class Cell:
    level: int | None
    self_level: int | None = None
    reviewed: bool = False


@dataclass
class Row:
    unit: OrgUnit
    assessment: Assessment
    cells: list[Cell] = field(default_factory=list)

    @property
    def average(self) -> float | None:
        levels = [c.level for c in self.cells if c.level is not None]
        return round(mean(levels), 1) if levels else None


@dataclass
class DimensionSummary:
    dimension: RubricDimension
    average: float | None
    #: departments at level 1 or 2
    low: int
    answered: int


def heatmap(wave: Wave) -> list[Row]:
    """One row per department in the wave, one cell per rubric dimension."""
    rows = []
    for assessment in sorted(wave.assessments, key=lambda a: a.org_unit.name):
        row = Row(assessment.org_unit, assessment)
        for dimension in wave.rubric.dimensions:
            score = assessment.score_for(dimension.id)
            row.cells.append(
                Cell(score.level, score.self_level, score.reviewed_level is not None)
                if score
                else Cell(None)
            )
        rows.append(row)
    return rows


def dimension_summaries(wave: Wave, rows: list[Row]) -> list[DimensionSummary]:
    """Per dimension across the county: average level, departments at level 1-2, strongest first."""
    found = []
    for index, dimension in enumerate(wave.rubric.dimensions):
        levels = [r.cells[index].level for r in rows if r.cells[index].level is not None]
        found.append(
            DimensionSummary(
                dimension,
                round(mean(levels), 2) if levels else None,
                sum(level <= 2 for level in levels),
                len(levels),
            )
        )
    return sorted(found, key=lambda d: (d.average is None, -(d.average or 0)))


def levels_by_key(assessment: Assessment | None) -> dict[str, int]:
    return {s.dimension.key: s.level for s in assessment.scores} if assessment else {}


def change(earlier: Wave, later: Wave) -> list[tuple[OrgUnit, list[tuple[int | None, int | None]]]]:
    """For departments in ``later``: (earlier level, later level) per dimension of ``later``.

    Dimensions are matched by key, so a revised rubric still compares like with like.
    """
    before = {a.org_unit_id: levels_by_key(a) for a in earlier.assessments}
    result = []
    for assessment in sorted(later.assessments, key=lambda a: a.org_unit.name):
        now, then = levels_by_key(assessment), before.get(assessment.org_unit_id, {})
        pairs = [(then.get(d.key), now.get(d.key)) for d in later.rubric.dimensions]
        result.append((assessment.org_unit, pairs))
    return result


def previous_wave(wave: Wave) -> Wave | None:
    """The newest opened (or closed) wave created before ``wave``: what its change is against."""
    return db.session.scalar(
        select(Wave)
        .where(
            Wave.status != WaveStatus.DRAFT,
            Wave.id != wave.id,
            (Wave.created_at < wave.created_at)
            | ((Wave.created_at == wave.created_at) & (Wave.id < wave.id)),
        )
        .order_by(Wave.created_at.desc(), Wave.id.desc())
        .limit(1)
    )


def department_history(unit: OrgUnit) -> list[Assessment]:
    """The department's assessments, newest wave first."""
    return list(
        db.session.scalars(
            select(Assessment)
            .join(Assessment.wave)
            .where(Assessment.org_unit_id == unit.id)
            .order_by(Wave.created_at.desc(), Wave.id.desc())
        )
    )


def department_themes(unit: OrgUnit) -> tuple[AnalysisRun | None, list[Theme]]:
    """Themes of the newest published report whose scope was limited to include this unit.

    A report run over everything (no org-unit filter) says nothing about one department, so
    only runs whose scope names the unit count.
    """
    runs = db.session.scalars(
        select(AnalysisRun)
        .where(AnalysisRun.state == ReportState.PUBLISHED, AnalysisRun.status == RunStatus.FINISHED)
        .order_by(AnalysisRun.published_at.desc(), AnalysisRun.id.desc())
    )
    run = next((r for r in runs if unit.id in _scope_units(r)), None)
    if run is None:
        return None, []
    themes = [t for t in statistics.live_themes(run) if not t.not_relevant and t.respondents]
    return run, sorted(themes, key=lambda t: -t.respondents)[:8]


def _scope_units(run: AnalysisRun) -> set[int]:
    return {int(u) for u in run.scope.get("org_units") or []}
