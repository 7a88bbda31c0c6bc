"""Analysis runs and what they found: themes, assignments, curation history, uploads.

Runs never point into survey or tour tables: evidence is referred to by unit id strings
(``answer:<response>:<question>``, ``note:<id>``, ``upload:<id>:<row>``), and the text and
group attributes each unit had when it was themed are snapshotted in ``RunUnit``, so a report
stays reproducible when answers or notes change later.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db
from engage.timeutil import utcnow
from engage.types import UTCDateTime, str_enum


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


class ReportState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


#: Stages of a run in order, with the progress percentage at which each starts.
STAGES: tuple[tuple[str, int], ...] = (
    ("collect", 2),
    ("segment", 10),
    ("stance", 20),
    ("cluster", 25),
    ("represent+summarise", 60),
    ("statistics", 75),
    ("store", 85),
    ("carry over curation", 95),
)


class AnalysisRun(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: what was themed: {"sources": {name: options}, "date_from", "date_to", "org_units",
    #: "languages"}; see analysis.reports.sources
    scope: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: engine parameters: seed, suppression_k
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[RunStatus] = mapped_column(
        str_enum(RunStatus), default=RunStatus.QUEUED, index=True
    )
    #: stage name -> {"state": "running" | "done", "seconds": float}
    stages: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    #: the engine's manifest (engine and model versions, seed, params, timings, input hash)
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: what changed since the parent run (units added/removed, themes matched/new/unmatched)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[ReportState] = mapped_column(str_enum(ReportState), default=ReportState.DRAFT)
    #: the run this one repeats (same scope, newer answers); curation is carried from it
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("analysis_run.id", ondelete="SET NULL")
    )
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: last sign of life from the job; a running run silent for too long may be retried
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: distinct respondents and evidence units with text in scope (for the overview)
    respondents: Mapped[int] = mapped_column(default=0)
    units: Mapped[int] = mapped_column(default=0)
    #: respondents per group value per column, None where suppressed; kept up to date by
    #: ``statistics.refresh`` so report pages need not read every unit (None on older runs)
    group_sizes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: closed-question results and response rates of the surveys in scope, computed at run
    #: time and already suppressed, so a published report stays stable (see
    #: ``analysis.reports.closed``); None when the run predates them or has no surveys
    survey_results: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    parent: Mapped[AnalysisRun | None] = relationship(remote_side=[id])
    created_by = relationship("User", foreign_keys=[created_by_id])

    @property
    def published(self) -> bool:
        return self.state == ReportState.PUBLISHED


class Theme(db.Model):
    __table_args__ = (Index("ix_theme_run_position", "run_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_run.id", ondelete="CASCADE"))
    #: display order the engine gave (by respondents covered); new themes go last
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(200))  #: the machine's label
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")  #: the machine's (redacted) summary
    language: Mapped[str] = mapped_column(String(8), default="en")
    respondents: Mapped[int] = mapped_column(default=0)
    units: Mapped[int] = mapped_column(default=0)  #: segments assigned
    #: {"support": n, "concern": n, "neutral": n} over respondents
    stance: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    consensus: Mapped[float] = mapped_column(default=0.0)
    concern: Mapped[float] = mapped_column(default=0.0)
    divisiveness: Mapped[float] = mapped_column(default=0.0)
    #: analysis.stats group breakdown: column -> value -> cell or {"suppressed": true}
    groups: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: machine quotes: [{"unit_id", "text"}], text already redacted by the engine
    quotes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    curated_label: Mapped[str | None] = mapped_column(String(200))
    curated_summary: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    not_relevant: Mapped[bool] = mapped_column(default=False)
    #: quotes a person chose: [{"unit_id", "start", "end", "text", "redacted"}]
    pinned: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: "machine", "split" (made by a person) or "carried" (kept from the previous run)
    origin: Mapped[str] = mapped_column(String(20), default="machine")
    #: the previous run's theme whose curation this one carries
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    #: a person should look at it: a curated theme with no match in this run, or a new theme
    needs_review: Mapped[bool] = mapped_column(default=False)

    run: Mapped[AnalysisRun] = relationship()

    @property
    def title(self) -> str:
        return self.curated_label or self.label

    @property
    def text(self) -> str:
        return self.curated_summary if self.curated_summary is not None else self.summary

    @property
    def curated(self) -> bool:
        return bool(
            self.curated_label
            or self.curated_summary is not None
            or self.not_relevant
            or self.pinned
            or self.merged_into_id
            or self.origin == "split"
        )


class RunUnit(db.Model):
    """One evidence unit as it was themed: text and group attributes at run time."""

    __table_args__ = (UniqueConstraint("run_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_run.id", ondelete="CASCADE"))
    unit_id: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(120), default="")
    #: who said it (a response, a session, an upload row): respondents are counted by this
    respondent: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    attributes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    #: may this unit be quoted (redacted) outside the analysts' view?
    quotable: Mapped[bool] = mapped_column(default=False)
    stance: Mapped[str] = mapped_column(String(10), default="neutral")


class ThemeAssignment(db.Model):
    """One segment of one unit and the theme it belongs to (none for outliers)."""

    __table_args__ = (
        UniqueConstraint("run_id", "unit_id", "segment"),
        Index("ix_theme_assignment_theme", "theme_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_run.id", ondelete="CASCADE"))
    unit_id: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(120), default="")
    segment: Mapped[int] = mapped_column(default=0)  #: index of the segment within its unit
    start: Mapped[int] = mapped_column(default=0)  #: character offsets into RunUnit.text
    end: Mapped[int] = mapped_column(default=0)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    stance: Mapped[str] = mapped_column(String(10), default="neutral")
    #: how strongly the text carries its stance (0..1), from the stance model
    stance_score: Mapped[float] = mapped_column(default=0.0)
    #: a person put this segment in its theme (move or split)
    curated: Mapped[bool] = mapped_column(default=False)


class CurationEvent(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_run.id", ondelete="CASCADE"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(40))  #: e.g. "rename", "merge", "carry_over"
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor = relationship("User")


class TextUpload(db.Model):
    """Answers brought in from a file (another survey tool, a Polis export, a spreadsheet)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255), default="")
    #: [{"id": str, "text": str, "attributes": {column: value}}]
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    group_columns: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: the uploader confirmed the people agreed to be quoted without their names
    quotable: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
