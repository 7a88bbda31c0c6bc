"""Census waves, department self-assessments with evidence, and analyst reviews."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.census.models.rubric import Rubric, RubricDimension
from engage.directory.models import OrgUnit
from engage.errors import DomainError
from engage.extensions import db
from engage.timeutil import utcnow
from engage.types import UTCDateTime, str_enum


class WaveStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class OrgUnitLead(db.Model):
    """A user who answers the census for (and may see) one department."""

    __table_args__ = (UniqueConstraint("user_id", "org_unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"))

    user = relationship("User")
    org_unit: Mapped[OrgUnit] = relationship()


class Wave(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: the rubric version this wave is scored against, fixed at creation
    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubric.id", ondelete="RESTRICT"))
    #: the census questionnaire built in the surveys package, when one is linked
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("survey.id", ondelete="SET NULL"))
    status: Mapped[WaveStatus] = mapped_column(str_enum(WaveStatus), default=WaveStatus.DRAFT)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    rubric: Mapped[Rubric] = relationship()
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="wave", cascade="all, delete-orphan"
    )

    def open(self) -> None:
        if self.status != WaveStatus.DRAFT:
            raise DomainError("Only a draft wave can be opened.")
        if not self.assessments:
            raise DomainError("Add at least one department before opening the wave.")
        self.status, self.opened_at = WaveStatus.OPEN, utcnow()

    def close(self) -> None:
        if self.status != WaveStatus.OPEN:
            raise DomainError("Only an open wave can be closed.")
        self.status, self.closed_at = WaveStatus.CLOSED, utcnow()

    def require_draft(self) -> None:
        if self.status != WaveStatus.DRAFT:
            raise DomainError("Departments can only be changed while the wave is a draft.")


class Assessment(db.Model):
    """One department's self-assessment in one wave."""

    __table_args__ = (UniqueConstraint("wave_id", "org_unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id", ondelete="CASCADE"))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    wave: Mapped[Wave] = relationship(back_populates="assessments")
    org_unit: Mapped[OrgUnit] = relationship()
    scores: Mapped[list[Score]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )

    def score_for(self, dimension_id: int) -> Score | None:
        return next((s for s in self.scores if s.dimension_id == dimension_id), None)


class Score(db.Model):
    """A self-assessed level with its evidence; an analyst's review is kept beside it."""

    __table_args__ = (UniqueConstraint("assessment_id", "dimension_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    dimension_id: Mapped[int] = mapped_column(ForeignKey("rubric_dimension.id", ondelete="CASCADE"))
    #: the level the department gave itself
    self_level: Mapped[int]
    #: documents and links offered as evidence, one per line
    evidence_links: Mapped[str] = mapped_column(Text, default="")
    evidence_notes: Mapped[str] = mapped_column(Text, default="")
    #: the analyst's adjusted level; None while unreviewed (self_level stands)
    reviewed_level: Mapped[int | None]
    review_reason: Mapped[str] = mapped_column(Text, default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assessment: Mapped[Assessment] = relationship(back_populates="scores")
    dimension: Mapped[RubricDimension] = relationship()
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id])

    @property
    def level(self) -> int:
        """The level that counts: the review's when there is one."""
        return self.reviewed_level if self.reviewed_level is not None else self.self_level
