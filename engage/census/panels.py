"""Home panels: departments a user leads, and census progress for analysts and admins."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from engage.census.leads import CENSUS_STAFF
from engage.census.models import Assessment, OrgUnitLead, Wave, WaveStatus
from engage.extensions import db
from engage.home.services import Panel, panel_source


@panel_source
def _led_departments(user: Any) -> Panel | None:
    leads = db.session.scalars(select(OrgUnitLead).where(OrgUnitLead.user_id == user.id)).all()
    if not leads:
        return None
    items: list[tuple[str, str | None]] = []
    for lead in leads:
        items.append(
            (
                _("%(unit)s: census page", unit=lead.org_unit.name),
                f"/census/departments/{lead.org_unit_id}",
            )
        )
        waiting = db.session.scalars(
            select(Assessment)
            .join(Assessment.wave)
            .where(
                Assessment.org_unit_id == lead.org_unit_id,
                Wave.status == WaveStatus.OPEN,
                Assessment.submitted_at.is_(None),
            )
        )
        items += [
            (_("Answer the census: %(wave)s", wave=a.wave.title), f"/census/assessments/{a.id}")
            for a in waiting
        ]
    return Panel(_("Your department's equity census"), items)


@panel_source
def _census_progress(user: Any) -> Panel | None:
    if user.role not in CENSUS_STAFF:
        return None
    open_waves = db.session.scalars(select(Wave).where(Wave.status == WaveStatus.OPEN)).all()
    items: list[tuple[str, str | None]] = [
        (
            _(
                "%(wave)s: %(done)s of %(all)s departments answered",
                wave=w.title,
                done=sum(1 for a in w.assessments if a.submitted_at),
                all=len(w.assessments),
            ),
            f"/census/waves/{w.id}",
        )
        for w in open_waves
    ]
    return Panel(_("Equity census"), items, _("No census wave is open."))
