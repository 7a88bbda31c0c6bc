"""Store one engine result for a run: units, themes and assignments, replacing any earlier try."""

from __future__ import annotations

from sqlalchemy import delete, insert

from analysis.nlp import EvidenceUnit, ThemeEngine, ThemeResult
from analysis.reports.models import AnalysisRun, CurationEvent, RunUnit, Theme, ThemeAssignment
from analysis.reports.sources import Source
from engage.extensions import db


def clear(run: AnalysisRun) -> None:
    """Delete what an earlier attempt of this run stored (the caller's transaction)."""
    for model in (ThemeAssignment, CurationEvent, RunUnit):
        db.session.execute(delete(model).where(model.run_id == run.id))
    db.session.execute(delete(Theme).where(Theme.run_id == run.id))


def save(
    run: AnalysisRun,
    collected: list[tuple[Source, EvidenceUnit]],
    result: ThemeResult,
    engine: ThemeEngine,
) -> None:
    """Replace the run's stored results with ``result``. Flushes; the caller commits."""
    clear(run)
    units = [u for _, u in collected]
    themes = _themes(run, result, units)
    _units(run, collected, result)
    _assignments(run, result, units, themes, engine)
    run.manifest = dict(result.manifest)
    db.session.flush()


def _themes(run: AnalysisRun, result: ThemeResult, units: list[EvidenceUnit]) -> dict[int, int]:
    """Insert the themes; returns engine theme id -> database id."""
    rows = [
        Theme(
            run_id=run.id,
            position=t.id,
            label=t.label,
            keywords=list(t.keywords),
            summary=t.summary,
            language=t.language,
            quotes=[{"unit_id": units[q.row].id, "text": q.text} for q in t.quotes],
        )  # fmt: skip
        for t in result.themes
    ]
    db.session.add_all(rows)
    db.session.flush()
    return {t.id: row.id for t, row in zip(result.themes, rows, strict=True)}


def _units(
    run: AnalysisRun, collected: list[tuple[Source, EvidenceUnit]], result: ThemeResult
) -> None:
    quotable: set[str] = set()
    by_source: dict[str, tuple[Source, list[str]]] = {}
    for source, unit in collected:
        by_source.setdefault(source.name, (source, []))[1].append(unit.id)
    for source, ids in by_source.values():
        quotable |= source.quotable(ids)
    stance = {row.id: row.stance for row in result.rows}
    values = [
        {
            "run_id": run.id,
            "unit_id": unit.id,
            "source": unit.source,
            "respondent": source.respondent(unit.id),
            "text": unit.text,
            "attributes": dict(unit.attributes),
            "quotable": unit.id in quotable,
            "stance": stance.get(unit.id, "neutral"),
        }  # fmt: skip
        for source, unit in collected
        if unit.id in stance
    ]
    _bulk(RunUnit, values)


def _assignments(
    run: AnalysisRun,
    result: ThemeResult,
    units: list[EvidenceUnit],
    themes: dict[int, int],
    engine: ThemeEngine,
) -> None:
    scores = engine.stance.predict([s.text for s in result.segments])
    position: dict[int, int] = {}
    values = []
    for seg, label, score in zip(result.segments, result.unit_themes, scores, strict=True):
        index = position[seg.parent] = position.get(seg.parent, -1) + 1
        unit = units[seg.parent]
        values.append(
            {
                "run_id": run.id,
                "unit_id": unit.id,
                "source": unit.source,
                "segment": index,
                "start": seg.start,
                "end": seg.end,
                "theme_id": themes.get(label),
                "stance": score.stance,
                "stance_score": score.score,
                "curated": False,
            }  # fmt: skip
        )
    _bulk(ThemeAssignment, values)


def _bulk(model: type, values: list[dict]) -> None:
    for start in range(0, len(values), 5000):
        db.session.execute(insert(model), values[start : start + 5000])
