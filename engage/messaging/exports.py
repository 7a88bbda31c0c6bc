"""Exports: Word, Markdown, an HTML e-mail body and plain text, with an evidence appendix.

The public copy (no appendix) and the Word copy exist only for approved or published drafts.
Quotes whose consent no longer covers the audience are left out of every export. Every export
is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import render_template
from flask_babel import gettext as _

from engage.audit.services import record
from engage.directory.forms import CONSENT_LABELS
from engage.errors import DomainError
from engage.messaging import checks, docx_export, evidence
from engage.messaging.models import (
    LANGUAGES,
    Block,
    BlockKind,
    Draft,
    DraftStatus,
    EvidenceKind,
    EvidenceLink,
)

FORMATS = {"md": "text/markdown", "html": "text/html", "txt": "text/plain",
           "docx": docx_export.MIMETYPE}  # fmt: skip
#: Formats for the finished message only (a document to hand on, not a review copy).
APPROVED_ONLY = frozenset({"docx"})
DONE = (DraftStatus.APPROVED, DraftStatus.PUBLISHED)
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>#+-!|"})


@dataclass
class Export:
    body: str | bytes
    mimetype: str
    filename: str


def _consent_withdrawn(draft: Draft) -> set[int]:
    """Blocks held back: quotes this audience may no longer read."""
    found = checks.check_draft(draft)
    return {
        bid for bid, items in found.items() if any(f.code.startswith("consent:") for f in items)
    }


def _text(block: Block, language: str) -> str:
    if language == "en":
        return block.text
    if not block.translation(language) or block.outdated(language):
        raise DomainError(_("Block %(n)s has no up-to-date %(l)s translation.",
                            n=block.position, l=language))  # fmt: skip
    return block.translation(language)


def export(draft: Draft, fmt: str, language: str, appendix: bool, actor: Any) -> Export:
    """Render the draft; ``appendix`` adds each claim's sources (the review copy).

    Raises:
        DomainError: unknown format or language, a public or Word copy of an unapproved draft,
            or a missing/outdated translation.
    """
    if fmt not in FORMATS or language not in LANGUAGES:
        raise DomainError(_("Choose Word, Markdown, HTML or plain text, and English, Spanish or "
                            "Hmong."))  # fmt: skip
    if fmt in APPROVED_ONLY and draft.status not in DONE:
        raise DomainError(_("The Word copy is made once the draft is approved."))
    if not appendix and draft.status not in DONE:
        raise DomainError(_("Only an approved draft has a public copy; export the review copy."))
    held = _consent_withdrawn(draft)
    blocks = [(b, _text(b, language)) for b in draft.blocks if b.id not in held]
    body: str | bytes
    if fmt == "html":
        body = _html(draft, blocks, appendix, language)
    elif fmt == "docx":
        appended = (
            [(t, grouped_sources(b)) for b, t in _evidence_blocks(blocks)] if appendix else []
        )
        body = docx_export.render(draft, blocks, appended, language)
    else:
        body = (_markdown if fmt == "md" else _plain)(blocks, appendix)
    record(actor, "message.exported", "draft", draft.id, format=fmt, language=language,
           appendix=appendix, version=draft.version, status=str(draft.status))  # fmt: skip
    suffix = "review" if appendix else "public"
    return Export(
        body, FORMATS[fmt], f"message-{draft.id}-v{draft.version}-{language}-{suffix}.{fmt}"
    )


def describe(link: EvidenceLink) -> str:
    """One piece of evidence in one line; a quote with the consent it stands under now."""
    where = _("report #%(r)s", r=link.run_id)
    if link.kind == EvidenceKind.STATISTIC:
        return f"{link.label} (n={link.n}; {where})"
    if link.kind == EvidenceKind.QUOTE:
        consent = evidence.unit_consent(link.run_id, link.unit_id) if link.run_id else None
        label = CONSENT_LABELS.get(consent, "—") if consent else "—"
        return _("“%(q)s”: theme “%(t)s”, consent: %(c)s (%(w)s)",
                 q=link.text, t=link.label, c=label, w=where)  # fmt: skip
    return _("Theme “%(t)s”, %(n)s people (%(w)s)", t=link.label, n=link.n, w=where)


def sources(block: Block) -> list[str]:
    """Each piece of evidence of a block in one line."""
    return [describe(link) for link in block.evidence]


def grouped_sources(block: Block) -> dict[str, list[str]]:
    """The block's evidence lines by kind: themes, statistics, quotes."""
    out: dict[str, list[str]] = {}
    for link in block.evidence:
        out.setdefault(str(link.kind), []).append(describe(link))
    return out


def _evidence_blocks(blocks: list[tuple[Block, str]]) -> list[tuple[Block, str]]:
    return [(b, text) for b, text in blocks if b.evidence]


def _markdown(blocks: list[tuple[Block, str]], appendix: bool) -> str:
    out = []
    for block, text in blocks:
        safe = text.translate(_MD_SPECIAL)
        out.append({BlockKind.HEADING: f"## {safe}", BlockKind.QUOTE: f"> {safe}",
                    BlockKind.CALL_TO_ACTION: f"**{safe}**"}.get(block.kind, safe))  # fmt: skip
    if appendix:
        out.append("---\n\n## " + _("Evidence"))
        for n, (block, text) in enumerate(_evidence_blocks(blocks), 1):
            items = "\n".join(f"   - {s.translate(_MD_SPECIAL)}" for s in sources(block))
            out.append(f"{n}. {text.translate(_MD_SPECIAL)}\n{items}")
    return "\n\n".join(out) + "\n"


def _plain(blocks: list[tuple[Block, str]], appendix: bool) -> str:
    out = [f"“{text}”" if block.kind == BlockKind.QUOTE else text for block, text in blocks]
    if appendix:
        out.append(_("EVIDENCE"))
        for n, (block, text) in enumerate(_evidence_blocks(blocks), 1):
            out.append(f"{n}. {text}\n" + "\n".join(f"   - {s}" for s in sources(block)))
    return "\n\n".join(out) + "\n"


def _html(draft: Draft, blocks: list[tuple[Block, str]], appendix: bool, language: str) -> str:
    appended = [(text, sources(b)) for b, text in _evidence_blocks(blocks)] if appendix else []
    return render_template("messaging/export.html", draft=draft, blocks=blocks,
                           evidence=appended, language=language)  # fmt: skip
