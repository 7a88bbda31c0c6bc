"""Listening-tour tables, split by concern; import from here."""

from engage.tours.models.coding import Code, CodedSpan
from engage.tours.models.guides import Guide, GuideQuestion, GuideVersion
from engage.tours.models.notes import FollowUp, FollowUpStatus, Note, Quote
from engage.tours.models.sessions import Session, SessionKind, SessionStatus

__all__ = [
    "Code",
    "CodedSpan",
    "FollowUp",
    "FollowUpStatus",
    "Guide",
    "GuideQuestion",
    "GuideVersion",
    "Note",
    "Quote",
    "Session",
    "SessionKind",
    "SessionStatus",
]
