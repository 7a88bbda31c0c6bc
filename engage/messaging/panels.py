"""Home panel: drafts whose evidence is stale or broken, and drafts waiting for review."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from engage.auth.roles import Role
from engage.extensions import db
from engage.home.services import Panel, panel_source
from engage.messaging import checks
from engage.messaging.models import Draft, DraftStatus

MESSAGING_ROLES = (Role.COMMUNICATIONS, Role.ANALYST)
#: How many recently edited drafts the home page checks.
RECENT = 30
#: Findings that mean the evidence moved under the draft.
STALE_CODES = ("stale:", "changed:", "gone:", "consent:")


def status_counts() -> dict[DraftStatus, int]:
    """How many drafts are in each status (every status listed, zero included)."""
    rows = db.session.execute(select(Draft.status, func.count(Draft.id)).group_by(Draft.status))
    found = {DraftStatus(status): count for status, count in rows}
    return {status: found.get(status, 0) for status in DraftStatus}


def stale_ids(drafts: list[Draft]) -> set[int]:
    """The drafts among ``drafts`` whose evidence moved under them."""
    return {draft.id for draft in drafts if needs_attention(draft)}


def needs_attention(draft: Draft) -> list[str]:
    """Messages about evidence that changed since it was put in the draft."""
    return [f.message for f in checks.all_findings(draft) if f.code.startswith(STALE_CODES)]


@panel_source
def messaging_panel(user: Any) -> Panel | None:
    if user.role not in MESSAGING_ROLES:
        return None
    drafts = db.session.scalars(select(Draft).order_by(Draft.updated_at.desc()).limit(RECENT))
    items: list[tuple[str, str | None]] = []
    for draft in drafts:
        link = url_for("messaging.show", draft_id=draft.id)
        if needs_attention(draft):
            items.append((_("Stale evidence: %(t)s", t=draft.title), link))
        elif user.role == Role.ANALYST and draft.status == DraftStatus.IN_REVIEW:
            items.append((_("Waiting for your review: %(t)s", t=draft.title), link))
    return Panel(_("Messages"), items, _("No messages need attention."))
