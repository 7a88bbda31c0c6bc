"""Evidence checks: what each finding block rests on, and where it says more than that.

Severity decides approval: ``hard`` findings (no evidence, evidence gone, a quote this audience
may not read) can never be approved; ``blocking`` ones (small sample, sweeping wording, a number
the linked statistics do not give, stale, unpublished or other-report evidence) need an
analyst's written reason to override; ``advice`` never blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from analysis.reports.models import AnalysisRun, Theme
from engage.directory.models import OrgUnit, OrgUnitKind
from engage.errors import DomainError
from engage.extensions import db
from engage.messaging import evidence, numbers, staleness
from engage.messaging.models import (
    EVIDENCE_KINDS,
    Block,
    BlockKind,
    Draft,
    EvidenceKind,
    EvidenceLink,
)

#: Blocks whose own words state numbers (a quote's numbers are the speaker's).
NUMBER_KINDS = frozenset({BlockKind.CLAIM, BlockKind.STATISTIC})
#: Findings about the whole draft (not one block) carry this block id.
DRAFT_WIDE = 0


class Severity(StrEnum):
    HARD = "hard"
    BLOCKING = "blocking"
    ADVICE = "advice"


@dataclass(frozen=True)
class Finding:
    block_id: int
    code: str
    severity: Severity
    message: str

    @property
    def key(self) -> str:
        """Stable name of this finding, used to record an override's reason."""
        return f"{self.block_id}:{self.code}"


#: "all departments", "every municipality", "everyone"...: the word decides the group column.
UNIVERSAL = re.compile(
    r"\b(?:all|every|each)\s+(?:of\s+)?(?:the\s+|our\s+)?(?:county\s+|\w+\s+)?"
    r"(?P<noun>departments?|municipalit(?:y|ies)|cities|city|villages?|residents?|employees?"
    r"|communities|community|people|groups?)\b"
    r"|\b(?P<pronoun>everyone|everybody|unanimous(?:ly)?|no\s+one\s+disagreed)\b",
    re.IGNORECASE,
)
_COLUMN_OF = {"department": OrgUnitKind.DEPARTMENT, "municipalit": OrgUnitKind.MUNICIPALITY,
              "cit": OrgUnitKind.MUNICIPALITY, "village": OrgUnitKind.MUNICIPALITY}  # fmt: skip


def check_draft(draft: Draft) -> dict[int, list[Finding]]:
    """Findings per block id (blocks without findings are left out)."""
    newer: dict[int, AnalysisRun | None] = {}
    found = {block.id: check_block(block, draft, newer) for block in draft.blocks}
    found[DRAFT_WIDE] = _check_length(draft)
    return {block_id: items for block_id, items in found.items() if items}


def _check_length(draft: Draft) -> list[Finding]:
    limit = draft.channel.max_chars
    length = len("\n\n".join(b.text for b in draft.blocks if b.kind != BlockKind.HEADING))
    if not limit or length <= limit:
        return []
    return [Finding(DRAFT_WIDE, "too_long", Severity.BLOCKING, _(
        "%(c)s allows %(m)s characters; this draft has %(n)s.",
        c=draft.channel.name, m=limit, n=length))]  # fmt: skip


def all_findings(draft: Draft) -> list[Finding]:
    return [f for items in check_draft(draft).values() for f in items]


def check_block(
    block: Block, draft: Draft, newer: dict[int, AnalysisRun | None] | None = None
) -> list[Finding]:
    """Every finding for one block; ``newer`` caches newer-run look-ups across blocks."""
    newer = {} if newer is None else newer
    out: list[Finding] = []
    if block.kind in EVIDENCE_KINDS and not block.evidence:
        message = _("This finding has no evidence. Link a theme, a statistic or a quote.")
        out.append(_f(block, "no_evidence", Severity.HARD, message))
    for link in block.evidence:
        out += _check_link(block, draft, link, newer)
    out += _check_wording(block)
    out += _check_numbers(block)
    return out


def _check_numbers(block: Block) -> list[Finding]:
    """A percentage or count in a finding's text that its linked evidence does not give."""
    if block.kind not in NUMBER_KINDS or not block.evidence:
        return []
    return [_f(block, f"number:{token}", Severity.BLOCKING, message)
            for token, message in numbers.mismatches(block.text, block.evidence)]  # fmt: skip


def _f(block: Block, code: str, severity: Severity, message: str) -> Finding:
    return Finding(block.id, code, severity, message)


def _check_link(
    block: Block, draft: Draft, link: EvidenceLink, newer: dict[int, AnalysisRun | None]
) -> list[Finding]:
    out = _check_source(block, draft, link)
    if link.theme is None:
        return out + [_f(block, f"gone:{link.id}", Severity.HARD, _(
            "The theme behind “%(l)s” no longer exists (report #%(r)s was deleted or re-run). "
            "Link current evidence.", l=link.label or link.text[:60], r=link.run_id))]  # fmt: skip
    if not link.theme.run.published:
        out.append(_f(block, f"unpublished:{link.id}", Severity.BLOCKING, _(
            "Report #%(r)s is no longer published.", r=link.theme.run_id)))  # fmt: skip
    if link.kind == EvidenceKind.STATISTIC:
        out += _check_statistic(block, link, newer)
    elif link.kind == EvidenceKind.QUOTE:
        out += _check_quote(block, draft, link)
    return out


def _check_source(block: Block, draft: Draft, link: EvidenceLink) -> list[Finding]:
    """Evidence left from another report after the draft's source report was changed."""
    if link.run_id == draft.run_id:
        return []
    label = link.label or link.text[:60]
    if draft.run_id is None:
        message = _("“%(l)s” comes from report #%(r)s, but the draft is no longer based on a "
                    "report. Choose its report again or replace the evidence.",
                    l=label, r=link.run_id)  # fmt: skip
    else:
        message = _("“%(l)s” comes from report #%(r)s, but the draft is based on report #%(d)s. "
                    "Replace it with evidence from report #%(d)s.",
                    l=label, r=link.run_id, d=draft.run_id)  # fmt: skip
    return [_f(block, f"other_report:{link.id}", Severity.BLOCKING, message)]


def _check_statistic(
    block: Block, link: EvidenceLink, newer: dict[int, AnalysisRun | None]
) -> list[Finding]:
    out, k = [], current_app.config["ENGAGE_SUPPRESSION_K"]
    if link.n is not None and link.n < k:
        out.append(_f(block, f"small_n:{link.id}", Severity.BLOCKING, _(
            "“%(l)s” rests on %(n)s people, fewer than the privacy threshold of %(k)s: it may "
            "identify people and says little.", l=link.label, n=link.n, k=k)))  # fmt: skip
    now = _remeasure(link, link.theme)
    if now is not None and not now.same_as(link.value, link.n):
        out.append(_f(block, f"changed:{link.id}", Severity.BLOCKING, _(
            "The report now says “%(new)s” (n=%(n)s); this draft says “%(old)s”. Update it.",
            new=now.label, n=now.n, old=link.label)))  # fmt: skip
    out += _check_newer(block, link, newer)
    return out


def _remeasure(link: EvidenceLink, theme: Theme) -> evidence.Measure | None:
    try:
        return evidence.measure(theme, link.metric, link.group_column)
    except DomainError:  # the group column is gone from that run: reported as a change
        return None


def _check_newer(
    block: Block, link: EvidenceLink, newer: dict[int, AnalysisRun | None]
) -> list[Finding]:
    run = link.theme.run
    if run.id not in newer:
        newer[run.id] = staleness.newer_run(run)
    later = newer[run.id]
    if later is None:
        return []
    follow = staleness.successor(link.theme, later)
    now = _remeasure(link, follow) if follow is not None else None
    if now is None:
        return [_f(block, f"stale:{link.id}", Severity.BLOCKING, _(
            "A newer run of this report (#%(r)s) no longer has this theme; check “%(l)s”.",
            r=later.id, l=link.label))]  # fmt: skip
    if now.same_as(link.value, link.n):
        return []
    return [_f(block, f"stale:{link.id}", Severity.BLOCKING, _(
        "Stale: the newer run #%(r)s gives “%(new)s” (n=%(n)s); this draft says “%(old)s”.",
        r=later.id, new=now.label, n=now.n, old=link.label))]  # fmt: skip


def _check_quote(block: Block, draft: Draft, link: EvidenceLink) -> list[Finding]:
    consent = evidence.unit_consent(link.theme.run_id, link.unit_id)
    if evidence.allows(draft.audience, consent):
        return []
    return [_f(block, f"consent:{link.id}", Severity.HARD, _(
        "The person quoted has not agreed to be quoted to %(a)s (consent: %(c)s). Remove the "
        "quote.", a=draft.audience.name, c=consent.value))]  # fmt: skip


def _themes(block: Block) -> list[Theme]:
    found = {link.theme_id: link.theme for link in block.evidence if link.theme is not None}
    return list(found.values())


def _check_wording(block: Block) -> list[Finding]:
    match = UNIVERSAL.search(block.text)
    if match is None or block.kind not in EVIDENCE_KINDS:
        return []
    words, themes = match.group(0), _themes(block)
    if not themes:
        return [_f(block, "overreach", Severity.BLOCKING, _(
            "“%(w)s”: no linked theme shows who was heard.", w=words))]  # fmt: skip
    noun = (match.group("noun") or "").lower()
    kind = next((k for stem, k in _COLUMN_OF.items() if noun.startswith(stem)), None)
    gaps = [gap for t in themes if (gap := _coverage_gap(t, kind))]
    if not gaps:
        return []
    message = _("“%(w)s” says more than the evidence: %(g)s", w=words, g="; ".join(gaps))
    return [_f(block, "overreach", Severity.BLOCKING, message)]


def _coverage_gap(theme: Theme, kind: OrgUnitKind | None) -> str | None:
    """Why ``theme`` does not support a universal claim, or None when it does."""
    if kind is None:
        if theme.respondents < theme.run.respondents:
            return _("“%(t)s” was raised by %(n)s of the %(a)s people heard",
                     t=theme.title, n=theme.respondents, a=theme.run.respondents)  # fmt: skip
        return None
    column = kind.value
    try:
        heard, total = evidence.groups_heard(theme, column)
    except DomainError:
        return _("the report has no breakdown by %(c)s", c=column)
    county = db.session.scalar(
        select(func.count(OrgUnit.id)).where(OrgUnit.kind == kind, OrgUnit.active)
    )
    total = max(total, county or 0)
    if heard < total:
        return _("“%(t)s” was heard in %(h)s of %(a)s %(c)s groups",
                 t=theme.title, h=heard, a=total, c=column)  # fmt: skip
    return None


def support(block: Block) -> list[dict[str, object]]:
    """What a block rests on, per linked theme: people, share of all heard, stance, groups."""
    out = []
    for theme in _themes(block):
        run = theme.run
        out.append({
            "theme": theme.title, "run_id": run.id, "n": theme.respondents,
            "share": evidence.pct(evidence.ratio(theme.respondents, run.respondents)),
            "support": evidence.pct(evidence.ratio(theme.stance.get("support", 0),
                                                    theme.respondents)),
            "groups": {c: sum(1 for cell in cells.values()
                              if not cell.get("suppressed") and cell.get("rows", 0) > 0)
                       for c, cells in theme.groups.items()},
        })  # fmt: skip
    return out
