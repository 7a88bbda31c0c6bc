"""Saving notes with optimistic versions: a save based on an old version is a conflict.

The browser sends each note's text with the version it started from. If somebody saved in
between, the note is not overwritten; the caller gets the server's text back and the draft
stays where it is (in the browser, or re-shown in the form) until a person decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from engage.extensions import db
from engage.tours.models import Note, Session
from engage.tours.models.notes import NOTE_LIMIT
from engage.tours.spans import flag_stale_spans


@dataclass(frozen=True)
class NoteEdit:
    note_id: int
    text: str
    #: the version the writer started from
    version: int


@dataclass
class SaveResult:
    saved: dict[int, int] = field(default_factory=dict)  #: note id -> new version
    conflicts: dict[int, Note] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)  #: note id -> message
    flagged: int = 0  #: quotes and coded spans that no longer match

    @property
    def ok(self) -> bool:
        return not self.conflicts and not self.errors


def normalise(text: str) -> str:
    """Browsers send CRLF from text areas; offsets must not depend on the browser."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def save_notes(session: Session, edits: list[NoteEdit], actor: Any) -> SaveResult:
    """Save the edited notes of ``session``; unchanged notes are left alone.

    Each note is judged on its own: a conflict or an over-long text refuses that note and
    keeps the others. Quotes and codes whose span no longer matches are flagged for review.
    """
    notes = {note.id: note for note in session.notes}
    result = SaveResult()
    for edit in edits:
        note = notes.get(edit.note_id)
        if note is None:
            result.errors[edit.note_id] = "This note is not part of the session."
            continue
        text = normalise(edit.text)
        if len(text) > NOTE_LIMIT:
            result.errors[note.id] = (
                f"This note has {len(text):,} characters; the limit is {NOTE_LIMIT:,}. "
                "Split it into the free notes or another session; your text is kept here."
            )
        elif edit.version != note.version:
            result.conflicts[note.id] = note
        elif text != note.text:
            note.text, note.updated_by_id = text, getattr(actor, "id", None)
            result.flagged += flag_stale_spans(note)
    try:
        db.session.flush()
    except StaleDataError:
        # Another request saved between our read and write: report every edit as a conflict.
        db.session.rollback()
        return _all_conflicts(session.id, edits)
    result.saved = {
        note.id: note.version
        for note in notes.values()
        if note.id not in result.conflicts and note.id not in result.errors
    }
    return result


def _all_conflicts(session_id: int, edits: list[NoteEdit]) -> SaveResult:
    fresh = db.session.get(Session, session_id)
    notes = {note.id: note for note in fresh.notes} if fresh else {}
    return SaveResult(conflicts={e.note_id: notes[e.note_id] for e in edits if e.note_id in notes})
