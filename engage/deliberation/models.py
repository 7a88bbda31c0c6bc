"""A deliberation (a Pol.is conversation): statements, participants with their opinion group,
and each participant's final vote on each statement."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db
from engage.timeutil import utcnow
from engage.types import UTCDateTime


class Deliberation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    #: where it came from ("polis")
    source: Mapped[str] = mapped_column(String(20), default="polis")
    #: the conversation's key in evidence unit ids (``polis:<conversation>:<tid>``)
    conversation: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(300), default="")
    #: the licence and attribution the open data requires
    attribution: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    statements: Mapped[list[Statement]] = relationship(
        back_populates="deliberation", order_by="Statement.tid", cascade="all, delete-orphan"
    )


class Statement(db.Model):
    __table_args__ = (UniqueConstraint("deliberation_id", "tid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deliberation_id: Mapped[int] = mapped_column(ForeignKey("deliberation.id", ondelete="CASCADE"))
    #: Pol.is comment id
    tid: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    #: Pol.is participant id of the author
    author_pid: Mapped[int | None]
    #: Pol.is moderation: 1 accepted, 0 unmoderated, -1 rejected (rejected ones are not themed)
    moderated: Mapped[int] = mapped_column(default=0)
    agrees: Mapped[int] = mapped_column(default=0)
    disagrees: Mapped[int] = mapped_column(default=0)
    passes: Mapped[int] = mapped_column(default=0)
    #: group-informed consensus (Polis's group-aware-consensus) over the opinion groups
    consensus: Mapped[float | None]

    deliberation: Mapped[Deliberation] = relationship(back_populates="statements")


class Participant(db.Model):
    __table_args__ = (UniqueConstraint("deliberation_id", "pid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deliberation_id: Mapped[int] = mapped_column(ForeignKey("deliberation.id", ondelete="CASCADE"))
    pid: Mapped[int]
    #: Pol.is opinion group; None for participants Pol.is did not cluster
    group: Mapped[str | None] = mapped_column(String(20))


class StatementVote(db.Model):
    """A participant's final vote: 1 agree, -1 disagree, 0 pass."""

    deliberation_id: Mapped[int] = mapped_column(
        ForeignKey("deliberation.id", ondelete="CASCADE"), primary_key=True
    )
    tid: Mapped[int] = mapped_column(primary_key=True)
    pid: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int]
