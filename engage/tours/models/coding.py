"""The codebook and the spans of notes that coders have coded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.auth.models import User
from engage.extensions import db
from engage.timeutil import utcnow
from engage.tours.models.spans import SpanMixin
from engage.types import UTCDateTime


class Code(db.Model):
    __tablename__ = "tour_code"
    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tour_code.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    parent: Mapped[Code | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Code]] = relationship(
        back_populates="parent", order_by="Code.position", cascade="all, delete-orphan"
    )

    @property
    def path(self) -> str:
        """``Focus area › Objective`` for tables and exports."""
        return f"{self.parent.path} › {self.name}" if self.parent else self.name


class CodedSpan(SpanMixin, db.Model):
    __tablename__ = "tour_coded_span"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("tour_note.id", ondelete="CASCADE"), index=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("tour_code.id", ondelete="CASCADE"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    note = relationship("Note", back_populates="coded_spans")
    code: Mapped[Code] = relationship()
    coder: Mapped[User] = relationship()
