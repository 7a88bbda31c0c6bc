"""Fixtures for the privacy suite; survey factories come from the surveys tests."""

from tests.census.conftest import ctx, department  # noqa: F401  (fixtures)
from tests.reports.conftest import _distilled_model  # noqa: F401  (autouse: no model distilling)
from tests.surveys.conftest import make_survey  # noqa: F401  (fixture)
