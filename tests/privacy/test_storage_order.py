"""Storage order: neither responses nor token uses come back in the order people answered.

SQLite stores these tables by key (no rowid), so the order is random from the first row.
PostgreSQL's heap keeps insertion order and the writing transaction's id (``xmin``, shared by
a response and its receipt) until ``engage retention`` rewrites the tables; the test checks
the state after that run on PostgreSQL and both states on SQLite.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import text

from engage.extensions import db
from surveys import distribution
from surveys.models import Anonymity
from tests.privacy.journey import answer
from tests.privacy.test_anonymity import invite

COUNT = 12
RESPONSES = (
    "SELECT a.value FROM response r JOIN answer a ON a.response_id = r.id "
    "JOIN question q ON q.id = a.question_id AND q.code = 'q9'"
)


def natural_order(app: Flask, sql: str) -> list:
    """Rows as the database hands them out with no ORDER BY (physical order)."""
    with app.app_context(), db.engine.connect() as conn:
        return [row[0] for row in conn.execute(text(sql))]


def orders(app: Flask, hashes: list[str]) -> tuple[list[int], list[int]]:
    """(invitation index of each receipt, submission index of each response), as stored."""
    used = [hashes.index(h) for h in natural_order(app, "SELECT key_hash FROM submission_receipt")]
    answered = [int(str(v).strip('"')) for v in natural_order(app, RESPONSES)]
    assert sorted(used) == sorted(answered) == list(range(COUNT))
    return used, answered


def assert_unordered(used: list[int], answered: list[int]) -> None:
    # Each equality has a chance of 1 in 12! when the order is random.
    assert used != list(range(COUNT)) and answered != list(range(COUNT))
    assert used != answered


def test_storage_order_does_not_reveal_submission_order(app, client, runner, make_survey):
    survey = make_survey(Anonymity.ANONYMOUS, public=False)
    tokens = invite(app, survey.id, COUNT)
    for years, token in enumerate(tokens):
        assert answer(client, survey.slug, f"?t={token}", years) == 303
    hashes = [distribution.token_hash(t) for t in tokens]
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
    if not postgres:
        assert_unordered(*orders(app, hashes))
    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert_unordered(*orders(app, hashes))
    if postgres:
        for table in ("response", "submission_receipt"):
            xmins = natural_order(app, f"SELECT DISTINCT xmin::text FROM {table}")  # noqa: S608
            assert len(xmins) == 1, (table, xmins)
