"""The messaging index: drafts by status and how many have stale evidence."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from sqlalchemy import select

from analysis.reports.models import Theme
from engage.auth.models import User
from engage.auth.roles import Role
from engage.extensions import db
from engage.messaging import drafts, review
from tests.conftest import EngageClient
from tests.messaging.conftest import add_run, new_draft


def _counts(page: str) -> dict[str, int]:
    found = re.findall(r'summary-counts__n">(\d+)</span> ([^<]+)</li>', page)
    return {label.strip(): int(n) for n, label in found}


def test_index_counts_drafts_by_status_and_stale_ones(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    user = login_as(Role.COMMUNICATIONS)
    with app.app_context():
        comms = db.session.merge(user)
        run = add_run()
        fresh, stale = new_draft(run, comms), new_draft(run, comms)
        review.submit(fresh, comms)
        bus = db.session.scalar(select(Theme).where(Theme.run_id == run.id, Theme.position == 0))
        drafts.insert_statistic(stale, bus, "share", "", comms)
        db.session.commit()
        run_id = run.id
    page = client.get("/messaging/").get_data(as_text=True)
    assert _counts(page) == {"Draft": 1, "In review": 1, "Approved": 0, "Published": 0,
                             "with stale evidence": 0}  # fmt: skip
    with app.app_context():
        add_run(respondents=60, parent=run_id)  # a re-run changes the statistic
        db.session.commit()
    page = client.get("/messaging/").get_data(as_text=True)
    assert _counts(page)["with stale evidence"] == 1
    assert page.count(">Stale</strong>") == 1
