"""Benchmark status from its trajectory (plain Python, no database).

The rule, in words:

1. With no value measured after the baseline date, the status is *not yet measured*.
2. If the latest value has reached the target (in the direction of the target from the
   baseline), the benchmark is *on track*.
3. If the due date has passed (or the latest value is dated on or after it) and the target was
   not reached, it is *off track*.
4. Otherwise draw a straight line from the baseline through the latest value and extend it to
   the due date. The projected change, as a share of the planned change (target - baseline):
   at least 100% is *on track*, at least 75% (``AT_RISK_SHARE``) is *at risk*, less
   (including moving the wrong way) is *off track*.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

#: A projection reaching at least this share of the planned change is "at risk", not "off".
AT_RISK_SHARE = 0.75


class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_MEASURED = "not_measured"


@dataclass(frozen=True)
class Trajectory:
    status: Status
    #: the value the straight line reaches on the due date (None when not projected)
    projected: float | None = None
    #: projected change as a share of the planned change (None when not projected)
    share: float | None = None


def assess(
    baseline: tuple[date, float],
    target: tuple[date, float],
    values: Sequence[tuple[date, float]],
    today: date,
) -> Trajectory:
    """Status of a benchmark.

    Args:
        baseline: (date, value) of the baseline.
        target: (due date, target value).
        values: measured (date, value) pairs, any order; those on or before the baseline
            date are ignored.
        today: the date to judge "due date passed" against.
    """
    (start, base), (due, goal) = baseline, target
    later = sorted(v for v in values if v[0] > start)
    if not later:
        return Trajectory(Status.NOT_MEASURED)
    when, latest = later[-1]
    direction = 1 if goal >= base else -1
    if (latest - goal) * direction >= 0:
        return Trajectory(Status.ON_TRACK, latest, _share(base, goal, latest))
    if goal == base:  # keep a level: any slip below it is off track
        return Trajectory(Status.OFF_TRACK, latest)
    if today > due or when >= due:
        return Trajectory(Status.OFF_TRACK, latest, (latest - base) / (goal - base))
    slope = (latest - base) / (when - start).days
    projected = latest + slope * (due - when).days
    share = (projected - base) / (goal - base)
    if share >= 1:
        return Trajectory(Status.ON_TRACK, projected, share)
    if share >= AT_RISK_SHARE:
        return Trajectory(Status.AT_RISK, projected, share)
    return Trajectory(Status.OFF_TRACK, projected, share)


def _share(base: float, goal: float, value: float) -> float:
    return 1.0 if goal == base else (value - base) / (goal - base)
