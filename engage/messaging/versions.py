"""Frozen versions of a draft, their differences, and reopening a frozen draft for edits."""

from __future__ import annotations

import difflib
from typing import Any

from sqlalchemy import select

from engage.audit.services import record
from engage.extensions import db
from engage.messaging.models import Draft, DraftStatus, DraftVersion


def snapshot(draft: Draft) -> dict[str, Any]:
    """Everything a reviewer approves: settings, blocks, translations and evidence."""
    return {
        "title": draft.title,
        "audience": draft.audience.name,
        "channel": draft.channel.name,
        "run_id": draft.run_id,
        "blocks": [
            {
                "kind": str(b.kind),
                "text": b.text,
                "translations": {lang: t.get("text", "") for lang, t in b.translations.items()},
                "evidence": [link.snapshot() for link in b.evidence],
            }
            for b in draft.blocks
        ],
    }


def freeze(draft: Draft, actor: Any) -> DraftVersion:
    """Store the current version (replacing an earlier freeze of the same number). Flushes."""
    found = version(draft, draft.version)
    if found is None:
        found = DraftVersion(draft_id=draft.id, number=draft.version)
        db.session.add(found)
    found.snapshot, found.created_by_id = snapshot(draft), getattr(actor, "id", None)
    db.session.flush()
    return found


def version(draft: Draft, number: int) -> DraftVersion | None:
    return db.session.scalar(
        select(DraftVersion).where(DraftVersion.draft_id == draft.id, DraftVersion.number == number)
    )


def versions(draft: Draft) -> list[DraftVersion]:
    return list(
        db.session.scalars(
            select(DraftVersion)
            .where(DraftVersion.draft_id == draft.id)
            .order_by(DraftVersion.number.desc())
        )
    )


def reopen(draft: Draft, actor: Any) -> None:
    """Before any edit: a submitted, approved or published draft becomes a new draft version.

    The frozen version stays as it was approved (or submitted); edits go to the next number.
    """
    if draft.status == DraftStatus.DRAFT:
        return
    before = draft.status
    draft.version += 1
    draft.status = DraftStatus.DRAFT
    record(actor, "message.reopened", "draft", draft.id, was=str(before), version=draft.version)
    db.session.flush()


def lines(snap: dict[str, Any]) -> list[str]:
    """A snapshot as lines of text, for a readable diff."""
    out = [f"Title: {snap['title']}", f"Audience: {snap['audience']}",
           f"Channel: {snap['channel']}"]  # fmt: skip
    for block in snap["blocks"]:
        out.append(f"[{block['kind']}] {block['text']}")
        out += [f"    [{lang}] {text}" for lang, text in sorted(block["translations"].items())]
        out += [f"    evidence: {e['label'] or e['text']}" for e in block["evidence"]]
    return out


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    """(change, line) pairs: change is "added", "removed" or "same"; rendered escaped."""
    kinds = {"+ ": "added", "- ": "removed", "  ": "same"}
    return [
        (kinds[line[:2]], line[2:])
        for line in difflib.ndiff(lines(old), lines(new))
        if line[:2] in kinds
    ]
