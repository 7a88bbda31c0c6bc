"""The county directory: organisational units and the stakeholders in them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db
from engage.timeutil import utcnow
from engage.types import UTCDateTime, str_enum


class OrgUnitKind(StrEnum):
    DEPARTMENT = "department"
    MUNICIPALITY = "municipality"
    STRATEGY_TEAM = "strategy_team"
    PARTNER = "partner"


class StakeholderRole(StrEnum):
    EMPLOYEE = "employee"
    MUNICIPAL_STAFF = "municipal_staff"
    RESIDENT = "resident"
    PARTNER = "partner"
    LEADER = "leader"


class QuoteConsent(StrEnum):
    """How a person's words may be quoted; ordered from most to least open."""

    ATTRIBUTED = "attributed"
    ANONYMOUS_PUBLIC = "anonymous_public"
    INTERNAL = "internal"
    NONE = "none"


class OrgUnit(db.Model):
    __table_args__ = (UniqueConstraint("kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrgUnitKind] = mapped_column(str_enum(OrgUnitKind))
    name: Mapped[str] = mapped_column(String(200))
    #: finer kind inside ``kind``, e.g. city or village for a municipality
    subkind: Mapped[str | None] = mapped_column(String(40))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[OrgUnit]] = relationship(back_populates="parent")

    def __str__(self) -> str:
        return self.name


stakeholder_org_unit = Table(
    "stakeholder_org_unit",
    db.metadata,
    Column("stakeholder_id", ForeignKey("stakeholder.id", ondelete="CASCADE"), primary_key=True),
    Column("org_unit_id", ForeignKey("org_unit.id", ondelete="CASCADE"), primary_key=True),
)


class Stakeholder(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: lower-cased; unique when present so imports can match existing people
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    role: Mapped[StakeholderRole] = mapped_column(str_enum(StakeholderRole))
    title: Mapped[str] = mapped_column(String(200), default="")
    preferred_language: Mapped[str] = mapped_column(String(8), default="en")
    #: may we contact this person (invitations, follow-ups)?
    consent_contact: Mapped[bool] = mapped_column(default=False)
    #: the widest use of their words they have agreed to
    consent_quote: Mapped[QuoteConsent] = mapped_column(
        str_enum(QuoteConsent), default=QuoteConsent.NONE
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    org_units: Mapped[list[OrgUnit]] = relationship(secondary=stakeholder_org_unit)
