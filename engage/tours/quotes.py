"""Quotes marked in notes, with consent that may narrow but never widen the session's."""

from __future__ import annotations

from typing import Any

from engage.audit.services import record
from engage.directory.models import QuoteConsent, StakeholderRole
from engage.errors import DomainError
from engage.extensions import db
from engage.tours.models import Note, Quote
from engage.tours.spans import resolve_span

#: widest first, as in QuoteConsent
_ORDER = list(QuoteConsent)
#: consents under which a quote may leave the analysts' view (after redaction)
SHAREABLE = frozenset({QuoteConsent.ATTRIBUTED, QuoteConsent.ANONYMOUS_PUBLIC})


def narrower(a: QuoteConsent, b: QuoteConsent) -> QuoteConsent:
    """The more restrictive of two consents."""
    return max(a, b, key=_ORDER.index)


def effective_consent(quote: Quote) -> QuoteConsent:
    """The quote's own consent, capped by the session's current consent."""
    return narrower(quote.consent, quote.note.session.consent_quote)


def is_shareable(quote: Quote) -> bool:
    """Consent allows sharing and the span still matches its note."""
    return effective_consent(quote) in SHAREABLE and not quote.needs_review


def _check_consent(note: Note, consent: QuoteConsent) -> None:
    session_consent = note.session.consent_quote
    if narrower(consent, session_consent) != consent:
        raise DomainError(
            f"The participants agreed to '{session_consent.value}' quoting; a quote cannot "
            f"be marked '{consent.value}'. Change the session's consent first if it changed."
        )


def mark_quote(
    note: Note,
    *,
    start: int | None,
    end: int | None,
    exact: str,
    speaker_role: str | None,
    speaker_label: str,
    consent: str | None,
    actor: Any,
) -> Quote:
    """Mark a quote in the saved text of ``note``; consent defaults to the session's.

    Raises:
        DomainError: the selection is not in the note, or the consent is wider than given.
    """
    start, end = resolve_span(note, start, end, exact)
    chosen = QuoteConsent(consent) if consent else note.session.consent_quote
    _check_consent(note, chosen)
    quote = Quote(
        note=note,
        start=start,
        end=end,
        text=note.text[start:end],
        speaker_role=StakeholderRole(speaker_role) if speaker_role else None,
        speaker_label=speaker_label.strip(),
        consent=chosen,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(quote)
    db.session.flush()
    return quote


def set_quote_consent(quote: Quote, consent: str, actor: Any) -> None:
    """Change a quote's consent (audited: it decides whether the quote may be published)."""
    new = QuoteConsent(consent)
    _check_consent(quote.note, new)
    record(actor, "tour_quote.consent", "tour_quote", quote.id, old=quote.consent, new=new)
    quote.consent = new
    db.session.flush()
