"""Qualitative coding: the codebook, coded spans, counts, co-occurrence and agreement."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from sqlalchemy import func, select

from engage.audit.services import record
from engage.database import same_name
from engage.errors import DomainError
from engage.extensions import db
from engage.tours.kappa import span_kappa
from engage.tours.models import Code, CodedSpan, Note
from engage.tours.spans import resolve_span


def codebook() -> list[Code]:
    """All codes, each parent followed by its children (depth-first, in position order)."""
    roots = db.session.scalars(
        select(Code).where(Code.parent_id.is_(None)).order_by(Code.position, Code.name)
    )
    ordered: list[Code] = []

    def walk(code: Code) -> None:
        ordered.append(code)
        for child in code.children:
            walk(child)

    for root in roots:
        walk(root)
    return ordered


def depth(code: Code) -> int:
    return 0 if code.parent is None else 1 + depth(code.parent)


def save_code(
    code: Code | None, *, name: str, description: str, parent_id: int | None, actor: Any
) -> Code:
    """Create or update a code; names are unique among siblings.

    Raises:
        DomainError: empty or duplicate name, or a parent that would make a loop.
    """
    name = name.strip()
    if not name:
        raise DomainError("A code needs a name.")
    parent = db.session.get(Code, parent_id) if parent_id else None
    ancestor = parent
    while ancestor is not None:
        if code is not None and ancestor.id == code.id:
            raise DomainError("A code cannot sit under itself or one of its own sub-codes.")
        ancestor = ancestor.parent
    clash = select(Code.id).where(
        Code.parent_id.is_(None) if parent is None else Code.parent_id == parent.id,
        same_name(Code.name, name),
    )
    if code is not None:
        clash = clash.where(Code.id != code.id)
    if db.session.scalar(clash):
        raise DomainError(f"There is already a code called {name} at that level.")
    code = code or Code()
    code.name, code.description, code.parent = name, description.strip(), parent
    db.session.add(code)
    db.session.flush()
    record(actor, "tour_code.saved", "tour_code", code.id, name=name)
    return code


def seed_strategic_codebook(plan: dict) -> int:
    """Add the strategic plan's focus areas and objectives as codes; returns how many new."""
    created = 0
    for position, (area, objectives) in enumerate(plan["focus_areas"].items()):
        parent = _get_or_add(None, area, position, "Strategic plan focus area.")
        created += parent.id is None
        db.session.flush()
        for index, objective in enumerate(objectives):
            child = _get_or_add(parent, objective, index, "Strategic plan objective.")
            created += child.id is None
    db.session.flush()
    return created


def _get_or_add(parent: Code | None, name: str, position: int, description: str) -> Code:
    where = Code.parent_id.is_(None) if parent is None else Code.parent_id == parent.id
    code = db.session.scalar(select(Code).where(where, Code.name == name))
    if code is None:
        code = Code(parent=parent, name=name, position=position, description=description)
        db.session.add(code)
    return code


def apply_code(
    note: Note, code_id: int, *, start: int | None, end: int | None, exact: str, coder: Any
) -> CodedSpan:
    """Code a span of the saved note text for ``coder``.

    Raises:
        DomainError: unknown code, or a selection that is not in the note.
    """
    code = db.session.get(Code, code_id)
    if code is None:
        raise DomainError("Choose a code from the codebook.")
    start, end = resolve_span(note, start, end, exact)
    span = CodedSpan(
        note=note, code=code, coder_id=coder.id, start=start, end=end, text=note.text[start:end]
    )
    db.session.add(span)
    db.session.flush()
    return span


def coded_spans(session_ids: list[int] | None = None) -> list[CodedSpan]:
    query = select(CodedSpan).join(CodedSpan.note).order_by(Note.session_id, CodedSpan.start)
    if session_ids is not None:
        query = query.where(Note.session_id.in_(session_ids))
    return list(db.session.scalars(query))


def code_counts(spans: list[CodedSpan]) -> dict[int, tuple[int, int]]:
    """Per code id: (coded segments, distinct sessions)."""
    segments = Counter(s.code_id for s in spans)
    sessions = {code: {s.note.session_id for s in spans if s.code_id == code} for code in segments}
    return {code: (segments[code], len(sessions[code])) for code in segments}


def co_occurrence(spans: list[CodedSpan]) -> Counter[tuple[int, int]]:
    """How often two codes' spans overlap in the same note (pairs ordered by code id)."""
    by_note: dict[int, list[CodedSpan]] = {}
    for span in spans:
        by_note.setdefault(span.note_id, []).append(span)
    pairs: Counter[tuple[int, int]] = Counter()
    for note_spans in by_note.values():
        seen = set()
        for a, b in combinations(note_spans, 2):
            if a.code_id != b.code_id and a.start < b.end and b.start < a.end:
                seen.add(tuple(sorted((a.code_id, b.code_id))))
        pairs.update(seen)
    return pairs


@dataclass
class Agreement:
    code: Code
    kappa: float
    first_chars: int  #: characters the first coder coded with this code
    second_chars: int


def compare_coders(note: Note, first_id: int, second_id: int) -> list[Agreement]:
    """Cohen's kappa per code between two coders of ``note``, over its characters."""
    spans = [s for s in note.coded_spans if not s.needs_review]
    codes = {s.code_id: s.code for s in spans if s.coder_id in (first_id, second_id)}
    length = len(note.text)
    result = []
    for code_id, code in sorted(codes.items(), key=lambda item: item[1].name):
        a = [(s.start, s.end) for s in spans if s.code_id == code_id and s.coder_id == first_id]
        b = [(s.start, s.end) for s in spans if s.code_id == code_id and s.coder_id == second_id]
        result.append(
            Agreement(code, span_kappa(length, a, b), _chars(a, length), _chars(b, length))
        )
    return result


def _chars(spans: list[tuple[int, int]], length: int) -> int:
    return len({i for start, end in spans for i in range(start, min(end, length))})


def coders_of(note: Note) -> list[Any]:
    """Everyone who coded ``note``, by name."""
    return sorted({s.coder for s in note.coded_spans}, key=lambda u: u.name)


def notes_with_two_coders(session_ids: list[int]) -> list[Note]:
    query = (
        select(Note)
        .join(CodedSpan)
        .where(Note.session_id.in_(session_ids))
        .group_by(Note.id)
        .having(func.count(func.distinct(CodedSpan.coder_id)) >= 2)
        .order_by(Note.id)
    )
    return list(db.session.scalars(query))
