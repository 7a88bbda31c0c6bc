"""Census fixtures: the default rubric, departments, waves (draft, open, two answered), leads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask

from engage.census import benchmarks, rubrics, waves
from engage.census.models import OrgUnitLead, Rubric, Wave
from engage.demo.seed import milwaukee
from engage.directory.models import OrgUnit, OrgUnitKind
from engage.extensions import db


class Actor:
    """An actor for service calls outside a request: audited as a label, with no user row."""

    id = None
    email = "tester@example.org"


@pytest.fixture
def ctx(app: Flask) -> Any:
    with app.app_context():
        yield app


@pytest.fixture
def rubric(ctx: Flask) -> Rubric:
    found = rubrics.ensure_default_rubric(milwaukee()["strategic_plan"])
    db.session.commit()
    return found


@pytest.fixture
def department(ctx: Flask) -> Callable[[str], OrgUnit]:
    def make(name: str) -> OrgUnit:
        unit = OrgUnit(kind=OrgUnitKind.DEPARTMENT, name=name)
        db.session.add(unit)
        db.session.commit()
        return unit

    return make


@pytest.fixture
def make_wave(rubric: Rubric, department: Callable[[str], OrgUnit]) -> Callable[..., Wave]:
    def make(title: str = "Census 2026", names: tuple[str, ...] = ("Parks", "Zoo")) -> Wave:
        units = [
            db.session.query(OrgUnit).filter_by(name=n).one_or_none() or department(n)
            for n in names
        ]
        wave = new_wave(title, rubric, units)
        db.session.commit()
        return wave

    return make


def new_wave(title: str, rubric: Rubric, units: list[OrgUnit]) -> Wave:
    """A draft wave over ``units``, flushed."""
    return waves.save_wave(
        None,
        title=title,
        rubric=rubric,
        org_unit_ids=[u.id for u in units],
        survey_id=None,
        actor=None,
    )


def full_answers(wave: Wave, level: int = 2) -> list[waves.Answer]:
    return [
        waves.Answer(d.id, level, "https://example.org/plan", "note")
        for d in wave.rubric.dimensions
    ]


def make_lead(user_id: int, unit_id: int) -> None:
    db.session.add(OrgUnitLead(user_id=user_id, org_unit_id=unit_id))
    db.session.commit()


@pytest.fixture
def opened(app: Flask) -> dict[str, Any]:
    """An open wave over Parks and Zoo, built in its own app context (view tests must not
    hold one open: requests would share ``g``, and with it CSRF and login caches)."""
    with app.app_context():
        rubric = rubrics.ensure_default_rubric(milwaukee()["strategic_plan"])
        units = [OrgUnit(kind=OrgUnitKind.DEPARTMENT, name=n) for n in ("Parks", "Zoo")]
        db.session.add_all(units)
        db.session.flush()
        wave = new_wave("Census 2026", rubric, units)
        wave.open()
        db.session.commit()
        parks, zoo = sorted(wave.assessments, key=lambda a: a.org_unit.name)
        return {
            "wave": wave.id,
            "parks": parks.id,
            "zoo": zoo.id,
            "parks_unit": parks.org_unit_id,
            "zoo_unit": zoo.org_unit_id,
            "dims": [(d.id, d.key, d.name) for d in rubric.dimensions],
        }


def lead_of(app: Flask, user_id: int, unit_id: int) -> None:
    with app.app_context():
        make_lead(user_id, unit_id)


@pytest.fixture
def login_lead(app: Flask, client: Any, make_user: Callable[..., Any]) -> Callable[..., Any]:
    """Sign in a new user of a role who leads a department: the most a non-staff user can be."""

    def login(role: Any, unit_id: int) -> Any:
        person = make_user(role)
        lead_of(app, person.id, unit_id)
        client.login(person.email)
        return person

    return login


def _answered_wave(title: str, units: list[OrgUnit], level: int) -> Wave:
    rubric = rubrics.ensure_default_rubric(milwaukee()["strategic_plan"])
    wave = new_wave(title, rubric, units)
    wave.open()
    for assessment in wave.assessments:
        waves.submit_assessment(assessment, full_answers(wave, level), Actor())
    return wave


@pytest.fixture
def two_waves(app: Flask) -> dict[str, Any]:
    """Census 2025 (everyone at level 2) and Census 2026 (level 3, one score reviewed to 1)."""
    with app.app_context():
        units = [OrgUnit(kind=OrgUnitKind.DEPARTMENT, name=n) for n in ("Parks", "Zoo")]
        db.session.add_all(units)
        db.session.flush()
        first = _answered_wave("Census 2025", units, 2)
        first.close()
        later = _answered_wave("Census 2026", units, 3)
        zoo = next(a for a in later.assessments if a.org_unit.name == "Zoo")
        waves.review_score(zoo.scores[0], 1, "No written plan", Actor())
        values = {
            "name": "Vital documents translated",
            "org_unit_id": units[0].id,
            "metric_kind": "manual",
            "source": "Language access audit",
            "baseline_value": 20.0,
            "baseline_date": date(2025, 1, 1),
            "target_value": 80.0,
            "due_date": date(2030, 1, 1),
        }
        benchmarks.save_benchmark(None, values, Actor())
        db.session.commit()
        return {
            "first": first.id,
            "later": later.id,
            "parks": units[0].id,
            "dims": [d.name for d in later.rubric.dimensions],
        }
