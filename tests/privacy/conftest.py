"""Fixtures for the privacy suite; survey, census and report fixtures come from their tests.

``figures`` collects what the suite checked (tables, columns, rows, log lines, examples);
with ``ENGAGE_PRIVACY_FIGURES=FILE`` set they are written there as JSON at the end of the
session, which is how ``benchmarks/privacy.py`` reports them.
"""

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.census.conftest import ctx, department  # noqa: F401  (fixtures)
from tests.surveys.conftest import make_survey  # noqa: F401  (fixture)


@pytest.fixture(scope="session")
def figures() -> Iterator[Counter[str]]:
    found: Counter[str] = Counter()
    yield found
    target = os.environ.get("ENGAGE_PRIVACY_FIGURES")
    if target:
        Path(target).write_text(json.dumps(found, indent=2, sort_keys=True))
