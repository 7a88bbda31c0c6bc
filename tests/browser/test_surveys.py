"""A respondent answers demo-buy-in in Spanish on a phone, with axe on every page state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from engage.demo.seed import seed_demo
from engage.extensions import db
from surveys.models import Response

pytestmark = pytest.mark.browser


def _responses(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Response.id)))


def _next(page: Any) -> None:
    page.locator('button[name="action"][value="next"]').click()


def test_spanish_respondent_on_a_phone(
    app: Flask, page: Any, assert_accessible: Callable[[Any], None]
) -> None:
    with app.app_context():
        seed_demo("demo-password")
    before = _responses(app)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/s/demo-buy-in?lang=es")
    assert page.locator("html").get_attribute("lang") == "es"
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Encuesta de apoyo a la equidad racial"
    )
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert_accessible(page)

    # Skip rule without a reload: the department question appears only for county employees.
    department = page.locator("#question-department")
    assert department.is_hidden()
    page.get_by_label("Empleado del condado").check()
    assert department.is_visible() and page.locator("#question-municipality").is_hidden()
    department.get_by_role("radio").nth(2).check()
    _next(page)

    # Leave the required Likert question empty: errors at the top and at the field.
    page.get_by_label("Vivienda").check()
    page.get_by_label("¿Qué puede hacer el Condado", exact=False).fill("Más parques y bibliotecas.")
    _next(page)
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#q-matters-error").is_visible()
    assert page.get_by_label("Vivienda").is_checked()
    assert (
        page.get_by_label("¿Qué puede hacer el Condado", exact=False).input_value()
        == "Más parques y bibliotecas."
    )
    assert_accessible(page)

    page.locator("#question-matters").get_by_label("De acuerdo", exact=True).check()
    _next(page)
    assert_accessible(page)  # the optional demographics page
    _next(page)
    page.wait_for_url("**/s/demo-buy-in/thanks**")
    assert "lang=es" in page.url
    assert_accessible(page)
    page.reload()  # reloading the thank-you page (a GET after the redirect) adds nothing
    assert _responses(app) == before + 1
    # The 400 validation page is logged as a failed load; no script errors.
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []


def test_closed_and_invalid_link_pages_are_accessible(
    app: Flask, page: Any, assert_accessible: Callable[[Any], None]
) -> None:
    with app.app_context():
        seed_demo("demo-password")
    response = page.goto("/s/demo-feedback?lang=hmn")
    assert response.status == 403
    assert_accessible(page)
