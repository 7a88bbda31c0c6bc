"""Rubric use cases: the shipped default, revisions as new versions."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select

from engage.audit.services import record
from engage.census.default_rubric import default_dimensions
from engage.census.models import LEVELS, Rubric, RubricDimension
from engage.errors import DomainError
from engage.extensions import db

DEFAULT_FAMILY = "equity-maturity"


def current_rubric(family: str = DEFAULT_FAMILY) -> Rubric | None:
    return db.session.scalar(select(Rubric).where(Rubric.family == family, Rubric.current))


def versions(family: str = DEFAULT_FAMILY) -> list[Rubric]:
    return list(
        db.session.scalars(
            select(Rubric).where(Rubric.family == family).order_by(Rubric.version.desc())
        )
    )


def ensure_default_rubric(plan: dict[str, Any]) -> Rubric:
    """The current default rubric, created from the strategic plan when there is none.

    Args:
        plan: the ``strategic_plan`` object of the county reference data.
    """
    rubric = current_rubric()
    if rubric is not None:
        return rubric
    rubric = Rubric(
        family=DEFAULT_FAMILY,
        version=1,
        title="Equity maturity rubric",
        change_note="Shipped default, following the county racial equity strategic plan.",
    )
    _set_dimensions(rubric, default_dimensions(plan))
    db.session.add(rubric)
    db.session.flush()
    return rubric


def revise_rubric(
    rubric: Rubric, title: str, dimensions: list[dict[str, Any]], note: str, actor: Any
) -> Rubric:
    """Save an edit as a new version; the old version stays for the waves that used it.

    Args:
        rubric: the current version being edited.
        title: the rubric's title.
        dimensions: dicts with name, focus_area, objective, descriptors {"1".."4": text} and
            key (empty for a new dimension: one is made from the name).
        note: what changed, for the version history.
        actor: the admin making the change.

    Raises:
        DomainError: when the rubric is not current, has no dimensions, or a dimension lacks a
            name or a descriptor for every level.
    """
    if not rubric.current:
        raise DomainError("Only the current version can be edited; open the newest version.")
    if not note.strip():
        raise DomainError("Say what changed in this version.")
    new = Rubric(
        family=rubric.family,
        version=_next_version(rubric.family),
        title=title.strip() or rubric.title,
        change_note=note.strip(),
        created_by_id=getattr(actor, "id", None),
    )
    _set_dimensions(new, _checked(dimensions))
    rubric.current = False
    db.session.add(new)
    db.session.flush()
    record(actor, "census.rubric_revised", "rubric", new.id, version=new.version, note=note)
    return new


def _next_version(family: str) -> int:
    latest = db.session.scalar(select(func.max(Rubric.version)).where(Rubric.family == family))
    return (latest or 0) + 1


def _checked(dimensions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not dimensions:
        raise DomainError("A rubric needs at least one dimension.")
    keys: set[str] = set()
    for dim in dimensions:
        name = (dim.get("name") or "").strip()
        if not name:
            raise DomainError("Every dimension needs a name.")
        missing = [str(lv) for lv in LEVELS if not (dim["descriptors"].get(str(lv)) or "").strip()]
        if missing:
            raise DomainError(f"{name}: describe level {', '.join(missing)}.")
        dim["key"] = dim.get("key") or slug(name)
        if dim["key"] in keys:
            raise DomainError(f"Two dimensions are both called {name}; give each its own name.")
        keys.add(dim["key"])
    return dimensions


def _set_dimensions(rubric: Rubric, dimensions: list[dict[str, Any]]) -> None:
    rubric.dimensions = [
        RubricDimension(
            position=position,
            key=dim["key"],
            name=dim["name"].strip(),
            focus_area=(dim.get("focus_area") or "").strip(),
            objective=(dim.get("objective") or "").strip(),
            descriptors={str(lv): dim["descriptors"][str(lv)].strip() for lv in LEVELS},
        )
        for position, dim in enumerate(dimensions)
    ]


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "dimension"
