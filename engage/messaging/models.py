"""Audiences, channels, drafts made of blocks, their evidence, versions, comments, approvals.

Evidence never points into report tables by anything but ids and snapshots: a statistic keeps
the value and sample size it had when inserted, so a later run or curation that changes the
number is detected (and flagged) instead of silently rewriting the message.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.directory.models import QuoteConsent
from engage.extensions import db
from engage.timeutil import utcnow
from engage.types import UTCDateTime, str_enum

LANGUAGES = ("en", "es", "hmn")
TRANSLATIONS = ("es", "hmn")


class AudienceKind(StrEnum):
    COUNTY_EMPLOYEES = "county_employees"
    DEPARTMENT = "department"
    MUNICIPAL_LEADERS = "municipal_leaders"
    RESIDENTS = "residents"
    PARTNERS = "partners"
    ELECTED_OFFICIALS = "elected_officials"


#: Audiences inside county government may read quotes given for internal use.
INTERNAL_KINDS = frozenset({AudienceKind.COUNTY_EMPLOYEES, AudienceKind.DEPARTMENT})


class ChannelKind(StrEnum):
    EMAIL = "email"
    INTRANET = "intranet"
    WEB_PAGE = "web_page"
    FLYER = "flyer"
    TALKING_POINTS = "talking_points"
    SOCIAL = "social"


class DraftStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    CLAIM = "claim"
    STATISTIC = "statistic"
    QUOTE = "quote"
    CALL_TO_ACTION = "call_to_action"


#: Blocks that state findings and so must carry evidence.
EVIDENCE_KINDS = frozenset({BlockKind.CLAIM, BlockKind.STATISTIC, BlockKind.QUOTE})


class EvidenceKind(StrEnum):
    THEME = "theme"
    STATISTIC = "statistic"
    QUOTE = "quote"


class Audience(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[AudienceKind] = mapped_column(str_enum(AudienceKind, 30))
    #: the department or municipality a targeted audience belongs to
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id", ondelete="SET NULL"))
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["en"])
    #: the narrowest quote consent this audience may read (anonymous_public for the public)
    quote_consent: Mapped[QuoteConsent] = mapped_column(
        str_enum(QuoteConsent), default=QuoteConsent.ANONYMOUS_PUBLIC
    )
    #: highest acceptable reading grade (Flesch-Kincaid) for this audience
    target_grade: Mapped[int] = mapped_column(default=8)
    #: deactivated audiences are kept for the drafts that use them but offered no more
    active: Mapped[bool] = mapped_column(default=True)

    def __str__(self) -> str:
        return self.name


class Channel(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[ChannelKind] = mapped_column(str_enum(ChannelKind))
    #: the most characters a message on this channel may have (social posts)
    max_chars: Mapped[int | None] = mapped_column()
    #: deactivated channels are kept for the drafts that use them but offered no more
    active: Mapped[bool] = mapped_column(default=True)

    def __str__(self) -> str:
        return self.name


class Draft(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    audience_id: Mapped[int] = mapped_column(ForeignKey("audience.id", ondelete="RESTRICT"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id", ondelete="RESTRICT"))
    status: Mapped[DraftStatus] = mapped_column(
        str_enum(DraftStatus), default=DraftStatus.DRAFT, index=True
    )
    #: the version being edited; a submitted, approved or published one is frozen in DraftVersion
    version: Mapped[int] = mapped_column(default=1)
    #: the analysis run (report) the draft's evidence comes from
    run_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_run.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    audience: Mapped[Audience] = relationship()
    channel: Mapped[Channel] = relationship()
    run = relationship("AnalysisRun")
    created_by = relationship("User")
    blocks: Mapped[list[Block]] = relationship(
        back_populates="draft", order_by="Block.position", cascade="all, delete-orphan"
    )


class Block(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[BlockKind] = mapped_column(str_enum(BlockKind))
    text: Mapped[str] = mapped_column(Text, default="")  #: English, the source language
    #: {"es": {"text": ..., "source": English text it was translated from}}
    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    draft: Mapped[Draft] = relationship(back_populates="blocks")
    evidence: Mapped[list[EvidenceLink]] = relationship(
        back_populates="block", order_by="EvidenceLink.id", cascade="all, delete-orphan"
    )

    def translation(self, language: str) -> str:
        return (self.translations.get(language) or {}).get("text", "")

    def outdated(self, language: str) -> bool:
        """The English text changed since this translation was made."""
        found = self.translations.get(language)
        return bool(found and found.get("text") and found.get("source") != self.text)


class EvidenceLink(db.Model):
    """What a block rests on: a theme, a statistic snapshot, or a quote."""

    id: Mapped[int] = mapped_column(primary_key=True)
    block_id: Mapped[int] = mapped_column(ForeignKey("block.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EvidenceKind] = mapped_column(str_enum(EvidenceKind))
    #: NULL once the theme is deleted (its run re-run away): the link is then flagged
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    #: kept without a foreign key so a deleted run is still named in the warning
    run_id: Mapped[int | None] = mapped_column()
    #: statistics: which measure (see messaging.evidence.METRICS) and group column
    metric: Mapped[str] = mapped_column(String(30), default="")
    group_column: Mapped[str] = mapped_column(String(60), default="")
    label: Mapped[str] = mapped_column(String(300), default="")
    value: Mapped[float | None] = mapped_column()
    n: Mapped[int | None] = mapped_column()  #: the sample the value rests on
    #: quotes: the evidence unit quoted and its redacted text as inserted
    unit_id: Mapped[str] = mapped_column(String(120), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    block: Mapped[Block] = relationship(back_populates="evidence")
    theme = relationship("Theme")

    def snapshot(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind), "theme_id": self.theme_id, "run_id": self.run_id,
            "metric": self.metric, "group_column": self.group_column, "label": self.label,
            "value": self.value, "n": self.n, "unit_id": self.unit_id, "text": self.text,
            "computed_at": self.computed_at.isoformat(),
        }  # fmt: skip


class DraftVersion(db.Model):
    """A frozen copy of a draft as submitted (for diffs and for what was approved)."""

    __table_args__ = (UniqueConstraint("draft_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by = relationship("User")


class Comment(db.Model):
    """A review comment on the whole draft, or on one block of it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column()  #: the draft version commented on
    #: the block commented on; NULL for a comment on the whole draft or once the block is deleted
    block_id: Mapped[int | None] = mapped_column(
        ForeignKey("block.id", ondelete="SET NULL"), index=True
    )
    #: the block's text when commented, so a comment on a deleted block still says what it was
    block_excerpt: Mapped[str] = mapped_column(String(200), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    author = relationship("User", foreign_keys=[author_id])
    resolved_by = relationship("User", foreign_keys=[resolved_by_id])


class Approval(db.Model):
    """Who approved which version, and which warnings they overrode with what reason."""

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column()
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: [{"block_id", "code", "message", "reason"}]
    overrides: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    approved_by = relationship("User")


class JargonTerm(db.Model):
    """A county word or phrase and the plainer words to use instead (staff extend the list)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(String(100), unique=True)  #: stored lower-case
    plain: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
