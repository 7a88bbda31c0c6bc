"""Fixtures for the privacy suite; survey factories come from the surveys tests."""

from tests.surveys.conftest import make_survey  # noqa: F401  (fixture)
