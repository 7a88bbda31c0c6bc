"""Directory use cases: org units, stakeholders, search and import."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, or_, select

from engage.audit.services import record
from engage.database import same_name
from engage.directory import importing
from engage.directory.importing import ImportReport, RowError
from engage.directory.models import OrgUnit, OrgUnitKind, QuoteConsent, Stakeholder, StakeholderRole
from engage.errors import DomainError
from engage.extensions import db


def org_unit_query(search: str = "", kind: str = "") -> Select[tuple[OrgUnit]]:
    query = select(OrgUnit).order_by(OrgUnit.kind, OrgUnit.name)
    if search:
        query = query.where(OrgUnit.name.icontains(search, autoescape=True))
    if kind in OrgUnitKind.__members__.values():
        query = query.where(OrgUnit.kind == OrgUnitKind(kind))
    return query


def save_org_unit(
    unit: OrgUnit | None,
    *,
    kind: OrgUnitKind,
    name: str,
    parent_id: int | None,
    subkind: str | None,
    description: str,
    actor: Any,
) -> OrgUnit:
    """Create or update an org unit; names are unique within a kind."""
    name = name.strip()
    clash = select(OrgUnit.id).where(OrgUnit.kind == kind, same_name(OrgUnit.name, name))
    if unit is not None:
        clash = clash.where(OrgUnit.id != unit.id)
    if db.session.scalar(clash):
        raise DomainError(f"There is already a {kind.replace('_', ' ')} called {name}.")
    if unit is not None and parent_id == unit.id:
        raise DomainError("An org unit cannot be its own parent.")
    unit = unit or OrgUnit()
    unit.kind, unit.name, unit.parent_id = kind, name, parent_id
    unit.subkind, unit.description = subkind or None, description
    db.session.add(unit)
    db.session.flush()
    record(actor, "org_unit.saved", "org_unit", unit.id, name=name)
    return unit


def stakeholder_query(
    search: str = "", org_unit_id: int | None = None, role: str = ""
) -> Select[tuple[Stakeholder]]:
    query = select(Stakeholder).order_by(Stakeholder.name)
    if search:
        query = query.where(
            or_(
                Stakeholder.name.icontains(search, autoescape=True),
                Stakeholder.email.icontains(search, autoescape=True),
                Stakeholder.title.icontains(search, autoescape=True),
            )
        )
    if org_unit_id:
        query = query.where(Stakeholder.org_units.any(OrgUnit.id == org_unit_id))
    if role in StakeholderRole.__members__.values():
        query = query.where(Stakeholder.role == StakeholderRole(role))
    return query


def save_stakeholder(person: Stakeholder | None, values: dict[str, Any], actor: Any) -> Stakeholder:
    """Create or update a stakeholder from validated values (org_units as ids)."""
    email = (values.get("email") or "").strip().lower() or None
    if email:
        clash = select(Stakeholder.id).where(Stakeholder.email == email)
        if person is not None:
            clash = clash.where(Stakeholder.id != person.id)
        if db.session.scalar(clash):
            raise DomainError(f"Another stakeholder already has the email {email}.")
    person = _assign(person or Stakeholder(), values, email)
    record(actor, "stakeholder.saved", "stakeholder", person.id)
    return person


def _assign(person: Stakeholder, values: dict[str, Any], email: str | None) -> Stakeholder:
    person.name, person.email = values["name"].strip(), email
    person.phone = values.get("phone") or None
    person.title, person.notes = values.get("title") or "", values.get("notes") or ""
    person.role = StakeholderRole(values["role"])
    person.consent_quote = QuoteConsent(values.get("consent_quote") or "none")
    person.consent_contact = bool(values.get("consent_contact"))
    person.preferred_language = values.get("preferred_language") or "en"
    ids = values.get("org_units") or []
    person.org_units = list(db.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(ids))))
    db.session.add(person)
    db.session.flush()
    return person


def check_import(filename: str, data: bytes, encoding: str = "auto") -> ImportReport:
    """Parse and validate a stakeholder file without writing anything."""
    table = importing.read_table(filename, data, encoding)
    columns = importing.header_index(table[0])
    units = {u.name.lower(): u.id for u in db.session.scalars(select(OrgUnit))}
    existing = set(
        db.session.scalars(select(Stakeholder.email).where(Stakeholder.email.is_not(None)))
    )
    report, seen = ImportReport(), {}
    for line, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        named = {name: (cells[i] if i < len(cells) else "") for name, i in columns.items()}
        row = importing.parse_row(named, line, report.errors)
        _check_links(row, units, existing, seen, report.errors)
        report.rows.append(row)
    if not report.rows:
        raise DomainError("The file has a header but no data rows.")
    return report


def _check_links(
    row: importing.ParsedRow,
    units: dict[str, int],
    existing: set[str],
    seen: dict[str, int],
    errors: list[RowError],
) -> None:
    email = row.values["email"]
    if email and email in existing:
        errors.append(RowError(row.line, "email", f"{email} is already in the directory."))
    elif email and email in seen:
        errors.append(RowError(row.line, "email", f"{email} is also on line {seen[email]}."))
    elif email:
        seen[email] = row.line
    ids = []
    for name in row.values["org_units"]:
        if name.lower() not in units:
            errors.append(RowError(row.line, "org_units", f"No org unit is called '{name}'."))
        else:
            ids.append(units[name.lower()])
    row.values["org_units"] = ids


def apply_import(report: ImportReport, valid_only: bool, actor: Any) -> int:
    """Write the rows; with errors, nothing is written unless ``valid_only`` is chosen."""
    if report.errors and not valid_only:
        raise DomainError(f"The file has {len(report.errors)} problem(s); nothing was imported.")
    rows = report.valid_rows
    for row in rows:
        _assign(Stakeholder(), row.values, row.values["email"])
    record(
        actor,
        "stakeholder.imported",
        "stakeholder",
        None,
        rows=len(rows),
        skipped=len(report.rows) - len(rows),
    )
    return len(rows)
