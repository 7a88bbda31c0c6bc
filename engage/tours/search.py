"""Full-text search over notes, quotes and codes with the database's own text search.

SQLite: the FTS5 table ``tour_fts`` (kept in step by triggers; rowid = id * 4 + kind).
PostgreSQL: ``to_tsvector('simple', ...)`` matched against a prefix ``tsquery``, using the
GIN expression indexes of the migration. Both do all-words prefix matching, so a search
behaves the same on either. Highlighting happens afterwards in Python (``highlight``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Float, Integer, Select, column, func, literal_column, select, text

from engage.extensions import db
from engage.tours.coding import codebook
from engage.tours.highlight import highlight, terms
from engage.tours.models import Code, CodedSpan, Note, Quote, Session
from engage.tours.sessions import SessionFilters, session_query

KINDS = {"note": 0, "quote": 1, "code": 2}
LIMIT = 50


@dataclass
class Hit:
    obj: Any
    pieces: list[tuple[str, bool]]


@dataclass
class SearchResult:
    notes: list[Hit] = field(default_factory=list)
    quotes: list[Hit] = field(default_factory=list)
    codes: list[Hit] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.notes) + len(self.quotes) + len(self.codes)


def _fts_matches(kind: str, words: list[str]) -> Any:
    """A subquery of (id, rank) for objects of ``kind`` containing every word (as prefixes)."""
    if db.engine.dialect.name == "sqlite":
        match = " ".join(f'"{word}"*' for word in words)
        sql = text(
            "SELECT rowid / 4 AS id, bm25(tour_fts) AS rank FROM tour_fts "
            "WHERE tour_fts MATCH :match AND rowid % 4 = :kind"
        ).bindparams(match=match, kind=KINDS[kind])
        return sql.columns(column("id", Integer), column("rank", Float)).subquery()
    model = {"note": Note, "quote": Quote, "code": Code}[kind]
    document = (
        model.name + " " + model.description if model is Code else model.text  # type: ignore[attr-defined]
    )
    vector = func.to_tsvector(literal_column("'simple'"), document)
    query = func.to_tsquery(literal_column("'simple'"), " & ".join(f"{w}:*" for w in words))
    return (
        select(model.id.label("id"), (-func.ts_rank(vector, query)).label("rank"))
        .where(vector.op("@@")(query))
        .subquery()
    )


def _code_ids_under(code_id: int) -> set[int]:
    ids = {code_id}
    for code in codebook():  # parents come before children
        if code.parent_id in ids:
            ids.add(code.id)
    return ids


def _notes(user: Any, filters: SessionFilters, code_id: int | None) -> Select[tuple[Note]]:
    sessions = session_query(user, filters).with_only_columns(Session.id).order_by(None)
    query = select(Note).where(Note.session_id.in_(sessions.scalar_subquery()), Note.text != "")
    if code_id:
        query = query.where(Note.coded_spans.any(CodedSpan.code_id.in_(_code_ids_under(code_id))))
    return query


def search(user: Any, q: str, filters: SessionFilters, code_id: int | None = None) -> SearchResult:
    """Notes, quotes and codes matching ``q`` within the sessions ``user`` may see.

    With an empty ``q`` the filters alone select notes (newest sessions first).
    """
    words = terms(q)
    notes = _notes(user, filters, code_id)
    result = SearchResult()
    if not words:
        notes = notes.join(Note.session).order_by(Session.held_on.desc(), Note.position)
        result.notes = [
            Hit(n, highlight(n.text, [])) for n in db.session.scalars(notes.limit(LIMIT))
        ]
        return result
    note_ids = notes.with_only_columns(Note.id).scalar_subquery()
    result.notes = _ranked("note", Note, words, Note.id.in_(note_ids))
    result.quotes = _ranked("quote", Quote, words, Quote.note_id.in_(note_ids))
    result.codes = _ranked("code", Code, words, Code.id.isnot(None))
    for hit in result.codes:
        hit.pieces = highlight(f"{hit.obj.name} — {hit.obj.description}", words)
    return result


def _ranked(kind: str, model: type, words: list[str], where: Any) -> list[Hit]:
    found = _fts_matches(kind, words)
    query = select(model).join(found, found.c.id == model.id).where(where).order_by(found.c.rank)
    rows = db.session.scalars(query.limit(LIMIT)).all()
    return [Hit(row, highlight(getattr(row, "text", ""), words)) for row in rows]
