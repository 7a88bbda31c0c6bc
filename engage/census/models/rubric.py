"""The maturity rubric: dimensions with four described levels, versioned.

A rubric is never edited in place: a change makes a new version, so a wave keeps scoring
against the version it opened with.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db
from engage.timeutil import utcnow
from engage.types import UTCDateTime

#: Maturity levels every dimension is scored on.
LEVELS = (1, 2, 3, 4)


class Rubric(db.Model):
    __table_args__ = (UniqueConstraint("family", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stable name shared by every version of one rubric
    family: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(200))
    #: what changed in this version, in the editor's words
    change_note: Mapped[str] = mapped_column(Text, default="")
    #: the newest version of its family; new waves use it
    current: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    dimensions: Mapped[list[RubricDimension]] = relationship(
        back_populates="rubric", order_by="RubricDimension.position", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class RubricDimension(db.Model):
    __table_args__ = (UniqueConstraint("rubric_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubric.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    #: stable across versions, so scores and benchmarks can be compared between waves
    key: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    #: the strategic-plan focus area and objective this dimension serves
    focus_area: Mapped[str] = mapped_column(String(200), default="")
    objective: Mapped[str] = mapped_column(Text, default="")
    #: level (as text, JSON keys) -> what practice at that level looks like
    descriptors: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    rubric: Mapped[Rubric] = relationship(back_populates="dimensions")

    def descriptor(self, level: int) -> str:
        return str(self.descriptors.get(str(level), ""))
