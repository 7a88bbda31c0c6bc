"""Response rates by org unit, from the invitations of the surveys in a run's scope.

An invitation counts for each org unit its stakeholder belongs to (``(not given)`` when it has
no stakeholder or the stakeholder no org unit); it has been answered when its token was used.
Only counts leave this module: who answered is never listed. Org units whose invited or
answered count is under K are hidden, with complementary suppression on both counts, so the
survey totals cannot give a hidden unit away.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select

from analysis.stats import MISSING, suppress_counts
from engage.directory.models import OrgUnit, Stakeholder, stakeholder_org_unit
from engage.extensions import db
from surveys.distribution import invitation_counts
from surveys.models import Invitation, Survey


def response_rates(surveys: list[int], k: int) -> list[dict[str, Any]]:
    """Per survey with invitations: totals, and per org-unit kind the units' rates.

    Returns:
        ``[{"survey", "invited", "answered", "kinds": {kind: [{"unit", "invited",
        "answered", "rate"} | {"unit", "suppressed": True}]}}]``.
    """
    out = []
    for survey in db.session.scalars(
        select(Survey).where(Survey.id.in_(surveys)).order_by(Survey.id)
    ):
        totals = invitation_counts(survey)
        if totals["invited"]:
            by_kind = {kind: _rows(counts, k) for kind, counts in _counts(survey.id).items()}
            out.append({"survey": survey.title, **totals, "kinds": by_kind})
    return out


def _counts(survey_id: int) -> dict[str, dict[str, list[int]]]:
    """Org-unit kind -> unit name -> [invited, answered]; a kind's breakdown covers every
    invitation (those without a unit of that kind in ``(not given)``)."""
    rows = db.session.execute(
        select(Invitation.id, Invitation.used, OrgUnit.name, OrgUnit.kind)
        .outerjoin(Stakeholder, Invitation.stakeholder_id == Stakeholder.id)
        .outerjoin(stakeholder_org_unit, stakeholder_org_unit.c.stakeholder_id == Stakeholder.id)
        .outerjoin(OrgUnit, OrgUnit.id == stakeholder_org_unit.c.org_unit_id)
        .where(Invitation.survey_id == survey_id)
    ).all()
    used = {invitation: bool(u) for invitation, u, _, _ in rows}
    units: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for invitation, _, name, kind in rows:
        if kind is not None:
            units[str(kind)][invitation].add(name)
    out: dict[str, dict[str, list[int]]] = {}
    for kind, members in units.items():
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for invitation, answered in used.items():
            for name in members.get(invitation) or {MISSING}:
                counts[name][0] += 1
                counts[name][1] += answered
        out[kind] = dict(counts)
    return out


def _rows(counts: dict[str, list[int]], k: int) -> list[dict[str, Any]]:
    hidden = suppress_counts({u: n[0] for u, n in counts.items()}, k) | suppress_counts(
        {u: n[1] for u, n in counts.items()}, k
    )
    return [
        {"unit": unit, "suppressed": True}
        if unit in hidden
        else {
            "unit": unit,
            "invited": invited,
            "answered": answered,
            "rate": round(answered / invited, 4),
        }  # fmt: skip
        for unit, (invited, answered) in sorted(counts.items(), key=lambda kv: (not kv[0], kv[0]))
    ]
