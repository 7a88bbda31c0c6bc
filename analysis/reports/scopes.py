"""Between the run form and a run's scope: choices to offer, and the scope they make."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from wtforms import SelectChoice

from analysis.reports import sources
from analysis.reports.forms import RunForm
from engage.directory.models import OrgUnit
from engage.errors import DomainError
from engage.extensions import db


def fill_choices(form: RunForm) -> None:
    """Every registered source's options (grouped by source) and the org units."""
    form.evidence.choices = [
        SelectChoice(f"{source.name}:{value}", label, optgroup=source.label)
        for source in sources.all_sources()
        for value, label in source.options()
    ]
    units = db.session.scalars(select(OrgUnit).order_by(OrgUnit.kind, OrgUnit.name))
    form.org_units.choices = [SelectChoice(u.id, u.name, optgroup=str(u.kind)) for u in units]


def from_form(form: RunForm) -> dict[str, Any]:
    """The scope the analyst picked: ``{"sources": {name: {"ids": [...]}}, filters...}``."""
    picked: dict[str, dict[str, list[str]]] = {}
    for item in form.evidence.data or []:
        name, _, value = item.partition(":")
        picked.setdefault(name, {"ids": []})["ids"].append(value)
    return {
        "sources": picked,
        "date_from": form.date_from.data.isoformat() if form.date_from.data else None,
        "date_to": form.date_to.data.isoformat() if form.date_to.data else None,
        "org_units": list(form.org_units.data or []),
        "languages": list(form.languages.data or []),
    }


def describe(scope: dict[str, Any]) -> list[str]:
    """The scope in words, for the report header."""
    lines = []
    for name, options in sorted((scope.get("sources") or {}).items()):
        try:
            source = sources.get(name)
        except DomainError:  # a source removed since the run: still describe it
            lines.append(f"{name}: {', '.join(map(str, options.get('ids', [])))}")
            continue
        labels = dict(source.options())
        picked = [labels.get(str(i), str(i)) for i in options.get("ids", [])]
        lines.append(f"{source.label}: {'; '.join(picked)}")
    if scope.get("date_from") or scope.get("date_to"):
        lines.append(f"Dates: {scope.get('date_from') or '…'} to {scope.get('date_to') or '…'}")
    if scope.get("languages"):
        lines.append(f"Languages: {', '.join(scope['languages'])}")
    if scope.get("org_units"):
        names = db.session.scalars(select(OrgUnit.name).where(OrgUnit.id.in_(scope["org_units"])))
        lines.append(f"Org units: {', '.join(names)}")
    return lines
