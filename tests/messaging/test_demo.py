"""The demo seed: with the demo report the draft rests on it; without, it shows the warning."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from engage.extensions import db
from engage.messaging import checks
from engage.messaging.demo import DEMO_REPORT, DRAFT_TITLE, seed_messaging
from engage.messaging.models import Audience, Channel, Draft, JargonTerm
from tests.messaging.conftest import add_run


def _draft() -> Draft:
    return db.session.scalar(select(Draft).where(Draft.title == DRAFT_TITLE))


def test_demo_draft_rests_on_the_demo_report(ctx: Any) -> None:
    run = add_run()
    run.title = DEMO_REPORT
    assert "from report" in seed_messaging()
    draft = _draft()
    kinds = [str(b.kind) for b in draft.blocks]
    assert kinds[:3] == ["heading", "claim", "claim"] and "statistic" in kinds
    assert "quote" in kinds  # the employees audience may read the cleared quote
    hard = [f for f in checks.all_findings(draft) if f.severity == "hard"]
    assert hard == []
    assert "already there" in seed_messaging()
    assert db.session.scalar(select(func.count(Draft.id))) == 1
    assert db.session.scalar(select(func.count(Audience.id))) == 5
    assert db.session.scalar(select(func.count(Channel.id))) == 6
    assert db.session.scalar(select(func.count(JargonTerm.id))) >= 10


def test_demo_draft_without_the_report_carries_a_warning(ctx: Any) -> None:
    assert "WITHOUT evidence" in seed_messaging()
    codes = {f.code for f in checks.all_findings(_draft())}
    assert {"no_evidence", "overreach"} <= codes
