"""A listening-tour session: one interview, meeting, focus group or town hall."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.auth.models import User
from engage.directory.models import OrgUnit, QuoteConsent, Stakeholder, StakeholderRole
from engage.extensions import db
from engage.timeutil import utcnow
from engage.types import UTCDateTime, str_enum


class SessionKind(StrEnum):
    INTERVIEW = "interview"
    MEETING = "meeting"
    FOCUS_GROUP = "focus_group"
    TOWN_HALL = "town_hall"


class SessionStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    WRITTEN_UP = "written_up"


def _link(name: str, other: str) -> Table:
    return Table(
        name,
        db.metadata,
        Column("session_id", ForeignKey("tour_session.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{other}_id", ForeignKey(f"{other}.id", ondelete="CASCADE"), primary_key=True),
    )


session_fellow = _link("tour_session_fellow", "user")
session_share = _link("tour_session_share", "user")
session_stakeholder = _link("tour_session_stakeholder", "stakeholder")
session_org_unit = _link("tour_session_org_unit", "org_unit")


class Session(db.Model):
    __tablename__ = "tour_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[SessionKind] = mapped_column(str_enum(SessionKind))
    status: Mapped[SessionStatus] = mapped_column(
        str_enum(SessionStatus), default=SessionStatus.PLANNED
    )
    held_on: Mapped[date] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    online: Mapped[bool] = mapped_column(default=False)
    #: people present who are not in the directory, e.g. 12 (residents)
    anonymous_count: Mapped[int] = mapped_column(default=0)
    #: what the anonymous people were; their role feeds group breakdowns
    anonymous_role: Mapped[StakeholderRole | None] = mapped_column(str_enum(StakeholderRole))
    consent_recording: Mapped[bool] = mapped_column(default=False)
    #: the widest use of quotes the participants agreed to; quotes inherit it
    consent_quote: Mapped[QuoteConsent] = mapped_column(
        str_enum(QuoteConsent), default=QuoteConsent.INTERNAL
    )
    #: the exact guide version used; later edits to the guide do not change it
    guide_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("tour_guide_version.id", ondelete="SET NULL")
    )
    summary: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    guide_version = relationship("GuideVersion")
    fellows: Mapped[list[User]] = relationship(secondary=session_fellow)
    shared_with: Mapped[list[User]] = relationship(secondary=session_share)
    stakeholders: Mapped[list[Stakeholder]] = relationship(secondary=session_stakeholder)
    org_units: Mapped[list[OrgUnit]] = relationship(secondary=session_org_unit)
    notes = relationship(
        "Note", back_populates="session", cascade="all, delete-orphan", order_by="Note.position"
    )
    follow_ups = relationship(
        "FollowUp", back_populates="session", cascade="all, delete-orphan", order_by="FollowUp.due"
    )

    @property
    def people_count(self) -> int:
        return len(self.stakeholders) + self.anonymous_count
