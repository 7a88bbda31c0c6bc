"""A character span of a note's text, shared by quotes and coded segments."""

from __future__ import annotations

from sqlalchemy import Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


class SpanMixin:
    """``start``/``end`` index the note text; ``text`` is what was selected at the time.

    When the note is edited so that ``note.text[start:end] != text``, the span is flagged
    for review instead of being moved: a person decides where it belongs now.
    """

    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(Text)

    @declared_attr
    def needs_review(cls) -> Mapped[bool]:  # noqa: N805 - SQLAlchemy declared_attr
        return mapped_column(default=False)

    def matches(self, note_text: str) -> bool:
        return note_text[self.start : self.end] == self.text

    def relocations(self, note_text: str) -> list[int]:
        """Where the selected text now occurs in ``note_text`` (to offer, never to apply)."""
        found, at = [], note_text.find(self.text)
        while at != -1 and self.text:
            found.append(at)
            at = note_text.find(self.text, at + 1)
        return found
