"""Census benchmarks measured from a survey: no department figure gives one answer away.

A share over N answers and a later share over N + 1 answers differ by exactly the newest
answer's agreement. Values whose answer counts differ by fewer than K are refused.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from engage.census import benchmarks
from engage.census.models import BenchmarkValue
from engage.errors import DomainError
from engage.extensions import db
from surveys.models import Answer, Response
from tests.census.conftest import Actor
from tests.census.test_sources import PARKS_ANSWERS, _likert_survey, _survey_benchmark


def _answer(question, unit, value: int) -> None:
    response = Response(survey_id=question.survey_id, submitted_on=date(2026, 3, 2))
    response.org_unit_id = unit.id
    db.session.add(response)
    db.session.flush()
    db.session.add(Answer(response_id=response.id, question_id=question.id, value=value))
    db.session.flush()


def test_a_value_differing_from_the_last_by_fewer_than_k_answers_is_refused(department):
    parks = department("Parks")
    question = _likert_survey({parks: PARKS_ANSWERS})
    benchmark = _survey_benchmark(parks, question)
    benchmarks.value_from_survey(benchmark, Actor(), today=date(2026, 4, 1))
    benchmarks.value_from_survey(benchmark, Actor(), today=date(2026, 4, 2))  # same answers
    _answer(question, parks, 5)  # one new person: their answer = the difference of two shares
    with pytest.raises(DomainError, match="1 answer"):
        benchmarks.value_from_survey(benchmark, Actor(), today=date(2026, 5, 1))
    assert db.session.scalar(select(func.count()).select_from(BenchmarkValue)) == 2
    for value in (1, 2, 4, 5, 3, 4, 5, 2, 4):  # now 10 new answers: a new share says nothing
        _answer(question, parks, value)
    recorded = benchmarks.value_from_survey(benchmark, Actor(), today=date(2026, 6, 1))
    assert recorded.source == "Survey: Census 2026 (22 answers)"
