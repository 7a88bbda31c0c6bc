"""The benchmark status rule, on hand-worked trajectories."""

from __future__ import annotations

from datetime import date

import pytest

from engage.census.trajectory import Status, assess

START, DUE = date(2025, 1, 1), date(2027, 1, 1)  # 730 days


def status(
    values: list[tuple[date, float]],
    today: date = date(2026, 1, 1),
    base: float = 40,
    goal: float = 60,
) -> Status:
    return assess((START, base), (DUE, goal), values, today).status


def test_no_values_after_the_baseline_is_not_measured() -> None:
    assert status([]) == Status.NOT_MEASURED
    assert status([(START, 45)]) == Status.NOT_MEASURED


def test_halfway_at_half_time_projects_to_the_target() -> None:
    found = assess((START, 40), (DUE, 60), [(date(2026, 1, 1), 50)], date(2026, 1, 1))
    assert found.status == Status.ON_TRACK
    assert found.projected == pytest.approx(60, abs=0.1)


def test_projection_between_three_quarters_and_target_is_at_risk() -> None:
    # +8 in 365 days projects to 40 + 16 = 56: 80% of the planned +20.
    found = assess((START, 40), (DUE, 60), [(date(2026, 1, 1), 48)], date(2026, 1, 1))
    assert found.status == Status.AT_RISK and found.share == pytest.approx(0.8, abs=0.01)


def test_slow_or_backward_movement_is_off_track() -> None:
    assert status([(date(2026, 1, 1), 44)]) == Status.OFF_TRACK  # projects 40% of the change
    assert status([(date(2026, 1, 1), 35)]) == Status.OFF_TRACK  # moving away


def test_only_the_latest_value_counts() -> None:
    values = [(date(2026, 1, 1), 35), (date(2025, 7, 1), 58)]
    assert status(values) == Status.OFF_TRACK


def test_reaching_the_target_is_on_track_even_after_the_due_date() -> None:
    assert status([(date(2026, 6, 1), 61)], today=date(2028, 1, 1)) == Status.ON_TRACK


def test_missing_the_target_by_the_due_date_is_off_track() -> None:
    assert status([(date(2026, 12, 1), 59)], today=date(2027, 2, 1)) == Status.OFF_TRACK


def test_a_falling_target_is_followed_downwards() -> None:
    # Reduce a gap from 30 to 10 points: -10 by half time is on track.
    assert status([(date(2026, 1, 1), 20)], base=30, goal=10) == Status.ON_TRACK
    assert status([(date(2026, 1, 1), 29)], base=30, goal=10) == Status.OFF_TRACK


def test_holding_a_level_is_on_track_until_it_slips() -> None:
    assert status([(date(2026, 1, 1), 3)], base=3, goal=3) == Status.ON_TRACK
    assert status([(date(2026, 1, 1), 2)], base=3, goal=3) == Status.OFF_TRACK
