"""Department leads: who answers (and may see) a department's census pages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from engage.audit.services import record
from engage.auth.models import User
from engage.auth.roles import Role
from engage.census.models import OrgUnitLead
from engage.directory.models import OrgUnit, OrgUnitKind
from engage.errors import DomainError
from engage.extensions import db

#: Roles that see every department's census pages.
CENSUS_STAFF = (Role.ANALYST, Role.ADMIN)


def led_unit_ids(user: Any) -> set[int]:
    return set(
        db.session.scalars(select(OrgUnitLead.org_unit_id).where(OrgUnitLead.user_id == user.id))
    )


def may_see_unit(user: Any, org_unit_id: int) -> bool:
    """Analysts and admins see every department; a lead only their own."""
    return user.role in CENSUS_STAFF or org_unit_id in led_unit_ids(user)


def may_answer(user: Any, org_unit_id: int) -> bool:
    """The department's lead answers its census; an admin may enter answers on its behalf."""
    return user.role == Role.ADMIN or org_unit_id in led_unit_ids(user)


def all_leads() -> list[OrgUnitLead]:
    return list(
        db.session.scalars(
            select(OrgUnitLead).join(OrgUnitLead.org_unit).order_by(OrgUnit.name, OrgUnitLead.id)
        )
    )


def add_lead(email: str, org_unit_id: int, actor: Any) -> OrgUnitLead:
    """Make the user with ``email`` a lead of the department.

    Raises:
        DomainError: no such active user, not a department, or already its lead.
    """
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active:
        raise DomainError(f"No active account has the email {email}. Create the account first.")
    unit = db.session.get(OrgUnit, org_unit_id)
    if unit is None or unit.kind != OrgUnitKind.DEPARTMENT:
        raise DomainError("Choose a department.")
    if org_unit_id in led_unit_ids(user):
        raise DomainError(f"{user.name} already leads {unit.name}.")
    lead = OrgUnitLead(user_id=user.id, org_unit_id=org_unit_id)
    db.session.add(lead)
    db.session.flush()
    record(actor, "census.lead_added", "org_unit", org_unit_id, user=user.email)
    return lead


def remove_lead(lead: OrgUnitLead, actor: Any) -> None:
    record(actor, "census.lead_removed", "org_unit", lead.org_unit_id, user=lead.user.email)
    db.session.delete(lead)
    db.session.flush()
