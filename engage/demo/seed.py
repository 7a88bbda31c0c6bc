"""Demo data: one user per role, the Milwaukee County directory, sample stakeholders."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from engage.auth.models import User
from engage.auth.roles import Role
from engage.directory.models import OrgUnit, OrgUnitKind, QuoteConsent, Stakeholder, StakeholderRole
from engage.errors import DomainError
from engage.extensions import db

DATA = Path(__file__).parent / "data"
DEFAULT_PASSWORD = "engage-demo"  # noqa: S105 (public demo credential, refused in production)
DEMO_USERS = (
    ("admin@example.org", "Avery Admin", Role.ADMIN),
    ("analyst@example.org", "Ana Analyst", Role.ANALYST),
    ("fellow@example.org", "Farah Fellow", Role.FELLOW),
    ("comms@example.org", "Cam Communications", Role.COMMUNICATIONS),
    ("viewer@example.org", "Val Viewer", Role.VIEWER),
)


class DemoRefused(DomainError):
    """Demo data must not be put into a production database."""


def milwaukee() -> dict:
    """The county reference data copied from shared/data/milwaukee (see SOURCE.md there)."""
    return json.loads((DATA / "milwaukee_org_units.json").read_text(encoding="utf-8"))


def seed_demo(password: str | None = None) -> list[str]:
    """Create whatever demo data is missing; safe to run again. Commits."""
    if current_app.config["ENGAGE_ENV"] == "production":
        raise DemoRefused("seed-demo is refused when ENGAGE_ENV=production.")
    password = password or DEFAULT_PASSWORD
    if len(password) < 8:
        raise DemoRefused("the demo password must have at least 8 characters.")
    from analysis.reports.demo import seed_reports
    from engage.census.demo import seed_census
    from engage.messaging.demo import seed_messaging
    from engage.tours.demo import seed_tours
    from surveys.demo import seed_surveys

    steps = [seed_users(password), seed_org_units(), seed_stakeholders(), seed_surveys()]
    steps.append(seed_tours())  # after the users and org units it links to
    steps.append(seed_reports())  # themes the surveys' and tours' demo text, so it comes last
    steps.append(seed_messaging())  # a draft whose claims rest on the demo report's themes
    steps.append(seed_census(password))  # links initiatives to the published report's themes
    db.session.commit()
    return steps


def seed_users(password: str) -> str:
    created = 0
    for email, name, role in DEMO_USERS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, role=role, session_nonce=secrets.token_hex(16))
            db.session.add(user)
            created += 1
        user.set_password(password)
        user.active = True
    db.session.flush()
    return f"demo users: {created} created, {len(DEMO_USERS) - created} updated"


def _unit(kind: OrgUnitKind, name: str, subkind: str | None = None) -> tuple[OrgUnit, bool]:
    unit = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == kind, OrgUnit.name == name))
    if unit is not None:
        return unit, False
    unit = OrgUnit(kind=kind, name=name, subkind=subkind)
    db.session.add(unit)
    return unit, True


def seed_org_units() -> str:
    facts = milwaukee()
    created = sum(
        _unit(OrgUnitKind.MUNICIPALITY, m["name"], m["kind"])[1] for m in facts["municipalities"]
    )
    created += sum(_unit(OrgUnitKind.DEPARTMENT, name)[1] for name in facts["departments"])
    for area in facts["strategic_plan"]["focus_areas"]:
        created += _unit(OrgUnitKind.STRATEGY_TEAM, f"Focus area: {area}")[1]
    db.session.flush()
    return f"org units: {created} created"


# Placeholder people: roles and places are realistic, names are plainly fictional.
DEMO_STAKEHOLDERS = (
    ("Parks operations lead (demo)", StakeholderRole.EMPLOYEE, "Parks", "en"),
    ("Transit operator (demo)", StakeholderRole.EMPLOYEE, "Milwaukee County Transit System", "es"),
    ("West Allis city administrator (demo)", StakeholderRole.MUNICIPAL_STAFF, "West Allis", "en"),
    ("Brown Deer village clerk (demo)", StakeholderRole.MUNICIPAL_STAFF, "Brown Deer", "en"),
    ("Resident, Milwaukee south side (demo)", StakeholderRole.RESIDENT, "Milwaukee", "hmn"),
    (
        "DHHS program manager (demo)",
        StakeholderRole.LEADER,
        "Department of Health and Human Services",
        "en",
    ),
)


def seed_stakeholders() -> str:
    created = 0
    for name, role, unit_name, language in DEMO_STAKEHOLDERS:
        if db.session.scalar(select(Stakeholder.id).where(Stakeholder.name == name)):
            continue
        units = db.session.scalars(select(OrgUnit).where(OrgUnit.name == unit_name)).all()
        db.session.add(
            Stakeholder(
                name=name,
                role=role,
                preferred_language=language,
                org_units=list(units),
                consent_contact=True,
                consent_quote=QuoteConsent.INTERNAL,
            )
        )
        created += 1
    db.session.flush()
    return f"stakeholders: {created} created"
