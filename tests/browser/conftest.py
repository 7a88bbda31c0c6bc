"""Browser fixtures: the app on a live local server, Debian's Chromium through Playwright, axe.

Later features reuse these: ``live_server`` (base URL), ``page`` (a fresh Playwright page),
``sign_in(page, role)`` and ``assert_accessible(page)`` (axe-core, WCAG 2.1 A and AA rules).
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from engage.auth.roles import Role
from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
# Without these flags Chromium keeps trying to reach Google services on a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if shutil.which("chromium") is None and not shutil.os.path.exists(CHROMIUM):
        pytest.fail(
            "Chromium is not installed. Install Debian's packages: "
            "sudo apt-get install chromium chromium-driver (make install does this as root)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def sign_in(make_user: Callable[..., Any]) -> Callable[[Any, Role], Any]:
    """Create a user with ``role`` and sign in through the real login form."""

    def sign_in(page: Any, role: Role) -> Any:
        user = make_user(role)
        page.goto("/login")
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")
        return user

    return sign_in


@pytest.fixture(scope="session")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe: Any) -> Callable[[Any], None]:
    """Fail with axe's own report if the page breaks any WCAG 2.1 A/AA rule."""

    def check(page: Any) -> None:
        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
        results = axe.run(page, options=options)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check
