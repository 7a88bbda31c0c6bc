"""Benchmark use cases: define with a baseline, record values (by hand, from a census wave,
from a survey item), and judge status from the trajectory."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import select

from analysis.stats.closed import likert_stance
from engage.audit.services import record
from engage.census import trajectory
from engage.census.models import Assessment, Benchmark, BenchmarkValue, MetricKind, Wave
from engage.errors import DomainError
from engage.extensions import db
from surveys.models import Answer, Question, Response
from surveys.qtypes.scales import points_of


def all_benchmarks(org_unit_id: int | None = None) -> list[Benchmark]:
    query = select(Benchmark).order_by(Benchmark.due_date, Benchmark.id)
    if org_unit_id is not None:
        query = query.where(Benchmark.org_unit_id == org_unit_id)
    return list(db.session.scalars(query))


def status(benchmark: Benchmark, today: date | None = None) -> trajectory.Trajectory:
    """The benchmark's status today (see :mod:`engage.census.trajectory` for the rule)."""
    return trajectory.assess(
        (benchmark.baseline_date, benchmark.baseline_value),
        (benchmark.due_date, benchmark.target_value),
        [(v.as_of, v.value) for v in benchmark.values],
        today or date.today(),
    )


def save_benchmark(benchmark: Benchmark | None, values: dict[str, Any], actor: Any) -> Benchmark:
    """Create or update a benchmark from form values.

    Raises:
        DomainError: a missing name, baseline or target, a due date not after the baseline
            date, or a metric without what it measures (dimension, question or source).
    """
    _check(values)
    benchmark = benchmark or Benchmark()
    benchmark.name, benchmark.org_unit_id = values["name"].strip(), values["org_unit_id"]
    benchmark.baseline_value = values["baseline_value"]
    benchmark.baseline_date = values["baseline_date"]
    benchmark.target_value, benchmark.due_date = values["target_value"], values["due_date"]
    benchmark.unit_label = (values.get("unit_label") or "").strip()
    benchmark.source = (values.get("source") or "").strip()
    benchmark.metric_kind = MetricKind(values["metric_kind"])
    benchmark.dimension_key = values.get("dimension_key") or None
    benchmark.question_id = values.get("question_id") or None
    db.session.add(benchmark)
    db.session.flush()
    record(actor, "census.benchmark_saved", "benchmark", benchmark.id, name=benchmark.name)
    return benchmark


def _check(values: dict[str, Any]) -> None:
    if not (values.get("name") or "").strip():
        raise DomainError("Name the benchmark.")
    if not values.get("org_unit_id"):
        raise DomainError("Choose the org unit the benchmark measures.")
    if values.get("baseline_value") is None or values.get("baseline_date") is None:
        raise DomainError("A benchmark needs a baseline: a value and the date it was measured.")
    if values.get("target_value") is None or values.get("due_date") is None:
        raise DomainError("A benchmark needs a target value and a due date.")
    if values["due_date"] <= values["baseline_date"]:
        raise DomainError("The due date must be after the baseline date.")
    kind = values.get("metric_kind")
    if kind == MetricKind.CENSUS and not values.get("dimension_key"):
        raise DomainError("Choose the rubric dimension this census benchmark follows.")
    if kind == MetricKind.SURVEY and not values.get("question_id"):
        raise DomainError("Choose the survey question whose agreement share is measured.")
    if kind == MetricKind.MANUAL and not (values.get("source") or "").strip():
        raise DomainError("Say where hand-entered figures come from (the source).")


def record_value(
    benchmark: Benchmark, value: float | None, as_of: date | None, source: str, actor: Any
) -> BenchmarkValue:
    """Add a measured value to the benchmark's history.

    Raises:
        DomainError: a missing value or date, or a date before the baseline.
    """
    if value is None or as_of is None:
        raise DomainError("Enter the value and the date it was measured.")
    if as_of < benchmark.baseline_date:
        raise DomainError("The value's date is before the baseline date; update the baseline.")
    entry = BenchmarkValue(
        value=value, as_of=as_of, source=source.strip(), recorded_by_id=getattr(actor, "id", None)
    )
    benchmark.values.append(entry)
    db.session.flush()
    record(
        actor,
        "census.benchmark_value",
        "benchmark",
        benchmark.id,
        value=value,
        as_of=as_of.isoformat(),
    )
    return entry


def value_from_wave(benchmark: Benchmark, wave: Wave, actor: Any) -> BenchmarkValue:
    """Record the department's level on the benchmark's dimension in ``wave``.

    Raises:
        DomainError: not a census benchmark, or the department has no score there.
    """
    if benchmark.metric_kind != MetricKind.CENSUS:
        raise DomainError("Only census benchmarks take values from a wave.")
    assessment = db.session.scalar(
        select(Assessment).where(
            Assessment.wave_id == wave.id, Assessment.org_unit_id == benchmark.org_unit_id
        )
    )
    score = next(
        (
            s
            for s in (assessment.scores if assessment else [])
            if s.dimension.key == benchmark.dimension_key
        ),
        None,
    )
    if score is None:
        raise DomainError(
            f"{benchmark.org_unit.name} has no score on this dimension in {wave.title}."
        )
    when = (wave.closed_at or wave.opened_at or wave.created_at).date()
    return record_value(benchmark, float(score.level), when, f"Census: {wave.title}", actor)


#: the answer count in the source of a value measured from a survey
_ANSWERS = re.compile(r"\((\d+) answers\)$")


def value_from_survey(
    benchmark: Benchmark, actor: Any, today: date | None = None
) -> BenchmarkValue:
    """Record the share (%) of the department's respondents agreeing with the question.

    Agreement is the top-2 box of the Likert scale. Fewer than K answers are refused, so a
    small group's answers are never shown as a figure.
    """
    question = db.session.get(Question, benchmark.question_id) if benchmark.question_id else None
    if benchmark.metric_kind != MetricKind.SURVEY or question is None or question.type != "likert":
        raise DomainError("This benchmark does not follow a Likert survey question.")
    answers = list(
        db.session.scalars(
            select(Answer.value)
            .join(Answer.response)
            .where(Answer.question_id == question.id, Response.org_unit_id == benchmark.org_unit_id)
        )
    )
    answers = [a for a in answers if isinstance(a, int)]
    k = current_app.config["ENGAGE_SUPPRESSION_K"]
    if len(answers) < k:
        raise DomainError(f"Fewer than {k} answers from this department; no share is recorded.")
    prefix = f"Survey: {question.survey.title} ("
    _refuse_differencing(benchmark, prefix, len(answers), k)
    points = points_of(question)
    share = 100 * sum(likert_stance(a, points) == 1 for a in answers) / len(answers)
    return record_value(
        benchmark, round(share, 1), today or date.today(), f"{prefix}{len(answers)} answers)", actor
    )


def _refuse_differencing(benchmark: Benchmark, prefix: str, count: int, k: int) -> None:
    """Two shares over answer sets that differ by fewer than K answers give those answers away
    (the agreeing counts' difference), so such a value is refused until K more arrive.

    The earlier counts are read from the sources this function wrote ("(N answers)").
    """
    for earlier in benchmark.values:
        found = _ANSWERS.search(earlier.source) if earlier.source.startswith(prefix) else None
        change = abs(count - int(found.group(1))) if found else 0
        if 0 < change < k:
            raise DomainError(
                f"Only {change} answer(s) changed since the value of {earlier.as_of.isoformat()}: "
                f"wait for at least {k}, so no one's answer can be worked out from the difference."
            )
