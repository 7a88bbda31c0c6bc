"""Who still has to answer an open wave: the leads to contact, listed and downloadable.

Engage sends no e-mail for the census; the Office of Equity contacts leads itself, from this
list, and the download is recorded because it holds people's e-mail addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from engage.audit.services import record
from engage.census.exports import render
from engage.census.models import Assessment, OrgUnitLead, Wave, WaveStatus
from engage.errors import DomainError
from engage.extensions import db
from engage.urls import external_url

HEADER = ("department", "lead", "email", "assessment_link")


@dataclass
class Waiting:
    """A department in the wave without a submitted self-assessment, and one of its leads."""

    assessment: Assessment
    #: None when the department has no lead yet: an admin must add one before anyone answers
    lead: OrgUnitLead | None


def waiting(wave: Wave) -> list[Waiting]:
    """Departments of an open wave that have not answered, one row per lead (or none).

    Raises:
        DomainError: the wave is not open, so nobody is waiting to answer it.
    """
    if wave.status != WaveStatus.OPEN:
        raise DomainError("Only an open wave has leads to remind.")
    pending = sorted(
        (a for a in wave.assessments if a.submitted_at is None), key=lambda a: a.org_unit.name
    )
    leads = db.session.scalars(
        select(OrgUnitLead)
        .where(OrgUnitLead.org_unit_id.in_([a.org_unit_id for a in pending]))
        .order_by(OrgUnitLead.id)
    )
    by_unit: dict[int, list[OrgUnitLead]] = {}
    for lead in leads:
        by_unit.setdefault(lead.org_unit_id, []).append(lead)
    return [
        Waiting(assessment, lead)
        for assessment in pending
        for lead in by_unit.get(assessment.org_unit_id) or [None]
    ]


def waiting_csv(wave: Wave, actor: Any) -> tuple[bytes, str]:
    """The waiting list as CSV with each assessment's link; records who took it.

    Returns:
        (content, file name).
    """
    rows = [
        (
            w.assessment.org_unit.name,
            w.lead.user.name if w.lead else "",
            w.lead.user.email if w.lead else "",
            external_url("census.assessment", assessment_id=w.assessment.id),
        )
        for w in waiting(wave)
    ]
    record(actor, "census.exported", "wave", wave.id, what="waiting_leads", format="csv")
    return render(HEADER, rows, "csv"), f"census-wave-{wave.id}-leads-to-remind.csv"
