"""The page shell in Chromium: every role signs in, sees its navigation, and pages pass axe."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from engage.auth.roles import Role

pytestmark = pytest.mark.browser

EXPECTED_NAV = {
    Role.ADMIN: {"Home", "Directory", "Admin"},
    Role.ANALYST: {"Home", "Directory"},
    Role.FELLOW: {"Home", "Directory"},
    Role.COMMUNICATIONS: {"Home"},
    Role.VIEWER: {"Home"},
}


def test_login_page_is_accessible(page: Any, assert_accessible: Callable[[Any], None]) -> None:
    page.goto("/login")
    assert page.title() == "Sign in · Engage"
    assert_accessible(page)


def test_login_error_state_is_accessible(
    page: Any, assert_accessible: Callable[[Any], None]
) -> None:
    page.goto("/login")
    page.get_by_label("Email address").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_sees_its_navigation(
    page: Any,
    sign_in: Callable[[Any, Role], Any],
    assert_accessible: Callable[[Any], None],
    role: Role,
) -> None:
    user = sign_in(page, role)
    assert page.get_by_role("heading", level=1).inner_text() == f"Welcome, {user.name}"
    nav = page.get_by_role("navigation", name="Main")
    labels = {link.inner_text() for link in nav.get_by_role("link").all()}
    present = {label for label in labels if label in {"Home", "Directory", "Admin"}}
    assert present == EXPECTED_NAV[role]
    assert_accessible(page)
    assert page.console_errors == []


def test_error_pages_are_accessible(
    page: Any, sign_in: Callable[[Any, Role], Any], assert_accessible: Callable[[Any], None]
) -> None:
    sign_in(page, Role.VIEWER)
    response = page.goto("/no/such/page")
    assert response.status == 404
    assert_accessible(page)
    response = page.goto("/admin/users")
    assert response.status == 403
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/users",
        "/admin/users/new",
        "/admin/audit",
        "/jobs/",
        "/directory/",
        "/directory/stakeholders",
        "/directory/stakeholders/import",
        "/account/password",
    ],
)
def test_admin_and_directory_pages_are_accessible(
    page: Any,
    sign_in: Callable[[Any, Role], Any],
    assert_accessible: Callable[[Any], None],
    path: str,
) -> None:
    sign_in(page, Role.ADMIN)
    page.goto(path)
    assert_accessible(page)


def test_skip_link_moves_focus_to_main(page: Any) -> None:
    page.goto("/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_pages_fit_a_320px_screen(page: Any, sign_in: Callable[[Any, Role], Any]) -> None:
    sign_in(page, Role.ADMIN)
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/", "/admin/users", "/directory/stakeholders"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
