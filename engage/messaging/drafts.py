"""Drafting: create a draft from a report, edit its blocks, insert statistics and quotes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from analysis.reports.models import AnalysisRun, Theme
from engage.audit.services import record
from engage.errors import DomainError
from engage.extensions import db
from engage.messaging import evidence, versions
from engage.messaging.models import (
    TRANSLATIONS,
    Audience,
    Block,
    BlockKind,
    Channel,
    Draft,
    EvidenceKind,
    EvidenceLink,
)
from engage.timeutil import utcnow

MAX_TEXT = 5000


def create_draft(
    title: str,
    audience: Audience,
    channel: Channel,
    run: AnalysisRun | None,
    theme_ids: Iterable[int],
    actor: Any,
) -> Draft:
    """A new draft; with a report, one claim per chosen theme, linked to it.

    Raises:
        DomainError: the report is not published, a theme is not in it, or the audience or
            channel is deactivated.
    """
    if not title.strip():
        raise DomainError(_("Give the draft a title."))
    _offered(audience, channel)
    draft = Draft(title=title.strip(), audience=audience, channel=channel,
                  created_by_id=getattr(actor, "id", None))  # fmt: skip
    db.session.add(draft)
    db.session.flush()
    add_block(draft, BlockKind.HEADING, draft.title, actor)
    if run is not None:
        draft.run_id = evidence.usable_run(run).id
        for theme in _themes(run, theme_ids):
            claim = add_block(draft, BlockKind.CLAIM, theme.text or theme.title, actor)
            link_theme(claim, theme, actor)
    return draft


def _themes(run: AnalysisRun, theme_ids: Iterable[int]) -> list[Theme]:
    wanted = set(theme_ids)
    found = [t for t in evidence.themes_of(run) if t.id in wanted]
    if len(found) != len(wanted):
        raise DomainError(_("Some chosen themes are not in this report."))
    return found


def update_settings(
    draft: Draft, title: str, audience: Audience, channel: Channel, run: AnalysisRun | None,
    actor: Any,
) -> None:  # fmt: skip
    """Change title, audience, channel or report (reopens a frozen draft).

    Changing the report leaves the evidence as it is; the checks flag evidence from another
    report than the draft's, so nothing is replaced silently.
    """
    if not title.strip():
        raise DomainError(_("Give the draft a title."))
    _offered(audience, channel, draft)
    versions.reopen(draft, actor)
    draft.title, draft.audience, draft.channel = title.strip(), audience, channel
    run_id = evidence.usable_run(run).id if run is not None else None
    if run_id != draft.run_id:  # evidence from the old report is now flagged on the draft
        record(actor, "message.source_changed", "draft", draft.id, before=draft.run_id,
               after=run_id)  # fmt: skip
    draft.run_id = run_id
    _touched(draft)


def _offered(audience: Audience, channel: Channel, draft: Draft | None = None) -> None:
    """A deactivated audience or channel may stay on a draft that has it, not be chosen anew."""
    if not audience.active and (draft is None or draft.audience_id != audience.id):
        raise DomainError(_("The audience “%(n)s” is deactivated.", n=audience.name))
    if not channel.active and (draft is None or draft.channel_id != channel.id):
        raise DomainError(_("The channel “%(n)s” is deactivated.", n=channel.name))


def _touched(draft: Draft) -> None:
    draft.updated_at = utcnow()
    db.session.flush()


def add_block(draft: Draft, kind: BlockKind, text: str, actor: Any) -> Block:
    """Append a block at the end."""
    versions.reopen(draft, actor)
    _check_text(text)
    last = db.session.scalar(select(func.max(Block.position)).where(Block.draft_id == draft.id))
    block = Block(draft=draft, kind=kind, text=text.strip(), position=(last or 0) + 1)
    db.session.add(block)
    _touched(draft)
    return block


def _check_text(text: str) -> None:
    if len(text) > MAX_TEXT:
        raise DomainError(_("A block can hold at most %(n)s characters.", n=MAX_TEXT))


def update_block(block: Block, text: str, actor: Any) -> None:
    """Change a block's English text; its translations are then marked outdated."""
    _check_text(text)
    versions.reopen(block.draft, actor)
    block.text = text.strip()
    _touched(block.draft)


def delete_block(block: Block, actor: Any) -> None:
    draft = block.draft
    versions.reopen(draft, actor)
    draft.blocks.remove(block)
    _touched(draft)


def move_block(block: Block, offset: int, actor: Any) -> None:
    """Swap a block with its neighbour above (-1) or below (+1)."""
    blocks = block.draft.blocks
    index = blocks.index(block)
    other = index + offset
    if offset not in (-1, 1) or not 0 <= other < len(blocks):
        raise DomainError(_("That block cannot move further."))
    versions.reopen(block.draft, actor)
    block.position, blocks[other].position = blocks[other].position, block.position
    _touched(block.draft)


def save_translation(block: Block, language: str, text: str, actor: Any) -> None:
    """Store a translation together with the English text it translates."""
    if language not in TRANSLATIONS:
        raise DomainError(_("Translations are made into Spanish or Hmong."))
    _check_text(text)
    versions.reopen(block.draft, actor)
    translations = dict(block.translations)
    translations[language] = {"text": text.strip(), "source": block.text}
    block.translations = translations  # a new dict, so the JSON change is saved
    _touched(block.draft)


def _draft_theme(draft: Draft, theme: Theme) -> Theme:
    run = evidence.usable_run(draft.run)
    if theme.run_id != run.id or theme not in evidence.themes_of(run):
        raise DomainError(_("That theme is not in this draft's report."))
    return theme


def _claim(draft: Draft, claim: Block | None) -> Block | None:
    if claim is not None and (claim.draft_id != draft.id or claim.kind != BlockKind.CLAIM):
        raise DomainError(_("Evidence can be attached to a claim of this draft only."))
    return claim


def link_theme(block: Block, theme: Theme, actor: Any) -> EvidenceLink:
    """Rest ``block`` on ``theme``."""
    _draft_theme(block.draft, theme)
    if any(
        link.kind == EvidenceKind.THEME and link.theme_id == theme.id for link in block.evidence
    ):
        raise DomainError(_("This theme is already linked."))
    versions.reopen(block.draft, actor)
    link = EvidenceLink(block=block, kind=EvidenceKind.THEME, theme_id=theme.id,
                        run_id=theme.run_id, label=theme.title, n=theme.respondents)  # fmt: skip
    db.session.add(link)
    _touched(block.draft)
    return link


def insert_statistic(
    draft: Draft, theme: Theme, metric: str, group_column: str, actor: Any,
    claim: Block | None = None,
) -> Block:  # fmt: skip
    """Take the statistic's current value and sample size from the report.

    With ``claim`` the statistic becomes evidence of that claim; otherwise it is a new
    statistic block whose text is the statistic in words.
    """
    _draft_theme(draft, theme)
    found = evidence.measure(theme, metric, group_column)
    block = _claim(draft, claim) or add_block(draft, BlockKind.STATISTIC, found.label, actor)
    versions.reopen(draft, actor)
    link = EvidenceLink(block=block, kind=EvidenceKind.STATISTIC, theme_id=theme.id,
                        run_id=theme.run_id, metric=found.metric, group_column=found.group_column,
                        label=found.label, value=found.value, n=found.n)  # fmt: skip
    db.session.add(link)
    _touched(draft)
    return block


def insert_quote(
    draft: Draft, theme: Theme, unit_id: str, actor: Any, claim: Block | None = None
) -> Block:
    """Quote one of the theme's cleared, redacted quotes (refused when not cleared)."""
    _draft_theme(draft, theme)
    cleared = {q["unit_id"]: q for q in evidence.cleared_quotes(theme, draft.audience)}
    if unit_id not in cleared:
        raise DomainError(_("That quote is not cleared for %(a)s.", a=draft.audience.name))
    text = cleared[unit_id]["text"]
    block = _claim(draft, claim) or add_block(draft, BlockKind.QUOTE, text, actor)
    versions.reopen(draft, actor)
    link = EvidenceLink(
        block=block, kind=EvidenceKind.QUOTE, theme_id=theme.id, run_id=theme.run_id,
        unit_id=unit_id, text=text, label=theme.title,
    )  # fmt: skip
    db.session.add(link)
    _touched(draft)
    return block


def remove_link(link: EvidenceLink, actor: Any) -> None:
    block = link.block
    versions.reopen(block.draft, actor)
    block.evidence.remove(link)
    _touched(block.draft)
