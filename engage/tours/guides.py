"""Interview guides: create, and save new versions of their questions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from engage.errors import DomainError
from engage.extensions import db
from engage.tours.models import Guide, GuideQuestion, GuideVersion
from engage.tours.models.guides import LANGUAGES


@dataclass
class QuestionDraft:
    """One question as typed in the guide form; empty languages are left out."""

    text: dict[str, str]
    prompt: dict[str, str] = field(default_factory=dict)

    def cleaned(self) -> QuestionDraft:
        def keep(values: dict[str, str]) -> dict[str, str]:
            return {k: v.strip() for k, v in values.items() if k in LANGUAGES and v.strip()}

        return QuestionDraft(keep(self.text), keep(self.prompt))


def guides() -> list[Guide]:
    return list(db.session.scalars(select(Guide).order_by(Guide.title)))


def save_guide(
    guide: Guide | None,
    title: str,
    audience: str,
    questions: Sequence[QuestionDraft],
    actor: Any,
) -> Guide:
    """Create a guide or save a new version of it.

    A new version is written only when the questions changed; existing versions are never
    edited, so sessions that used them keep their exact questions.

    Raises:
        DomainError: no question was given, or one lacks English text.
    """
    drafts = [q.cleaned() for q in questions if any(v.strip() for v in q.text.values())]
    if not drafts:
        raise DomainError("Add at least one question.")
    for number, draft in enumerate(drafts, start=1):
        if not draft.text.get("en"):
            raise DomainError(f"Question {number} needs English text (other languages optional).")
    guide = guide or Guide()
    guide.title, guide.audience = title.strip(), audience.strip()
    db.session.add(guide)
    db.session.flush()
    if guide.current is None or _as_drafts(guide.current) != drafts:
        _add_version(guide, drafts, actor)
    return guide


def _as_drafts(version: GuideVersion) -> list[QuestionDraft]:
    return [QuestionDraft(dict(q.text), dict(q.prompt)) for q in version.questions]


def _add_version(guide: Guide, drafts: list[QuestionDraft], actor: Any) -> GuideVersion:
    version = GuideVersion(
        guide=guide, number=len(guide.versions) + 1, created_by_id=getattr(actor, "id", None)
    )
    for position, draft in enumerate(drafts, start=1):
        version.questions.append(
            GuideQuestion(position=position, text=draft.text, prompt=draft.prompt)
        )
    db.session.add(version)
    db.session.flush()
    return version
