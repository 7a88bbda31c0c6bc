"""Notes taken in a session, quotes marked in them, and follow-ups agreed."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.auth.models import User
from engage.directory.models import QuoteConsent, StakeholderRole
from engage.extensions import db
from engage.timeutil import utcnow
from engage.tours.models.spans import SpanMixin
from engage.types import UTCDateTime, str_enum

#: the longest note accepted; longer text is refused with a message, never truncated
NOTE_LIMIT = 200_000


class Note(db.Model):
    """One text area of a session: the answers to one guide question, or free notes."""

    __tablename__ = "tour_note"
    __table_args__ = (UniqueConstraint("session_id", "guide_question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("tour_session.id", ondelete="CASCADE"))
    #: None for free notes (at most one per session; the service makes sure)
    guide_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("tour_guide_question.id", ondelete="SET NULL")
    )
    #: display order on the note-taking page (guide order, free notes last)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    #: bumped on every save; a save based on an older version is a conflict
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    session = relationship("Session", back_populates="notes")
    question = relationship("GuideQuestion")
    quotes: Mapped[list[Quote]] = relationship(
        back_populates="note", cascade="all, delete-orphan", order_by="Quote.start"
    )
    coded_spans = relationship(
        "CodedSpan", back_populates="note", cascade="all, delete-orphan", order_by="CodedSpan.start"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy mapper config


class Quote(SpanMixin, db.Model):
    __tablename__ = "tour_quote"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("tour_note.id", ondelete="CASCADE"), index=True)
    speaker_role: Mapped[StakeholderRole | None] = mapped_column(str_enum(StakeholderRole))
    #: who said it, shown only when consent is ``attributed``
    speaker_label: Mapped[str] = mapped_column(String(200), default="")
    #: starts as the session's consent; may be narrowed, never widened past the session's
    consent: Mapped[QuoteConsent] = mapped_column(str_enum(QuoteConsent))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    note: Mapped[Note] = relationship(back_populates="quotes")


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class FollowUp(db.Model):
    __tablename__ = "tour_follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("tour_session.id", ondelete="CASCADE"))
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    due: Mapped[date | None]
    status: Mapped[FollowUpStatus] = mapped_column(
        str_enum(FollowUpStatus), default=FollowUpStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session = relationship("Session", back_populates="follow_ups")
    owner: Mapped[User] = relationship()
