"""What leadership sees on the census front page: benchmarks by status, waves, initiatives."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from engage.census import benchmarks, initiatives, waves
from engage.census.trajectory import Status


@dataclass
class Progress:
    #: status -> [(benchmark, trajectory)], in the order leadership should read them
    by_status: dict[Status, list[tuple[Any, Any]]]
    #: (wave, departments submitted, departments in the wave, scores reviewed)
    waves: list[tuple[Any, int, int, int]]
    initiatives: Counter[str]
    initiative_count: int


ORDER = (Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.NOT_MEASURED)


def progress(today: date | None = None) -> Progress:
    """Every benchmark grouped by status, each wave's response, initiatives by status."""
    grouped: dict[Status, list[tuple[Any, Any]]] = {s: [] for s in ORDER}
    for benchmark in benchmarks.all_benchmarks():
        state = benchmarks.status(benchmark, today)
        grouped[state.status].append((benchmark, state))
    wave_rows = []
    for wave in waves.all_waves():
        submitted = [a for a in wave.assessments if a.submitted_at]
        reviewed = sum(s.reviewed_level is not None for a in submitted for s in a.scores)
        wave_rows.append((wave, len(submitted), len(wave.assessments), reviewed))
    found = initiatives.all_initiatives()
    return Progress(grouped, wave_rows, Counter(i.status.value for i in found), len(found))
