"""Exports: Markdown, an HTML e-mail body and plain text, with an optional evidence appendix.

The public copy (no appendix) exists only for approved or published drafts. Quotes whose
consent no longer covers the audience are left out of every export. Every export is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import render_template
from flask_babel import gettext as _

from engage.audit.services import record
from engage.errors import DomainError
from engage.messaging import checks
from engage.messaging.models import LANGUAGES, Block, BlockKind, Draft, DraftStatus

FORMATS = {"md": "text/markdown", "html": "text/html", "txt": "text/plain"}
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>#+-!|"})


@dataclass
class Export:
    body: str
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
        DomainError: unknown format or language, a public copy of an unapproved draft, or a
            missing/outdated translation.
    """
    if fmt not in FORMATS or language not in LANGUAGES:
        raise DomainError(_("Choose Markdown, HTML or plain text, and English, Spanish or Hmong."))
    if not appendix and draft.status not in (DraftStatus.APPROVED, DraftStatus.PUBLISHED):
        raise DomainError(_("Only an approved draft has a public copy; export the review copy."))
    held = _consent_withdrawn(draft)
    blocks = [(b, _text(b, language)) for b in draft.blocks if b.id not in held]
    if fmt == "html":
        body = _html(draft, blocks, appendix, language)
    else:
        body = (_markdown if fmt == "md" else _plain)(blocks, appendix)
    record(actor, "message.exported", "draft", draft.id, format=fmt, language=language,
           appendix=appendix, version=draft.version, status=str(draft.status))  # fmt: skip
    suffix = "review" if appendix else "public"
    return Export(
        body, FORMATS[fmt], f"message-{draft.id}-v{draft.version}-{language}-{suffix}.{fmt}"
    )


def sources(block: Block) -> list[str]:
    """Each piece of evidence of a block in one line."""
    out = []
    for link in block.evidence:
        where = _("report #%(r)s", r=link.run_id)
        if link.kind == "statistic":
            out.append(f"{link.label} (n={link.n}; {where})")
        elif link.kind == "quote":
            out.append(
                _("Quote from “%(t)s”, %(u)s (%(w)s)", t=link.label, u=link.unit_id, w=where)
            )
        else:
            out.append(_("Theme “%(t)s”, %(n)s people (%(w)s)", t=link.label, n=link.n, w=where))
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
    evidence = [(text, sources(b)) for b, text in _evidence_blocks(blocks)] if appendix else []
    return render_template("messaging/export.html", draft=draft, blocks=blocks,
                           evidence=evidence, language=language)  # fmt: skip
