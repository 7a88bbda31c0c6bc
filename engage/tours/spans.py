"""Spans of note text (quotes, coded segments): resolve a selection, flag, re-attach."""

from __future__ import annotations

from engage.errors import DomainError
from engage.extensions import db
from engage.tours.models import Note
from engage.tours.models.spans import SpanMixin


def resolve_span(note: Note, start: int | None, end: int | None, exact: str) -> tuple[int, int]:
    """Offsets of a selection in the saved note text.

    Offsets win when given (the browser's selection); otherwise the exact text is looked up
    (the no-JavaScript form) and its first occurrence is used.

    Raises:
        DomainError: the selection is empty, out of range, or not in the saved text.
    """
    text, exact = note.text, (exact or "").replace("\r\n", "\n")
    if start is not None and end is not None:
        if not 0 <= start < end <= len(text):
            raise DomainError("The selection is outside the saved note. Save, then select again.")
        if exact.strip() and text[start:end].strip() != exact.strip():
            raise DomainError(
                "The selection does not match the saved note (it may have unsaved changes). "
                "Save the note, then select the text again."
            )
    else:
        if not exact.strip():
            raise DomainError("Select some text in the note, or type the exact words.")
        start = text.find(exact.strip())
        if start == -1:
            raise DomainError("Those exact words are not in the saved note.")
        end = start + len(exact.strip())
    return _trim(text, start, end)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise DomainError("The selection is only spaces.")
    return start, end


def flag_stale_spans(note: Note) -> int:
    """Flag the note's quotes and coded spans whose text no longer matches; never move them."""
    flagged = 0
    for span in [*note.quotes, *note.coded_spans]:
        if not span.needs_review and not span.matches(note.text):
            span.needs_review = True
            flagged += 1
    return flagged


def reattach(span: SpanMixin, note: Note, start: int) -> None:
    """Move a flagged span to ``start``, where a person confirmed the same words now are.

    Raises:
        DomainError: the words are not at ``start``.
    """
    end = start + len(span.text)
    if start < 0 or note.text[start:end] != span.text:
        raise DomainError("The quoted words are not at that position any more.")
    span.start, span.end, span.needs_review = start, end, False
    db.session.flush()
