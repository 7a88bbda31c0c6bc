"""The census demo: two waves with scores, a Parks lead, benchmarks and a public initiative."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from engage.auth.models import User
from engage.census.demo import LEAD_EMAIL, seed_census
from engage.census.leads import led_unit_ids
from engage.census.models import Benchmark, Initiative, OrgUnitLead, Score, Wave, WaveStatus
from engage.demo.seed import seed_org_units, seed_users
from engage.extensions import db


def test_seed_census_is_complete_and_idempotent(app: Flask) -> None:
    with app.app_context():
        seed_users("demo-password")
        seed_org_units()
        seed_census("demo-password")
        seed_census("demo-password")
        db.session.commit()
        found = {w.title: w for w in db.session.scalars(select(Wave))}
        assert set(found) == {"Census 2025 (demo)", "Census 2026 (demo)"}
        assert found["Census 2025 (demo)"].status == WaveStatus.CLOSED
        assert found["Census 2026 (demo)"].status == WaveStatus.OPEN
        assert db.session.scalar(select(func.count(Score.id))) == 2 * 4 * 6
        assert (
            db.session.scalar(select(func.count(Score.id)).where(Score.reviewed_level.is_not(None)))
            == 1
        )
        lead = db.session.scalar(select(User).where(User.email == LEAD_EMAIL))
        assert lead.check_password("demo-password")
        parks = db.session.scalar(select(OrgUnitLead)).org_unit
        assert parks.name == "Parks" and led_unit_ids(lead) == {parks.id}
        assert db.session.scalar(select(func.count(Benchmark.id))) == 2
        assert db.session.scalar(select(func.count(Initiative.id))) == 1
