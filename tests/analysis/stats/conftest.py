"""Shared real data for the analysis.stats tests (read from ../shared/data, never copied)."""

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

#: The shared reference data sits beside the repository (see ../shared/data/README.md).
SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
POLIS = SHARED_DATA / "polis"

Votes = list[tuple[str, str, int]]


@pytest.fixture
def polis_dir() -> Path:
    if not POLIS.is_dir():
        pytest.skip(f"shared Polis data not found at {POLIS}")
    return POLIS


@pytest.fixture
def participants_votes(polis_dir: Path) -> Callable[[str], tuple[Votes, dict[str, str]]]:
    """Read a Polis open-data `participants-votes.csv`: (votes, participant -> group)."""

    def read(conversation: str) -> tuple[Votes, dict[str, str]]:
        path = polis_dir / conversation / "participants-votes.csv"
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        items = [column for column in rows[0] if column.isdigit()]
        votes = [
            (row["participant"], item, int(float(row[item])))
            for row in rows
            for item in items
            if row[item] != ""
        ]
        groups = {row["participant"]: row["group-id"] for row in rows if row["group-id"] != ""}
        return votes, groups

    return read
