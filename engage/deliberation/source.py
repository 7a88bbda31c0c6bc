"""Deliberation statements as evidence units for the theming engine.

Unit ids are ``polis:<conversation>:<tid>``; each unit carries the author's Polis opinion
group as the ``polis_group`` attribute. Statements rejected by the moderators are left out.
Open data was published for reuse, so statements are quotable (with the attribution).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from analysis.nlp import EvidenceUnit
from analysis.reports.sources import Source, register
from engage.extensions import db

from .models import Deliberation, Participant, Statement

NAME = "polis"


def unit_id(deliberation: Deliberation, statement: Statement) -> str:
    return f"{NAME}:{deliberation.conversation}:{statement.tid}"


def provide(scope: dict[str, Any]) -> list[EvidenceUnit]:
    ids = [int(i) for i in (scope.get("sources", {}).get(NAME) or {}).get("ids", [])]
    units = []
    for deliberation in db.session.scalars(select(Deliberation).where(Deliberation.id.in_(ids))):
        groups = dict(
            db.session.execute(
                select(Participant.pid, Participant.group).where(
                    Participant.deliberation_id == deliberation.id
                )
            ).all()
        )
        for statement in deliberation.statements:
            if statement.moderated < 0 or not statement.text.strip():
                continue
            group = groups.get(statement.author_pid)
            attributes = {"polis_group": group} if group is not None else {}
            units.append(
                EvidenceUnit(
                    unit_id(deliberation, statement),
                    statement.text,
                    f"{NAME}:{deliberation.conversation}",
                    attributes,
                )
            )
    return units


def options() -> list[tuple[str, str]]:
    found = db.session.scalars(select(Deliberation).order_by(Deliberation.id.desc()))
    return [(str(d.id), f"Pol.is: {d.title}") for d in found]


def quotable(ids: Iterable[str]) -> set[str]:
    return {i for i in ids if i.startswith(f"{NAME}:")}


def respondent(unit: str) -> str:
    return unit  # one statement per unit; authors are counted by statement


register(Source(NAME, "Pol.is deliberation", provide, options, quotable, respondent))
