"""Benchmarks with their history, and the initiatives meant to move them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.directory.models import OrgUnit
from engage.extensions import db
from engage.timeutil import utcnow
from engage.types import UTCDateTime, str_enum


class MetricKind(StrEnum):
    CENSUS = "census"  #: a department's census level on one rubric dimension
    SURVEY = "survey"  #: share of a department's respondents agreeing with a Likert item
    MANUAL = "manual"  #: a figure entered by hand, with its source


class InitiativeStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    PAUSED = "paused"


class Benchmark(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"))
    metric_kind: Mapped[MetricKind] = mapped_column(str_enum(MetricKind))
    #: census metrics: the rubric dimension key (stable across rubric versions)
    dimension_key: Mapped[str | None] = mapped_column(String(60))
    #: survey metrics: the Likert question whose agreement share is measured
    question_id: Mapped[int | None] = mapped_column(ForeignKey("question.id", ondelete="SET NULL"))
    #: where hand-entered figures come from (a report, a data system)
    source: Mapped[str] = mapped_column(Text, default="")
    unit_label: Mapped[str] = mapped_column(String(40), default="")
    baseline_value: Mapped[float]
    baseline_date: Mapped[date] = mapped_column(Date)
    target_value: Mapped[float]
    due_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    org_unit: Mapped[OrgUnit] = relationship()
    values: Mapped[list[BenchmarkValue]] = relationship(
        back_populates="benchmark",
        order_by="(BenchmarkValue.as_of, BenchmarkValue.id)",
        cascade="all, delete-orphan",
    )

    @property
    def latest(self) -> BenchmarkValue | None:
        return self.values[-1] if self.values else None


class BenchmarkValue(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    benchmark_id: Mapped[int] = mapped_column(ForeignKey("benchmark.id", ondelete="CASCADE"))
    value: Mapped[float]
    as_of: Mapped[date] = mapped_column(Date)
    #: where this value came from (wave title, survey, document)
    source: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    benchmark: Mapped[Benchmark] = relationship(back_populates="values")


initiative_org_unit = Table(
    "initiative_org_unit",
    db.metadata,
    Column("initiative_id", ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True),
    Column("org_unit_id", ForeignKey("org_unit.id", ondelete="CASCADE"), primary_key=True),
)
initiative_theme = Table(
    "initiative_theme",
    db.metadata,
    Column("initiative_id", ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
)
initiative_benchmark = Table(
    "initiative_benchmark",
    db.metadata,
    Column("initiative_id", ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True),
    Column("benchmark_id", ForeignKey("benchmark.id", ondelete="CASCADE"), primary_key=True),
)


class Initiative(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: the accountable office or person, as the public should read it
    owner: Mapped[str] = mapped_column(String(200))
    status: Mapped[InitiativeStatus] = mapped_column(
        str_enum(InitiativeStatus), default=InitiativeStatus.PLANNED
    )
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    budget_note: Mapped[str] = mapped_column(Text, default="")
    #: shown on the public "you said, we did" page (with its published themes only)
    public: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    org_units: Mapped[list[OrgUnit]] = relationship(secondary=initiative_org_unit)
    themes = relationship("Theme", secondary=initiative_theme)
    benchmarks: Mapped[list[Benchmark]] = relationship(secondary=initiative_benchmark)
