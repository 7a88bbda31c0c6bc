"""Coverage: which departments and municipalities the tour has heard from, gaps first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from engage.directory.models import OrgUnit, OrgUnitKind
from engage.extensions import db
from engage.tours.models import Session, SessionStatus

HEARD = (SessionStatus.HELD, SessionStatus.WRITTEN_UP)


@dataclass
class UnitCoverage:
    unit: OrgUnit
    sessions: int = 0  #: held or written up
    people: int = 0  #: named stakeholders plus unnamed participants, over those sessions
    planned: int = 0
    last_contact: date | None = None

    @property
    def heard(self) -> bool:
        return self.sessions > 0


def coverage(kinds: tuple[OrgUnitKind, ...] = (OrgUnitKind.DEPARTMENT, OrgUnitKind.MUNICIPALITY)):
    """One row per active org unit of ``kinds``: not yet heard first, then least recent."""
    units = db.session.scalars(
        select(OrgUnit).where(OrgUnit.kind.in_(kinds), OrgUnit.active.is_(True))
    ).all()
    rows = {unit.id: UnitCoverage(unit) for unit in units}
    for session in db.session.scalars(select(Session)):
        for unit in session.org_units:
            row = rows.get(unit.id)
            if row is None:
                continue
            if session.status in HEARD:
                row.sessions += 1
                row.people += session.people_count
                if row.last_contact is None or session.held_on > row.last_contact:
                    row.last_contact = session.held_on
            else:
                row.planned += 1
    return sorted(
        rows.values(),
        key=lambda r: (r.heard, r.last_contact or date.min, r.unit.kind, r.unit.name),
    )
