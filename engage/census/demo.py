"""Demo census: the default rubric, a lead for Parks, two waves, benchmarks and initiatives.

Scores, benchmarks and initiatives are placeholders marked "(demo)"; they describe no real
department's practice. Idempotent: each part is created only when missing.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import select

from analysis.reports.models import AnalysisRun, ReportState, Theme
from engage.auth.models import User
from engage.auth.roles import Role
from engage.census import benchmarks, initiatives, rubrics, waves
from engage.census.models import Benchmark, Initiative, OrgUnitLead, Rubric, Wave, WaveStatus
from engage.demo.seed import milwaukee
from engage.directory.models import OrgUnit, OrgUnitKind
from engage.extensions import db
from engage.timeutil import UTC

LEAD_EMAIL = "lead@example.org"
#: department -> levels per dimension (rubric order) in the 2025 and 2026 waves
LEVELS = {
    "Parks": ((1, 2, 2, 2, 1, 1), (2, 2, 3, 2, 2, 2)),
    "Department of Health and Human Services": ((3, 3, 2, 3, 2, 3), (3, 4, 3, 3, 3, 3)),
    "Milwaukee County Transit System": ((2, 2, 3, 1, 2, 2), (2, 3, 3, 2, 2, 3)),
    "Zoo": ((1, 1, 2, 2, 1, 2), (2, 1, 2, 2, 2, 2)),
}
WAVES = (
    ("Census 2025 (demo)", datetime(2025, 10, 1, tzinfo=UTC)),
    ("Census 2026 (demo)", datetime(2026, 10, 1, tzinfo=UTC)),
)


def seed_census(password: str) -> str:
    """Create whatever census demo data is missing; flushes."""
    rubric = rubrics.ensure_default_rubric(milwaukee()["strategic_plan"])
    units = {
        u.name: u
        for u in db.session.scalars(
            select(OrgUnit).where(OrgUnit.kind == OrgUnitKind.DEPARTMENT, OrgUnit.name.in_(LEVELS))
        )
    }
    _lead(password, units["Parks"])
    created = sum(_wave(rubric, units, index) for index in range(len(WAVES)))
    _benchmarks(units["Parks"])
    _initiative(units["Parks"])
    db.session.flush()
    return f"census: {created} waves created; lead {LEAD_EMAIL} leads Parks"


def _lead(password: str, parks: OrgUnit) -> None:
    user = db.session.scalar(select(User).where(User.email == LEAD_EMAIL))
    if user is None:
        user = User(
            email=LEAD_EMAIL,
            name="Lee Lead (Parks)",
            role=Role.VIEWER,
            session_nonce=secrets.token_hex(16),
        )
        db.session.add(user)
    user.set_password(password)
    user.active = True
    db.session.flush()
    if not db.session.scalar(select(OrgUnitLead.id).where(OrgUnitLead.user_id == user.id)):
        db.session.add(OrgUnitLead(user_id=user.id, org_unit_id=parks.id))


def _wave(rubric: Rubric, units: dict[str, OrgUnit], index: int) -> bool:
    title, when = WAVES[index]
    if db.session.scalar(select(Wave.id).where(Wave.title == title)):
        return False
    wave = waves.save_wave(
        None,
        title=title,
        rubric=rubric,
        survey_id=None,
        actor="demo",
        org_unit_ids=[u.id for u in units.values()],
    )
    wave.open()
    for assessment in wave.assessments:
        levels = LEVELS[assessment.org_unit.name][index]
        answers = [
            waves.Answer(d.id, lv, "", "Demo self-assessment.")
            for d, lv in zip(rubric.dimensions, levels, strict=True)
        ]
        waves.submit_assessment(assessment, answers, _system())
    if index == 0:
        wave.close()
        first = wave.assessments[0].scores[0]
        waves.review_score(
            first,
            max(1, first.self_level - 1),
            "Demo review: no written equity goal found.",
            _system(),
        )
    wave.created_at = wave.opened_at = when
    wave.closed_at = when if wave.status == WaveStatus.CLOSED else None
    return True


def _system() -> User:
    return db.session.scalar(
        select(User).where(User.email == "analyst@example.org")
    ) or db.session.scalar(select(User).where(User.email == LEAD_EMAIL))


def _benchmarks(parks: OrgUnit) -> None:
    if db.session.scalar(select(Benchmark.id).where(Benchmark.org_unit_id == parks.id)):
        return
    census = benchmarks.save_benchmark(
        None,
        {
            "name": "Parks language access level (demo)",
            "org_unit_id": parks.id,
            "metric_kind": "census",
            "dimension_key": "language",
            "unit_label": "level",
            "baseline_value": 1.0,
            "baseline_date": date(2025, 10, 1),
            "target_value": 3.0,
            "due_date": date(2027, 12, 31),
        },
        "demo",
    )
    benchmarks.record_value(census, 2.0, date(2026, 10, 1), "Census 2026 (demo)", "demo")
    manual = benchmarks.save_benchmark(
        None,
        {
            "name": "Park permits available in Spanish and Hmong (demo)",
            "org_unit_id": parks.id,
            "metric_kind": "manual",
            "source": "Parks permit office count (demo figure)",
            "unit_label": "%",
            "baseline_value": 10.0,
            "baseline_date": date(2025, 6, 1),
            "target_value": 100.0,
            "due_date": date(2026, 12, 31),
        },
        "demo",
    )
    benchmarks.record_value(manual, 30.0, date(2026, 3, 1), "Permit office (demo)", "demo")


def _initiative(parks: OrgUnit) -> None:
    if db.session.scalar(select(Initiative.id)):
        return
    theme = db.session.scalar(
        select(Theme)
        .join(Theme.run)
        .where(
            AnalysisRun.state == ReportState.PUBLISHED,
            Theme.merged_into_id.is_(None),
            Theme.not_relevant.is_(False),
        )
        .order_by(Theme.position)
    )
    initiatives.save_initiative(
        None,
        {
            "title": "Translate park permits and signs (demo)",
            "owner": "Parks (demo)",
            "description": "Permits, reservation pages and park signs in Spanish and Hmong.",
            "status": "in_progress",
            "starts_on": date(2026, 1, 15),
            "ends_on": date(2026, 12, 31),
            "budget_note": "Within the Parks operating budget (demo).",
            "public": True,
            "org_units": [parks.id],
            "themes": [theme.id] if theme else [],
            "benchmarks": list(
                db.session.scalars(select(Benchmark.id).where(Benchmark.org_unit_id == parks.id))
            ),
        },
        "demo",
    )
