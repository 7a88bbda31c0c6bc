"""Closed-question results as the report pages show them, and the answers behind them.

The figures come from ``AnalysisRun.survey_results`` (stored suppressed at run time); only the
analysts' drill-down reads answers, and only for groups the stored results show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analysis.reports import closed
from analysis.reports.models import AnalysisRun
from engage.errors import DomainError

#: Answers per page in the drill-down.
PAGE_SIZE = 50


def items(run: AnalysisRun) -> list[dict[str, Any]]:
    return list((run.survey_results or {}).get("items", []))


def rates(run: AnalysisRun) -> list[dict[str, Any]]:
    return list((run.survey_results or {}).get("rates", []))


def columns(run: AnalysisRun) -> list[str]:
    """Group columns any closed item is broken down by, in name order."""
    return sorted({c for item in items(run) for c in item["columns"]})


def item(run: AnalysisRun, index: int) -> dict[str, Any]:
    found = items(run)
    if not 0 <= index < len(found):
        raise DomainError("This report has no such question.")
    return found[index]


def overview(run: AnalysisRun, column: str) -> list[dict[str, Any]]:
    """One row per closed item: n, agreement and the scores across ``column``'s groups."""
    rows = []
    for index, found in enumerate(items(run)):
        scores = found["columns"].get(column, {})
        rows.append({"index": index, "item": found, "scores": scores})
    return rows


@dataclass
class Drill:
    """One page of the answers behind a closed-question figure."""

    rows: list[tuple[str, str, dict[str, str]]]  #: (response id, answer shown, attributes)
    page: int
    pages: int
    total: int


def drill(
    run: AnalysisRun, found: dict[str, Any], column: str | None, value: str | None, page: int
) -> Drill:
    """The answers to ``found`` from one shown group (or all), a page at a time.

    Raises:
        DomainError: when the group is hidden (too few respondents) or the item is.
    """
    if found["n"] is None:
        raise DomainError("Too few people answered this question to show their answers.")
    if column is not None:
        cell = found["columns"].get(column, {}).get("cells", {}).get(value or "", None)
        if cell is None:
            raise DomainError("This group is too small to show; its answers stay hidden.")
    surveys = closed.survey_ids(run.scope)
    people = closed.responses(run.scope, surveys)
    target = next(
        (i for i in closed.items(surveys)
         if i.question.id == found["question_id"] and i.row == found["row"]),
        None,
    )  # fmt: skip
    if target is None:
        raise DomainError("This question was deleted after the run; its answers are gone.")
    answers = closed.answers_to(target, people)
    picked = sorted(
        r for r in answers if column is None or (people[r].get(column) or "") == (value or "")
    )
    pages = max(1, -(-len(picked) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = picked[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    labels = dict((str(v), label) for v, label in target.options)
    return Drill(
        [(r, _shown(answers[r], labels), people[r]) for r in shown], page, pages, len(picked)
    )


def _shown(value: Any, labels: dict[str, str]) -> str:
    values = value if isinstance(value, list) else [value]
    return "; ".join(labels.get(str(v), str(v)) for v in values)
