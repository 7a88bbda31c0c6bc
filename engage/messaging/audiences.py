"""Audiences and channels: who a message is for and how it reaches them.

Neither is ever deleted: drafts keep pointing at them (and their versions name them), so an
audience or channel that is no longer wanted is deactivated and then not offered for new drafts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from engage.audit.services import record
from engage.database import same_name
from engage.directory.models import QuoteConsent
from engage.errors import DomainError
from engage.extensions import db
from engage.messaging.models import LANGUAGES, Audience, AudienceKind, Channel, ChannelKind

#: Reading grades a target may be set to (1st grade to a graduate degree).
GRADES = range(1, 19)
#: A channel limit below this cannot hold a sentence and its evidence number.
MIN_CHARS = 20


class FieldError(DomainError):
    """A domain error that belongs to one form field (``field`` is its name)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class AudienceValues:
    name: str
    kind: AudienceKind
    languages: list[str]
    quote_consent: QuoteConsent
    target_grade: int


@dataclass(frozen=True)
class ChannelValues:
    name: str
    kind: ChannelKind
    max_chars: int | None


def _unique_name(model: type[Audience] | type[Channel], name: str, current: Any) -> str:
    name = " ".join(name.split())
    if not name:
        raise FieldError("name", _("Give it a name."))
    clash = select(model.id).where(same_name(model.name, name))
    if getattr(current, "id", None) is not None:
        clash = clash.where(model.id != current.id)
    if db.session.scalar(clash) is not None:
        raise FieldError("name", _("“%(n)s” is already in use.", n=name))
    return name


def _check_audience(values: AudienceValues) -> None:
    if not values.languages or set(values.languages) - set(LANGUAGES):
        raise FieldError("languages", _("Choose at least one of English, Spanish and Hmong."))
    if values.quote_consent == QuoteConsent.NONE:
        raise FieldError("quote_consent", _("Choose a consent level that allows some quotes."))
    if values.target_grade not in GRADES:
        raise FieldError("target_grade", _("Choose a grade from 1 to 18."))


def save_audience(audience: Audience | None, values: AudienceValues, actor: Any) -> Audience:
    """Create an audience (``audience`` None) or change one; audited.

    Raises:
        FieldError: a taken name, no language, consent "none", or a grade outside 1-18.
    """
    name = _unique_name(Audience, values.name, audience)
    _check_audience(values)
    created = audience is None
    audience = audience or Audience()
    before = _audience_detail(audience) if not created else {}
    audience.name, audience.kind = name, values.kind
    audience.languages = [lang for lang in LANGUAGES if lang in values.languages]
    audience.quote_consent, audience.target_grade = values.quote_consent, values.target_grade
    db.session.add(audience)
    db.session.flush()
    action = "message_audience.created" if created else "message_audience.changed"
    record(actor, action, "audience", audience.id, before=before, after=_audience_detail(audience))
    return audience


def _audience_detail(audience: Audience) -> dict[str, Any]:
    return {
        "name": audience.name, "kind": str(audience.kind), "languages": audience.languages,
        "quote_consent": str(audience.quote_consent), "target_grade": audience.target_grade,
    }  # fmt: skip


def save_channel(channel: Channel | None, values: ChannelValues, actor: Any) -> Channel:
    """Create a channel (``channel`` None) or change one; audited.

    Raises:
        FieldError: a taken name, or a length limit under ``MIN_CHARS``.
    """
    name = _unique_name(Channel, values.name, channel)
    if values.max_chars is not None and values.max_chars < MIN_CHARS:
        raise FieldError("max_chars", _("A limit must be at least %(n)s characters.", n=MIN_CHARS))
    created = channel is None
    channel = channel or Channel()
    before = {} if created else {"name": channel.name, "kind": str(channel.kind),
                                 "max_chars": channel.max_chars}  # fmt: skip
    channel.name, channel.kind, channel.max_chars = name, values.kind, values.max_chars
    db.session.add(channel)
    db.session.flush()
    action = "message_channel.created" if created else "message_channel.changed"
    after = {"name": channel.name, "kind": str(channel.kind), "max_chars": channel.max_chars}
    record(actor, action, "channel", channel.id, before=before, after=after)
    return channel


def set_active(found: Audience | Channel, active: bool, actor: Any) -> None:
    """Deactivate (no longer offered for new drafts) or reactivate; audited."""
    if found.active == active:
        return
    found.active = active
    kind = "audience" if isinstance(found, Audience) else "channel"
    verb = "reactivated" if active else "deactivated"
    record(actor, f"message_{kind}.{verb}", kind, found.id, name=found.name)
    db.session.flush()


def audiences() -> list[Audience]:
    return list(
        db.session.scalars(select(Audience).order_by(Audience.active.desc(), Audience.name))
    )


def channels() -> list[Channel]:
    return list(db.session.scalars(select(Channel).order_by(Channel.active.desc(), Channel.name)))
