"""Reports in Chromium: an analyst themes the demo notes, curates, publishes; a viewer reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from engage.auth.roles import Role
from engage.demo.seed import seed_demo

pytestmark = pytest.mark.browser


def test_analyst_runs_curates_and_publishes_and_a_viewer_reads(
    app: Flask,
    browser: Any,
    page: Any,
    live_server: str,
    sign_in: Callable[[Any, Role], Any],
    assert_accessible: Callable[[Any], None],
) -> None:
    with app.app_context():
        seed_demo("demo-password")
    sign_in(page, Role.ANALYST)
    page.goto("/reports/new")
    assert_accessible(page)
    page.get_by_label("Report title").fill("Tour notes, autumn")
    page.get_by_label("Answers and notes to theme").select_option(["tour:all"])
    page.get_by_role("button", name="Start the run").click()
    page.wait_for_selector("progress#run-progress")  # the live progress page
    assert page.get_by_role("heading", name="Stages").is_visible()
    assert_accessible(page)
    page.get_by_role("heading", name="Where people agree").wait_for(timeout=300_000)
    report_url = page.url
    assert "Privacy check" in page.content()
    assert_accessible(page)

    page.locator("table.heatmap tbody th a").first.click()
    page.get_by_role("heading", name="Curate this theme").wait_for()
    assert_accessible(page)
    merged = page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("Merge this theme into").select_option(index=0)
    target = page.get_by_label("Merge this theme into").locator("option").first.inner_text()
    page.get_by_role("button", name="Merge", exact=True).click()
    page.get_by_text(f"Merged into {target}.").wait_for()
    assert page.get_by_role("heading", level=1).inner_text() == target
    page.get_by_role("link", name="Permalink").wait_for()
    assert_accessible(page)

    page.goto(report_url)
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Published: communications staff and viewers can read it.").wait_for()
    page.goto(report_url.replace("/reports/", "/reports/") + "/history")
    assert "merge" in page.content()
    assert_accessible(page)

    viewer_context = browser.new_context(base_url=live_server)
    viewer = viewer_context.new_page()
    sign_in(viewer, Role.VIEWER)
    viewer.goto(report_url)
    viewer.get_by_role("heading", name="Where people agree").wait_for()
    assert merged not in viewer.locator("main table").first.inner_text()
    assert "Curation history" not in viewer.content()
    assert_accessible(viewer)
    viewer.locator("table.heatmap tbody th a").first.click()
    viewer.get_by_role("heading", name="Who raised it").wait_for()
    assert "Curate this theme" not in viewer.content()
    assert_accessible(viewer)
    viewer_context.close()
    assert page.console_errors == []
