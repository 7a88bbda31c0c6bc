"""Interview guides. A version is immutable once saved, so a session keeps the exact questions
it was run with even after the guide is edited (editing makes a new version)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db
from engage.timeutil import utcnow
from engage.types import UTCDateTime

LANGUAGES = ("en", "es", "hmn")


class Guide(db.Model):
    __tablename__ = "tour_guide"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: who the guide is written for, e.g. "department directors" or "residents"
    audience: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list[GuideVersion]] = relationship(
        back_populates="guide", order_by="GuideVersion.number"
    )

    @property
    def current(self) -> GuideVersion | None:
        return self.versions[-1] if self.versions else None


class GuideVersion(db.Model):
    __tablename__ = "tour_guide_version"
    __table_args__ = (UniqueConstraint("guide_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey("tour_guide.id", ondelete="CASCADE"))
    #: 1, 2, 3 ... in the order the versions were saved
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    guide: Mapped[Guide] = relationship(back_populates="versions")
    questions: Mapped[list[GuideQuestion]] = relationship(
        back_populates="version", order_by="GuideQuestion.position"
    )

    def __str__(self) -> str:
        return f"{self.guide.title} (v{self.number})"


class GuideQuestion(db.Model):
    __tablename__ = "tour_guide_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("tour_guide_version.id", ondelete="CASCADE"))
    position: Mapped[int]
    #: question text by language code (en, es, hmn); English is required
    text: Mapped[dict] = mapped_column(JSON, default=dict)
    #: follow-up prompts for the interviewer, by language code
    prompt: Mapped[dict] = mapped_column(JSON, default=dict)

    version: Mapped[GuideVersion] = relationship(back_populates="questions")

    def text_in(self, language: str) -> str:
        return self.text.get(language) or self.text.get("en", "")

    def prompt_in(self, language: str) -> str:
        return self.prompt.get(language) or self.prompt.get("en", "")
