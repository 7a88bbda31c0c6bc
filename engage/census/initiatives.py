"""Initiative use cases and the public "you said, we did" listing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from analysis.reports.models import AnalysisRun, ReportState, RunStatus, Theme
from engage.audit.services import record
from engage.census.models import Benchmark, Initiative, InitiativeStatus
from engage.directory.models import OrgUnit
from engage.errors import DomainError
from engage.extensions import db


def all_initiatives() -> list[Initiative]:
    return list(db.session.scalars(select(Initiative).order_by(Initiative.title)))


def linkable_themes() -> list[Theme]:
    """Themes of finished runs that are still live (not merged away): what can be answered."""
    return list(
        db.session.scalars(
            select(Theme)
            .join(Theme.run)
            .where(AnalysisRun.status == RunStatus.FINISHED, Theme.merged_into_id.is_(None))
            .order_by(AnalysisRun.id.desc(), Theme.position)
        )
    )


def save_initiative(
    initiative: Initiative | None, values: dict[str, Any], actor: Any
) -> Initiative:
    """Create or update an initiative and its links to org units, themes and benchmarks.

    Raises:
        DomainError: no title or owner, or an end date before the start date.
    """
    if not (values.get("title") or "").strip() or not (values.get("owner") or "").strip():
        raise DomainError("An initiative needs a title and an owner.")
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        raise DomainError("The end date is before the start date.")
    initiative = initiative or Initiative()
    initiative.title, initiative.owner = values["title"].strip(), values["owner"].strip()
    initiative.description = (values.get("description") or "").strip()
    initiative.status = InitiativeStatus(values.get("status") or "planned")
    initiative.starts_on, initiative.ends_on = starts, ends
    initiative.budget_note = (values.get("budget_note") or "").strip()
    initiative.public = bool(values.get("public"))
    initiative.org_units = _rows(OrgUnit, values.get("org_units"))
    initiative.themes = _rows(Theme, values.get("themes"))
    initiative.benchmarks = _rows(Benchmark, values.get("benchmarks"))
    db.session.add(initiative)
    db.session.flush()
    record(actor, "census.initiative_saved", "initiative", initiative.id, public=initiative.public)
    return initiative


def _rows(model: Any, ids: list[int] | None) -> list[Any]:
    return list(db.session.scalars(select(model).where(model.id.in_(ids or []))))


@dataclass
class Answered:
    """A published concern and the public initiatives answering it."""

    label: str
    summary: str
    report_title: str
    initiatives: list[Initiative]


def you_said_we_did() -> list[Answered]:
    """Published themes that public initiatives answer.

    Only themes of published reports (not set aside, not merged) appear, with only the
    analyst-written summary (machine summaries are made of people's sentences), and only
    initiatives marked public.
    """
    themes = db.session.scalars(
        select(Theme)
        .join(Theme.run)
        .where(
            AnalysisRun.state == ReportState.PUBLISHED,
            Theme.merged_into_id.is_(None),
            Theme.not_relevant.is_(False),
        )
        .order_by(AnalysisRun.published_at.desc(), Theme.position)
    )
    found = []
    for theme in themes:
        answers = [i for i in _initiatives_for(theme.id) if i.public]
        if answers:
            found.append(
                Answered(theme.title, theme.curated_summary or "", theme.run.title, answers)
            )
    return found


def _initiatives_for(theme_id: int) -> list[Initiative]:
    return list(
        db.session.scalars(
            select(Initiative)
            .where(Initiative.themes.any(Theme.id == theme_id))
            .order_by(Initiative.title)
        )
    )


def for_benchmark(benchmark: Benchmark) -> list[Initiative]:
    return list(
        db.session.scalars(
            select(Initiative)
            .where(Initiative.benchmarks.any(Benchmark.id == benchmark.id))
            .order_by(Initiative.title)
        )
    )
