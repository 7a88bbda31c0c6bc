"""``engage retention``: delete what is past its retention date.

Periods come from ``engage.config.RETENTION_DEFAULTS`` (environment overridable). What goes:

- responses (with their answers) of closed surveys whose last activity (the later of the
  close date, the last response and creation) is older than the responses period;
- invitations (who was invited, token hashes) and token-use receipts of closed surveys, after
  the shorter invitations period;
- account tokens (password reset, account invitation) once used or expired;
- finished or failed job rows after the jobs period, with the export files they built, and
  export files no job refers to any more;
- audit log entries and sign-in attempts after their periods.

Analysis runs keep their stored results (themes, redacted quotes, suppressed statistics): they
are the published record; delete a run to remove them. On PostgreSQL every run also rewrites
the tables of anonymous answers (see ``scrub_storage_order``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func, inspect, or_, select, text, update

from engage.audit.models import AuditEvent
from engage.audit.services import record
from engage.auth.models import AccountToken, LoginAttempt
from engage.extensions import db
from engage.jobs.files import export_dir
from engage.jobs.models import Job, JobStatus
from engage.timeutil import UTC
from surveys.models import Invitation, Response, SubmissionReceipt, Survey, SurveyStatus

ACTOR = "engage retention"
#: tables of anonymous answers whose physical order must not follow submission order
ANONYMOUS_TABLES = ("response", "answer", "submission_receipt")


@dataclass
class Outcome:
    """What a retention run removed (or, in a dry run, would remove)."""

    counts: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def _cutoff(today: date, setting: str) -> datetime:
    days = current_app.config[setting]
    return datetime.combine(today - timedelta(days=days), time.min, tzinfo=UTC)


def _last_activity(survey: Survey) -> date:
    latest = db.session.scalar(
        select(func.max(Response.submitted_on)).where(Response.survey_id == survey.id)
    )
    days = [survey.created_at.date(), latest, survey.closes_at and survey.closes_at.date()]
    return max(d for d in days if d is not None)


def _closed_before(cutoff: datetime) -> list[int]:
    closed = db.session.scalars(select(Survey).where(Survey.status == SurveyStatus.CLOSED))
    return [s.id for s in closed if _last_activity(s) < cutoff.date()]


def _responses(today: date, out: Outcome) -> int:
    ids = _closed_before(_cutoff(today, "ENGAGE_RETENTION_RESPONSES_DAYS"))
    return db.session.execute(delete(Response).where(Response.survey_id.in_(ids))).rowcount


def _invitations(today: date, out: Outcome) -> int:
    ids = _closed_before(_cutoff(today, "ENGAGE_RETENTION_INVITATIONS_DAYS"))
    # Confidential responses point at their invitation: unlink before deleting it.
    db.session.execute(
        update(Response).where(Response.survey_id.in_(ids)).values(invitation_id=None)
    )
    receipts = delete(SubmissionReceipt).where(SubmissionReceipt.survey_id.in_(ids))
    out.counts["token-use receipts"] = db.session.execute(receipts).rowcount
    return db.session.execute(delete(Invitation).where(Invitation.survey_id.in_(ids))).rowcount


def _account_tokens(today: date, out: Outcome) -> int:
    now = datetime.combine(today, time.min, tzinfo=UTC)
    spent = or_(AccountToken.used_at.is_not(None), AccountToken.expires_at < now)
    return db.session.execute(delete(AccountToken).where(spent)).rowcount


def _jobs(today: date, out: Outcome) -> int:
    cutoff = _cutoff(today, "ENGAGE_RETENTION_JOBS_DAYS")
    old = select(Job).where(
        Job.status.in_([JobStatus.FINISHED, JobStatus.FAILED]), Job.finished_at < cutoff
    )
    jobs = db.session.scalars(old).all()
    for job in jobs:
        db.session.delete(job)
    db.session.flush()
    kept = {(j.result or {}).get("file") for j in db.session.scalars(select(Job))}
    folder = export_dir()
    for path in sorted(folder.iterdir()):
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        if path.is_file() and path.name not in kept and modified < cutoff:
            out.files.append(path)
    out.counts["export files"] = len(out.files)
    return len(jobs)


def _audit(today: date, out: Outcome) -> int:
    cutoff = _cutoff(today, "ENGAGE_RETENTION_AUDIT_DAYS")
    return db.session.execute(delete(AuditEvent).where(AuditEvent.at < cutoff)).rowcount


def _login_attempts(today: date, out: Outcome) -> int:
    cutoff = _cutoff(today, "ENGAGE_RETENTION_LOGIN_ATTEMPTS_DAYS")
    return db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < cutoff)).rowcount


STEPS: dict[str, Callable[[date, Outcome], int]] = {
    "responses of closed surveys": _responses,
    "invitations of closed surveys": _invitations,
    "used or expired account tokens": _account_tokens,
    "finished jobs": _jobs,
    "audit events": _audit,
    "sign-in attempts": _login_attempts,
}


def apply_retention(today: date, dry_run: bool = False) -> Outcome:
    """Delete (or count, when ``dry_run``) everything past its retention date; commits.

    A real run is recorded in the audit log with its counts, then the export files go and,
    on PostgreSQL, the anonymous tables are rewritten.
    """
    out = Outcome()
    for label, step in STEPS.items():
        out.counts[label] = step(today, out)
    if dry_run:
        db.session.rollback()
        return out
    record(ACTOR, "retention.applied", None, None, today=today.isoformat(), **out.counts)
    db.session.commit()
    for path in out.files:
        path.unlink(missing_ok=True)
    scrub_storage_order()
    return out


def scrub_storage_order() -> list[str]:
    """PostgreSQL: make the anonymous tables forget the order their rows were written in.

    A heap table hands rows out in the order they were inserted, and each row carries the id
    of the transaction that wrote it (``xmin``), shared by a response and its token-use
    receipt. Rewriting every row in one transaction gives them all the same ``xmin``; CLUSTER
    then stores them in primary-key order (random ids, token hashes). SQLite needs none of
    this: those tables have no rowid and are stored in key order already.
    """
    if db.engine.dialect.name != "postgresql":
        return []
    names: dict[str, str] = {}
    with db.engine.begin() as conn:
        for table in ANONYMOUS_TABLES:
            column = db.metadata.tables[table].primary_key.columns.values()[0].name
            conn.execute(text(f'UPDATE "{table}" SET "{column}" = "{column}"'))  # noqa: S608
            names[table] = inspect(conn).get_pk_constraint(table)["name"]
    with db.engine.begin() as conn:
        for table, index in names.items():
            conn.execute(text(f'CLUSTER "{table}" USING "{index}"'))
    return list(names)
