"""The jargon list staff extend: county words and the plainer words to use instead."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from engage.errors import DomainError
from engage.extensions import db
from engage.messaging.models import JargonTerm
from engage.messaging.plain import STARTER_JARGON


def terms() -> list[JargonTerm]:
    return list(db.session.scalars(select(JargonTerm).order_by(JargonTerm.term)))


def add_term(term: str, plain: str, actor: Any) -> JargonTerm:
    """Add a term (matched without regard to case) and its plainer alternative.

    Raises:
        DomainError: empty, or the term is already listed.
    """
    term, plain = " ".join(term.lower().split()), plain.strip()
    if not term or not plain:
        raise DomainError(_("Give both the jargon and the plainer words."))
    if db.session.scalar(select(JargonTerm.id).where(JargonTerm.term == term)):
        raise DomainError(_("“%(t)s” is already on the list.", t=term))
    found = JargonTerm(term=term, plain=plain, created_by_id=getattr(actor, "id", None))
    db.session.add(found)
    db.session.flush()
    return found


def delete_term(found: JargonTerm) -> None:
    db.session.delete(found)
    db.session.flush()


def add_starter_terms(actor: Any) -> int:
    """Add the starter list's terms that are missing; returns how many were added."""
    listed = set(db.session.scalars(select(JargonTerm.term)))
    missing = {t: p for t, p in STARTER_JARGON.items() if t not in listed}
    for term, plain in missing.items():
        add_term(term, plain, actor)
    return len(missing)
