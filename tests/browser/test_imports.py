"""A fellow imports an XLSForm and a LimeSurvey file through the upload page: check, confirm."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from engage.auth.roles import Role
from tests.conftest import shared_data

pytestmark = pytest.mark.browser


def _upload(page: Any, kind: str, path: Any) -> None:
    page.goto("/imports/")
    page.get_by_label(kind, exact=False).check()
    page.get_by_label("Survey file").set_input_files(str(path))
    page.get_by_role("button", name="Import", exact=True).click()


@pytest.mark.parametrize(
    ("kind", "folder", "name", "title", "reported"),
    [
        ("XLSForm", "xlsform", "pyxform_choice_filter_test.xlsx", "cascading selects",
         "choice_filter"),
        ("LimeSurvey", "limesurvey", "limesurvey_survey_allinoneCondition.lss", None, "question"),
    ],
)  # fmt: skip
def test_upload_check_the_report_confirm_and_open_the_survey(
    page: Any,
    sign_in: Callable[[Any, Role], Any],
    assert_accessible: Callable[[Any], None],
    kind: str,
    folder: str,
    name: str,
    title: str | None,
    reported: str,
) -> None:
    sign_in(page, Role.FELLOW)
    page.goto("/imports/")
    assert_accessible(page)  # the upload page
    _upload(page, kind, shared_data(folder, name))
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == f"Check the import: {name}"
    assert reported in page.locator("table").inner_text()
    assert "Nothing has been saved yet" in page.get_by_role("status").inner_text()
    assert_accessible(page)  # the mapping report
    page.get_by_role("button", name="Create the draft survey").click()
    page.wait_for_url("**/surveys/*")
    if title:
        assert page.get_by_role("heading", level=1).inner_text() == title
    assert "Imported as a draft survey" in page.locator("body").inner_text()
    assert page.locator(".builder-questions li").count() > 0
    assert_accessible(page)  # the imported survey
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []


def test_a_refused_file_is_explained_accessibly(
    page: Any, sign_in: Callable[[Any, Role], Any], assert_accessible: Callable[[Any], None],
    tmp_path: Any,
) -> None:  # fmt: skip
    sign_in(page, Role.ANALYST)
    bad = tmp_path / "broken.lss"
    bad.write_text("<html>not a survey</html>")
    _upload(page, "LimeSurvey", bad)
    summary = page.locator("#error-summary")
    assert summary.is_visible() and "not a LimeSurvey export" in summary.inner_text()
    assert_accessible(page)  # the error page
