"""Demo report: a finished, curated and published run over the demo surveys and notes."""

from __future__ import annotations

from sqlalchemy import select

from analysis.reports import curation, runs, sources, statistics
from analysis.reports.models import AnalysisRun, RunStatus
from analysis.reports.publishing import publish
from engage.auth.models import User
from engage.extensions import db

TITLE = "Demo: what Milwaukee County stakeholders told us"


def seed_reports() -> str:
    """Theme every demo open answer and note, curate a little, publish. Idempotent; commits."""
    found = db.session.scalar(select(AnalysisRun).where(AnalysisRun.title == TITLE))
    if found is not None and found.status == RunStatus.FINISHED:
        return "reports: demo run already there"
    analyst = db.session.scalar(select(User).where(User.email == "analyst@example.org"))
    sources.load_all()
    picked = {
        name: {"ids": [value for value, _ in sources.get(name).options()]}
        for name in ("survey", "tour")
    }
    picked["tour"] = {"ids": ["all"]}
    scope = {"sources": {k: v for k, v in picked.items() if v["ids"]}}
    if not scope["sources"]:
        return "reports: no demo surveys or notes to theme"
    run = found or AnalysisRun(
        title=TITLE, scope=scope, created_by_id=analyst.id if analyst else None,
        params={"seed": 0, "suppression_k": statistics.suppression_k()},
    )  # fmt: skip
    db.session.add(run)
    db.session.flush()
    runs.run_now(run)
    _curate(run, analyst)
    db.session.commit()
    themes = run.manifest["themes"]
    return f"reports: demo run themed {run.units} answers and notes into {themes} themes"


def _curate(run: AnalysisRun, analyst: User) -> None:
    themes = [t for t in statistics.live_themes(run) if t.respondents]
    if len(themes) >= 2:
        curation.rename(themes[0], f"{themes[0].label} (reviewed)", analyst)
        curation.edit_summary(
            themes[0],
            "Reviewed by the Office of Equity analyst: the most common theme across "
            "departments and sessions.",
            analyst,
        )
        curation.merge(themes[-1], themes[-2], analyst)
    publish(run, analyst)
