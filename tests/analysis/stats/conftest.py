"""Shared real data for the analysis.stats tests (read from ../shared/data, never copied)."""

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import shared_data

Votes = list[tuple[str, str, int]]


@pytest.fixture
def polis_dir() -> Path:
    return shared_data("polis")


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
