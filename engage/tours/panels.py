"""Home-page panel: the signed-in person's follow-ups that are overdue or due this week."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _

from engage.auth.roles import Role
from engage.home.services import Panel, panel_source
from engage.timeutil import utcnow
from engage.tours.followups import due_for
from engage.tours.models import FollowUp

TOUR_ROLES = (Role.FELLOW, Role.ANALYST, Role.ADMIN)


def _label(item: FollowUp, today: Any) -> str:
    when = item.due.isoformat()
    if item.due < today:
        return _("OVERDUE since %(date)s: %(what)s", date=when, what=item.description)
    return _("Due %(date)s: %(what)s", date=when, what=item.description)


@panel_source
def tour_follow_ups(user: Any) -> Panel | None:
    if user.role not in TOUR_ROLES:
        return None
    today = utcnow().date()
    items = [
        (_label(f, today), url_for("tours.session", session_id=f.session_id) + "#follow-ups")
        for f in due_for(user, today)
    ]
    return Panel(_("Listening-tour follow-ups"), items, _("No follow-ups due this week."))
