"""``engage retention``: what is past its date goes, what is not stays; dry runs change nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from engage.audit.models import AuditEvent
from engage.audit.services import record
from engage.auth.models import AccountToken, LoginAttempt
from engage.auth.roles import Role
from engage.extensions import db
from engage.jobs.models import Job, JobStatus
from engage.timeutil import utcnow
from surveys.models import Invitation, Response, SubmissionReceipt, Survey, SurveyStatus
from tests.privacy.journey import answer
from tests.privacy.test_anonymity import invite

MODELS = {
    "responses": Response,
    "invitations": Invitation,
    "receipts": SubmissionReceipt,
    "tokens": AccountToken,
    "jobs": Job,
    "audit": AuditEvent,
    "logins": LoginAttempt,
}


@pytest.fixture
def exports(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        return {
            name: db.session.scalar(select(func.count()).select_from(model))
            for name, model in MODELS.items()
        }


def populate(app: Flask, client, make_survey, make_user, exports: Path) -> dict[str, int]:
    """A closed and an open survey (2 responses each), tokens, jobs, files, audit, logins."""
    closed, still_open = make_survey(public=False), make_survey(public=False)
    for number, survey in enumerate((closed, still_open)):
        for years, token in enumerate(invite(app, survey.id, 2, first_id=1000 + 10 * number)):
            assert answer(client, survey.slug, f"?t={token}", years) == 303
    user = make_user(Role.ANALYST)
    now = utcnow()
    with app.app_context():
        db.session.get(Survey, closed.id).status = SurveyStatus.CLOSED
        tokens = [(now + timedelta(days=3), None), (now + timedelta(days=3), now),
                  (now - timedelta(days=1), None)]  # fmt: skip
        for number, (expires, used) in enumerate(tokens):
            token = AccountToken(user_id=user.id, token_hash=f"{number:064d}", purpose="reset")
            token.expires_at, token.used_at = expires, used
            db.session.add(token)
        for name, status in (("done.csv", JobStatus.FINISHED), ("busy.csv", JobStatus.RUNNING)):
            finished = now if status == JobStatus.FINISHED else None
            db.session.add(Job(func="m:f", title=name, status=status, finished_at=finished,
                               result={"file": name}))  # fmt: skip
            (exports / name).write_text("id,answer\n")
        (exports / "orphan.xlsx").write_bytes(b"left behind")
        db.session.add(LoginAttempt(email="someone@example.org", succeeded=False))
        record(user.email, "test.event")
        db.session.commit()
    return counts(app)


def run(runner, *args: str):
    result = runner.invoke(args=["retention", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_retention_deletes_only_what_is_past_its_date(
    app, client, runner, make_survey, make_user, exports
):
    start = populate(app, client, make_survey, make_user, exports)
    assert start == {"responses": 4, "invitations": 4, "receipts": 4, "tokens": 3, "jobs": 2,
                     "audit": start["audit"], "logins": 1}  # fmt: skip
    # Today: only the used and the expired account tokens are past their date.
    assert "used or expired account tokens: deleted 2" in run(runner)
    assert counts(app)["tokens"] == 1

    # 100 days on: the closed survey's invitations and receipts, the finished job and the
    # files no job needs, the sign-in attempt; responses and audit events stay.
    later = (utcnow() + timedelta(days=100)).date().isoformat()
    dry = run(runner, "--dry-run", "--today", later)
    assert "invitations of closed surveys: would delete 2" in dry and "Dry run" in dry
    assert counts(app)["invitations"] == 4 and (exports / "done.csv").exists()
    output = run(runner, "--today", later)
    assert "invitations of closed surveys: deleted 2" in output
    assert "token-use receipts: deleted 2" in output and "export files: deleted 2" in output
    now = counts(app)
    assert (now["invitations"], now["receipts"], now["jobs"], now["logins"]) == (2, 2, 1, 0)
    assert now["responses"] == 4
    assert sorted(p.name for p in exports.iterdir()) == ["busy.csv"]

    # Four years on: the closed survey's responses and the old audit events; not the open one's.
    output = run(runner, "--today", (utcnow() + timedelta(days=4 * 365)).date().isoformat())
    assert "responses of closed surveys: deleted 2" in output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 2
        events = db.session.scalars(select(AuditEvent)).all()
        # Each run is audited with its counts; older events (and earlier runs) are gone.
        assert [(e.action, e.detail["responses of closed surveys"]) for e in events] == [
            ("retention.applied", 2)
        ]


def test_retention_refuses_a_bad_date_with_one_line(runner):
    result = runner.invoke(args=["retention", "--today", "next tuesday"])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "--today must be a date" in result.output
