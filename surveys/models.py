"""Survey definitions, invitations and responses.

Anonymity is a property of the schema, not only of the pages: an anonymous ``Response`` has a
random primary key, a date (never a time) and no column pointing at an invitation, a
stakeholder or a request. Single use of an invitation token (and of a respondent's form
session) is enforced by ``SubmissionReceipt``, whose primary key is the hashed key: a second
insert of the same key violates the constraint and the whole submission rolls back. The
receipt carries no response id and no time.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    exists,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from engage.errors import DomainError
from engage.extensions import db
from engage.timeutil import utcnow
from engage.types import UTCDateTime, str_enum


class SurveyKind(StrEnum):
    BUY_IN = "buy_in"
    FEEDBACK = "feedback"
    CENSUS = "census"
    CUSTOM = "custom"


class SurveyStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Anonymity(StrEnum):
    """Ordered from most to least protective (see ``Anonymity.rank``)."""

    ANONYMOUS = "anonymous"
    CONFIDENTIAL = "confidential"
    IDENTIFIED = "identified"

    @property
    def rank(self) -> int:
        return list(Anonymity).index(self)


def _random_id() -> str:
    return uuid.uuid4().hex


class Survey(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the public link ``/s/<slug>``; random for new surveys so links cannot be guessed
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    #: shown above the first question
    intro: Mapped[str] = mapped_column(Text, default="")
    #: "what happens next", shown on the thank-you page
    thanks: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[SurveyKind] = mapped_column(str_enum(SurveyKind), default=SurveyKind.CUSTOM)
    status: Mapped[SurveyStatus] = mapped_column(str_enum(SurveyStatus), default=SurveyStatus.DRAFT)
    anonymity: Mapped[Anonymity] = mapped_column(str_enum(Anonymity), default=Anonymity.ANONYMOUS)
    #: anyone with the link may answer; otherwise only invitation tokens are accepted
    public: Mapped[bool] = mapped_column(default=True)
    #: language codes respondents may choose; English is always first
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["en"])
    #: {lang: {"title": .., "intro": .., "thanks": ..}} for languages other than English
    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: show a review page before submitting (default for surveys with 3+ sections)
    review_step: Mapped[bool] = mapped_column(default=False)
    is_template: Mapped[bool] = mapped_column(default=False)
    #: random, replaced whenever the survey, a section or a question changes: respondent pages
    #: cache the definition per worker process by it (see surveys.definitions)
    revision: Mapped[str] = mapped_column(String(32), default=_random_id)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sections: Mapped[list[Section]] = relationship(
        back_populates="survey", order_by="Section.position", cascade="all, delete-orphan"
    )
    #: staff the creator shared the survey with: they may edit, distribute and export it
    editors = relationship("User", secondary="survey_editor", order_by="User.name")

    @property
    def questions(self) -> list[Question]:
        return [q for section in self.sections for q in section.questions]

    def open(self) -> None:
        """Draft or closed -> open. Opening freezes the structure."""
        if self.status == SurveyStatus.OPEN:
            raise DomainError("The survey is already open.")
        if not self.questions:
            raise DomainError("Add at least one question before opening the survey.")
        self.status = SurveyStatus.OPEN

    def close(self) -> None:
        if self.status != SurveyStatus.OPEN:
            raise DomainError("Only an open survey can be closed.")
        self.status = SurveyStatus.CLOSED

    def set_anonymity(self, mode: Anonymity) -> None:
        """Anonymity may change freely in a draft; once opened it may only become stronger."""
        if self.status != SurveyStatus.DRAFT and mode.rank > self.anonymity.rank:
            raise DomainError(
                "Anonymity cannot be lowered once the survey has been opened: respondents "
                "answered under the promise they were given."
            )
        self.anonymity = mode

    def check_editable(self) -> None:
        """Structure (sections, questions, types, options) may change only in a draft."""
        if self.status != SurveyStatus.DRAFT:
            raise DomainError(
                "The survey has been opened, so its structure is frozen. You can still fix "
                "typos in wording; to change questions, duplicate the survey."
            )

    def accepting_at(self, now: datetime) -> bool:
        if self.status != SurveyStatus.OPEN:
            return False
        if self.opens_at is not None and now < self.opens_at:
            return False
        return self.closes_at is None or now < self.closes_at


class SurveyEditor(db.Model):
    """A user a survey is shared with (fellows may otherwise manage only their own surveys)."""

    survey_id: Mapped[int] = mapped_column(
        ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )


class Section(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300), default="")
    intro: Mapped[str] = mapped_column(Text, default="")
    #: skip rule for the whole section (see surveys.conditions); None = always shown
    condition: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: {lang: {"title": .., "intro": ..}}
    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    survey: Mapped[Survey] = relationship(back_populates="sections")
    questions: Mapped[list[Question]] = relationship(
        back_populates="section", order_by="Question.position", cascade="all, delete-orphan"
    )


class Question(db.Model):
    __table_args__ = (UniqueConstraint("survey_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    #: stable variable name used by skip rules and export columns, e.g. ``q3``
    code: Mapped[str] = mapped_column(String(40))
    #: a key of surveys.qtypes.REGISTRY
    type: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    help: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(default=False)
    #: [{"value": "yes", "label": "Yes"}, ...] for choice, ranking and matrix columns
    options: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    #: type settings: points, rows, min, max, allow_other, random_order
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: skip rule (see surveys.conditions); None = always shown
    condition: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: {lang: {"text": .., "help": .., "options": {value: label}, "rows": {value: label}}}
    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    section: Mapped[Section] = relationship(back_populates="questions")
    survey: Mapped[Survey] = relationship()


class Invitation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    stakeholder_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="SET NULL")
    )
    #: SHA-256 of the latest token; the token itself is shown once and never stored (earlier
    #: tokens are in ``InvitationToken``)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The key its submission's receipt is stored under: the first token's hash, kept when a
    #: reminder renews the token, so an old and a new link can never both be used.
    receipt_key: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda ctx: ctx.get_current_parameters()["token_hash"]
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when Engage e-mailed the invitation itself (surveys.invitation_mail)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when staff last downloaded its link for a mail merge; with ``emailed_at`` unset too,
    #: the invitation has not been sent yet
    exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    stakeholder = relationship("Stakeholder")


class InvitationToken(db.Model):
    """A token a later one replaced: it still opens its invitation (surveys.distribution).

    Someone who started answering with the first link can finish after a reminder renewed it.
    Single use does not depend on which token is used: every submission of the invitation is
    receipted under its ``receipt_key``.
    """

    #: SHA-256 of the replaced token
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), index=True
    )


class SubmissionReceipt(db.Model):
    """Marks a key (invitation token hash or form-session key) as used; nothing else.

    No response id and no timestamp, so a receipt cannot be matched with a response. Stored
    without SQLite's rowid so the physical order does not reveal insertion order either.
    """

    __table_args__ = {"sqlite_with_rowid": False}

    #: ``Invitation.receipt_key``, or SHA-256 hex of the respondent's form-session key
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))


Invitation.used = column_property(
    exists().where(SubmissionReceipt.key_hash == Invitation.receipt_key)
)


class Response(db.Model):
    """One submitted questionnaire. See the module docstring for what anonymity means here."""

    __table_args__ = (
        Index("ix_response_survey_submitted", "survey_id", "submitted_on"),
        {"sqlite_with_rowid": False},
    )

    #: random, so ids reveal nothing about submission order
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_random_id)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8), default="en")
    #: the day only: a finer time could be matched with server logs or token use
    submitted_on: Mapped[date] = mapped_column(Date)
    #: respondent-reported attributes (never copied from the directory for anonymous surveys)
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id", ondelete="SET NULL"))
    respondent_role: Mapped[str | None] = mapped_column(String(40))
    demographics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: set only for confidential and identified surveys
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="SET NULL")
    )
    stakeholder_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="SET NULL")
    )

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )
    org_unit = relationship("OrgUnit")


class Answer(db.Model):
    """One row per shown, answered question; the value's shape is set by the question type."""

    __table_args__ = {"sqlite_with_rowid": False}

    response_id: Mapped[str] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[Any] = mapped_column(JSON)

    response: Mapped[Response] = relationship(back_populates="answers")


class SurveyStart(db.Model):
    """How many people started a survey each day (for the completion rate); no identities."""

    survey_id: Mapped[int] = mapped_column(
        ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    #: a random one of START_SLOTS rows per day, so that concurrent starts seldom wait for
    #: each other's lock on one row; the day's count is the sum of its slots
    slot: Mapped[int] = mapped_column(SmallInteger, primary_key=True, default=0)
    count: Mapped[int] = mapped_column(default=0)
