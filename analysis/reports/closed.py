"""Closed-question results of the surveys in a run's scope, computed when the run finishes.

Each Likert question (and each row of a Likert matrix) gets its answer distribution, the share
who agree (top-2 box) with a Wilson interval, and, per group column, group-informed consensus,
concern and divisiveness (``analysis.stats.closed_item_statistics``). Choice questions get
distributions only: agreement means nothing for them. Groups with fewer than K respondents are
hidden with complementary suppression, so no hidden group can be derived from the question's
total; a question answered by fewer than K people is not shown at all.

The results are stored on the run (``AnalysisRun.survey_results``) already suppressed, so a
published report does not change when answers arrive later; drill-down reads the answers.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from analysis.reports.sources import in_dates, in_languages, in_org_units
from analysis.reports.sources_surveys import NAME as SURVEY_SOURCE
from analysis.reports.sources_surveys import respondent_attributes
from analysis.stats import (
    MISSING,
    GroupSummary,
    Proportion,
    closed_item_statistics,
    likert_stance,
    suppress_counts,
)
from engage.directory.models import OrgUnit
from engage.extensions import db
from surveys.models import Answer, Question, Response, Survey
from surveys.qtypes.choice import OTHER
from surveys.qtypes.scales import likert_scale, points_of

CLOSED_TYPES = ("likert", "matrix", "single_choice", "multiple_choice")
#: Group columns not broken down: every answer to a question comes from one survey.
SKIPPED_COLUMNS = ("survey",)


@dataclass(frozen=True)
class Item:
    """One thing with its own distribution: a question, or one row of a matrix."""

    question: Question
    row: str | None
    text: str
    options: list[tuple[Hashable, str]]
    stance: Callable[[object], int] | None  #: None: no agreement (choice questions)
    value: Callable[[Any], Any]  #: stored answer -> what is counted (None: not answered)


def survey_ids(scope: dict[str, Any]) -> list[int]:
    """Surveys whose open questions the scope themes."""
    ids = [int(i) for i in (scope.get("sources", {}).get(SURVEY_SOURCE) or {}).get("ids", [])]
    if not ids:
        return []
    found = db.session.scalars(select(Question.survey_id).where(Question.id.in_(ids)).distinct())
    return sorted(found)


def responses(scope: dict[str, Any], surveys: list[int]) -> dict[str, dict[str, str]]:
    """Response id -> group attributes, for the responses within the scope's filters."""
    units = {o.id: o for o in db.session.scalars(select(OrgUnit))}
    titles = {i: t for i, t in db.session.execute(select(Survey.id, Survey.title))}
    out = {}
    for response in db.session.scalars(select(Response).where(Response.survey_id.in_(surveys))):
        if (
            in_dates(response.submitted_on, scope)
            and in_languages(response.language, scope)
            and in_org_units([response.org_unit_id], scope)
        ):
            attrs = respondent_attributes(
                response, units.get(response.org_unit_id), titles[response.survey_id]
            )
            out[response.id] = {c: v for c, v in attrs.items() if c not in SKIPPED_COLUMNS}
    return out


def items(surveys: list[int]) -> list[Item]:
    """Every closed item of the surveys, in survey and question order."""
    questions = db.session.scalars(
        select(Question)
        .where(Question.survey_id.in_(surveys), Question.type.in_(CLOSED_TYPES))
        .order_by(Question.survey_id, Question.position, Question.id)
    )
    return [item for question in questions for item in _items(question)]


def _items(question: Question) -> list[Item]:
    if question.type in ("likert", "matrix"):
        points = points_of(question)
        scale = [(code, str(label)) for code, label in likert_scale(question)]

        def stance(v: object) -> int:
            return likert_stance(int(v), points)  # type: ignore[call-overload]

        if question.type == "likert":
            return [Item(question, None, question.text, scale, stance, lambda v: v)]
        return [
            Item(
                question,
                row["value"],
                f"{question.text}: {row['label']}",
                scale,
                stance,
                lambda v, key=row["value"]: (v or {}).get(key),
            )  # fmt: skip
            for row in question.settings.get("rows", [])
        ]
    options = [(o["value"], o["label"]) for o in question.options]
    if question.type == "multiple_choice":
        other = [(OTHER, "Other")] if question.settings.get("allow_other") else []
        return [Item(question, None, question.text, options + other, None,
                     lambda v: list(v["selected"]) if v else None)]  # fmt: skip
    return [Item(question, None, question.text, options, None, lambda v: v)]


def answers_to(item: Item, people: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Response id -> counted value for the responses in ``people`` that answered the item."""
    rows = db.session.execute(
        select(Answer.response_id, Answer.value).where(Answer.question_id == item.question.id)
    )
    out = {}
    for response_id, stored in rows:
        value = item.value(stored) if response_id in people else None
        if value not in (None, []):
            out[response_id] = value
    return out


def compute(scope: dict[str, Any], k: int) -> dict[str, Any] | None:
    """The closed-question results (and response rates) for a run's scope, suppressed.

    Returns:
        ``{"k", "items": [...], "rates": [...]}``, or None when the scope has no surveys.
    """
    from analysis.reports.rates import response_rates

    surveys = survey_ids(scope)
    if not surveys:
        return None
    people = responses(scope, surveys)
    found = [_result(item, answers_to(item, people), people, k) for item in items(surveys)]
    return {"k": k, "items": found, "rates": response_rates(surveys, k)}


def _result(
    item: Item, answers: dict[str, Any], people: dict[str, dict[str, str]], k: int
) -> dict[str, Any]:
    question = item.question
    options = _options(item, answers)
    head = {
        "question_id": question.id, "row": item.row, "code": question.code, "text": item.text,
        "type": question.type, "options": [[str(v), label] for v, label in options],
        "agreement": item.stance is not None,
    }  # fmt: skip
    if suppress_counts({"all": len(answers)}, k):
        return {**head, "n": None, "overall": None, "columns": {}}
    stance = item.stance or (lambda v: 0)
    values = [v for v, _ in options]
    overall = closed_item_statistics(answers, {}, stance, k, values).overall
    columns = sorted({c for attrs in people.values() for c in attrs})
    stats = {
        column: closed_item_statistics(
            answers, {r: people[r].get(column) or MISSING for r in answers}, stance, k, values
        )
        for column in columns
    }
    return {
        **head,
        "n": overall.n,
        "overall": _summary(overall, item, values),
        "columns": {c: _column(s, item, values) for c, s in stats.items()},
    }


def _options(item: Item, answers: dict[str, Any]) -> list[tuple[Hashable, str]]:
    """The item's options, then any answered value no longer among them (kept, not lost)."""
    known = {v for v, _ in item.options}
    seen: set[Hashable] = set()
    for value in answers.values():
        seen.update(value if isinstance(value, list) else [value])
    return item.options + [(v, str(v)) for v in sorted(seen - known, key=repr)]


def _column(stats: Any, item: Item, values: list[Hashable]) -> dict[str, Any]:
    cells = {
        str(group): None if summary is None else _summary(summary, item, values)
        for group, summary in stats.groups.items()
    }
    scores = (
        {"consensus": stats.consensus, "concern": stats.concern,
         "divisiveness": stats.divisiveness}
        if item.stance is not None and any(c is not None for c in cells.values())
        else {}
    )  # fmt: skip
    return {"cells": cells, **scores}


def _summary(summary: GroupSummary, item: Item, values: list[Hashable]) -> dict[str, Any]:
    """A group's figures as plain JSON: n, [count, share, low, high] per option, agreement."""
    return {
        "n": summary.n,
        "distribution": [_share(summary.distribution[v]) for v in values],
        "agree": _share(summary.agree) if item.stance else None,
        "disagree": _share(summary.disagree) if item.stance else None,
    }


def _share(p: Proportion) -> list[float]:
    return [p.count, round(p.share, 4), round(p.low, 4), round(p.high, 4)]
