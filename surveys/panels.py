"""The surveys panel on staff home pages."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from engage.auth.roles import Role
from engage.extensions import db
from engage.home.services import Panel, panel_source
from surveys.models import Response, Survey, SurveyStatus


@panel_source
def open_surveys(user: Any) -> Panel | None:
    if user.role not in (Role.FELLOW, Role.ANALYST, Role.ADMIN):
        return None
    counts = (
        select(Survey, func.count(Response.id))
        .outerjoin(Response, Response.survey_id == Survey.id)
        .where(Survey.status == SurveyStatus.OPEN)
        .group_by(Survey.id)
        .order_by(Survey.title)
        .limit(8)
    )
    items = [
        (_("%(title)s: %(n)s responses", title=survey.title, n=n), f"/surveys/{survey.id}")
        for survey, n in db.session.execute(counts)
    ]
    return Panel(_("Open surveys"), items, _("No survey is open."))
