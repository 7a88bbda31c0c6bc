"""Choice questions: single choice, multiple choice with "other, specify", ranking."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engage.wholenumber import whole_number
from surveys.qtypes.base import (
    AnswerError,
    Column,
    Localised,
    QuestionType,
    Raw,
    check_text_length,
    field_name,
    first,
    labels_of,
    option_values,
)

OTHER = "_other"
OTHER_LIMIT = 500


def _unknown() -> AnswerError:
    return AnswerError(_("Please choose one of the options shown."))


class SingleChoice(QuestionType):
    name, label, stats_kind, macro, needs_options = (
        "single_choice",
        _l("Single choice"),
        "categorical",
        "single_choice",
        True,
    )

    def parse(self, question: Any, raw: Raw) -> Any:
        value = first(raw, field_name(question.code))
        if not value:
            return None
        if value not in option_values(question.options):
            raise _unknown()
        return value

    def export_columns(self, question: Any) -> list[Column]:
        labels = labels_of(question.options)
        return [
            Column(question.code, question.text, lambda v: v, labels),
            Column(f"{question.code}_label", question.text, lambda v: labels.get(v, "")),
        ]

    def display(self, question: Any, value: Any, local: Localised) -> str:
        return labels_of(local.options).get(value, "")


class MultipleChoice(QuestionType):
    """Value: ``{"selected": [values], "other": "text"}``; "other" only when allowed."""

    name, label, stats_kind, macro, needs_options = (
        "multiple_choice",
        _l("Multiple choice"),
        "multi",
        "multiple_choice",
        True,
    )

    def parse(self, question: Any, raw: Raw) -> Any:
        allowed = option_values(question.options)
        allow_other = bool(question.settings.get("allow_other"))
        chosen = [v for v in raw.get(field_name(question.code), []) if v]
        if allow_other:
            allowed = [*allowed, OTHER]
        if any(v not in allowed for v in chosen):
            raise _unknown()
        other = check_text_length(first(raw, field_name(question.code, "other")), OTHER_LIMIT)
        if OTHER in chosen and not other:
            raise AnswerError(_("You chose “Other”: please say what."))
        if other and allow_other and OTHER not in chosen:
            chosen.append(OTHER)  # typing in the box is a clear enough choice of "Other"
        selected = [v for v in allowed if v in chosen]  # option order, no duplicates
        if not selected:
            return None
        return {"selected": selected, "other": other if OTHER in selected else ""}

    def export_columns(self, question: Any) -> list[Column]:
        columns = [
            Column(
                f"{question.code}.{o['value']}",
                f"{question.text}: {o['label']}",
                lambda v, key=o["value"]: None if v is None else int(key in v["selected"]),
                {0: "not selected", 1: "selected"},
                numeric=True,
            )
            for o in question.options
        ]
        if question.settings.get("allow_other"):
            columns.append(
                Column(
                    f"{question.code}.other",
                    f"{question.text}: other",
                    lambda v: None if v is None else (v.get("other") or ""),
                )
            )
        return columns

    def display(self, question: Any, value: Any, local: Localised) -> str:
        if not value:
            return ""
        labels = labels_of(local.options)
        shown = [labels.get(v, "") for v in value["selected"] if v != OTHER]
        if value.get("other"):
            shown.append(value["other"])
        return "; ".join(shown)


class Ranking(QuestionType):
    """Each option gets a rank from a select (keyboard friendly, no dragging).

    Value: option values in rank order. Ranks must be distinct; a respondent may rank only
    some options unless the question is required, in which case every option needs a rank.
    """

    name, label, stats_kind, macro, needs_options = (
        "ranking",
        _l("Ranking"),
        "ranking",
        "ranking",
        True,
    )

    def parse(self, question: Any, raw: Raw) -> Any:
        values = option_values(question.options)
        ranks: dict[int, str] = {}
        for value in values:
            text = first(raw, field_name(question.code, value))
            if not text:
                continue
            rank = whole_number(text)
            if rank is None or not 1 <= rank <= len(values):
                raise AnswerError(_("Ranks must be numbers from 1 to %(n)s.", n=len(values)))
            if rank in ranks:
                raise AnswerError(_("Each rank can be used only once."))
            ranks[rank] = value
        if not ranks:
            return None
        if question.required and len(ranks) < len(values):
            raise AnswerError(_("Please give every item a rank."))
        return [ranks[rank] for rank in sorted(ranks)]

    def export_columns(self, question: Any) -> list[Column]:
        return [
            Column(
                f"{question.code}.{o['value']}",
                f"{question.text}: rank of {o['label']}",
                lambda v, key=o["value"]: (v.index(key) + 1) if v and key in v else None,
                numeric=True,
            )
            for o in question.options
        ]

    def display(self, question: Any, value: Any, local: Localised) -> str:
        labels = labels_of(local.options)
        return "; ".join(f"{n}. {labels.get(v, '')}" for n, v in enumerate(value or [], start=1))
