"""A survey's definition -> an XLSForm workbook (survey, choices and settings sheets).

The workbook re-imports into the same structure (``surveys.importers.xlsform``): sections,
question codes, types, options, required, hints, skip rules and translations. Mapping
(Engage type -> XLSForm): single_choice -> select_one, multiple_choice -> select_multiple
(``or_other`` when "Other" is allowed), ranking -> rank, short_text -> text, long_text -> text
with ``multiline``, number -> integer or decimal with a ``constraint`` for its bounds, date ->
date, consent -> acknowledge, rating -> range 0-10, likert -> select_one with ``likert``, a
section -> a ``field-list`` group (its intro a note), skip rules -> ``relevant``.

Engage types XLSForm has no word for (likert points, matrix, email, demographics) and
settings such as ``maps_to`` travel in namespaced bind columns (``bind::engage:type``,
``bind::engage:settings``), which XLSForm tools carry as custom attributes and ignore.
What XLSForm cannot hold (the survey's intro, thank-you text and translated titles, a rule it
cannot express) is listed in the returned notes and on an
``engage_notes`` sheet of the workbook, never dropped silently.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

from openpyxl import Workbook

from surveys.importers.xlsform_engage import ENGAGE_SETTINGS, ENGAGE_TYPE
from surveys.models import Question, Section, Survey
from surveys.qtypes.scales import likert_scale

LANGUAGE_NAMES = {"en": "English (en)", "es": "Spanish (es)", "hmn": "Hmong (hmn)"}
NAMESPACE = 'engage="urn:engage:xlsform:1"'
#: Engage types with an XLSForm type of their own; the rest carry bind::engage:type
NATIVE = {
    "single_choice": "select_one",
    "multiple_choice": "select_multiple",
    "ranking": "rank",
    "short_text": "text",
    "long_text": "text",
    "date": "date",
    "consent": "acknowledge",
    "rating": "range",
}
#: the XLSForm type shown by other tools for an Engage-only type
STAND_IN = {"likert": "select_one", "matrix": "select_one", "email": "text"}
#: settings said by XLSForm's own columns (type, constraint, or_other)
NATIVE_SETTINGS = {"min", "max", "integer", "allow_other"}
CHOICE_TYPES = {"single_choice", "multiple_choice", "ranking", "likert", "matrix"}
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


class Unwritable(ValueError):
    """A skip rule XLSForm's ``relevant`` cannot say; ``str()`` says what."""


def export_xlsform(survey: Survey) -> tuple[bytes, list[str]]:
    """The survey as an XLSForm workbook, and notes on what XLSForm could not hold.

    Returns:
        ``(xlsx bytes, notes)``; the notes are empty when nothing was left out.
    """
    writer = _Writer(survey)
    writer.run()
    book = Workbook()
    _sheet(book.active, "survey", writer.survey_rows)
    _sheet(book.create_sheet(), "choices", writer.choice_rows)
    _sheet(book.create_sheet(), "settings", [writer.settings()])
    if writer.notes:  # XLSForm tools ignore other sheets; a person opening the file reads it
        _sheet(book.create_sheet(), "engage_notes", [{"not carried by XLSForm": n}
                                                     for n in writer.notes])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), writer.notes


def _sheet(sheet: Any, title: str, rows: list[dict[str, str]]) -> None:
    sheet.title = title
    header: list[str] = []
    for row in rows:
        header += [k for k in row if k not in header]
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(k, "") for k in header])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            # Typed as text, a cell starting with "=" is shown, never run as a formula; the
            # wording stays exactly as written (an apostrophe would not survive a round trip).
            cell.data_type = "s"


class _Writer:
    def __init__(self, survey: Survey) -> None:
        self.survey = survey
        self.others = [lang for lang in survey.languages if lang != "en"]
        self.types = {q.code: q.type for q in survey.questions}
        self.names = set(self.types)
        self.survey_rows: list[dict[str, str]] = []
        self.choice_rows: list[dict[str, str]] = []
        self.notes: list[str] = []
        self.engage_columns = False

    def settings(self) -> dict[str, str]:
        row = {
            "form_title": self.survey.title,
            "form_id": self.survey.slug,
            "default_language": LANGUAGE_NAMES["en"],
        }
        if self.engage_columns:
            row["namespaces"] = NAMESPACE
        return row

    def run(self) -> None:
        if self.survey.intro or self.survey.thanks:
            self.notes.append("the survey's intro and thank-you text (XLSForm has no place)")
        if any((t or {}).get("title") for t in (self.survey.translations or {}).values()):
            self.notes.append("the translated survey titles (form_title has one language)")
        for n, section in enumerate(self.survey.sections, start=1):
            self._section(n, section)

    def _unique(self, name: str) -> str:
        candidate, n = name, 1
        while candidate in self.names:
            n += 1
            candidate = f"{name}_{n}"
        self.names.add(candidate)
        return candidate

    def _labels(self, column: str, main: str, translated: dict[str, str]) -> dict[str, str]:
        cells = {f"{column}::{LANGUAGE_NAMES['en']}": main} if main else {}
        for lang in self.others:
            if translated.get(lang):
                cells[f"{column}::{LANGUAGE_NAMES.get(lang, lang)}"] = translated[lang]
        return cells

    def _section(self, n: int, section: Section) -> None:
        name = self._unique(f"section_{n}")
        tr = section.translations or {}
        group = {"type": "begin_group", "name": name, "appearance": "field-list"}
        group |= self._labels("label", section.title, _pick(tr, "title"))
        group["relevant"] = self._relevant(section.condition, f"section {n}")
        self.survey_rows.append(group)
        if section.intro:
            note = {"type": "note", "name": self._unique(f"{name}_intro")}
            self.survey_rows.append(note | self._labels("label", section.intro, _pick(tr, "intro")))
        for question in section.questions:
            self.survey_rows.append(self._question(question))
        self.survey_rows.append({"type": "end_group", "name": name})

    def _question(self, q: Question) -> dict[str, str]:
        tr = q.translations or {}
        row = {"type": self._type(q), "name": q.code}
        row |= self._labels("label", q.text, _pick(tr, "text"))
        row |= self._labels("hint", q.help, _pick(tr, "help"))
        row["required"] = "yes" if q.required else ""
        row["relevant"] = self._relevant(q.condition, q.code)
        if q.type == "number":
            row["constraint"] = _bounds(q.settings)
        row["appearance"] = {"long_text": "multiline", "likert": "likert"}.get(q.type, "")
        if q.type == "rating":
            row["parameters"] = "start=0 end=10 step=1"
        if q.type not in NATIVE and q.type != "number":
            row[ENGAGE_TYPE] = q.type
        extra = {k: v for k, v in (q.settings or {}).items() if k not in NATIVE_SETTINGS}
        if q.type in ("likert", "matrix") and not q.options:
            extra["standard_labels"] = True  # Engage's own (translated) agreement labels
        rows = {lang: t["rows"] for lang, t in tr.items() if lang in self.others and t.get("rows")}
        if q.type == "matrix" and rows:
            extra["row_translations"] = rows  # XLSForm labels a row only as a question
        if extra:
            row[ENGAGE_SETTINGS] = json.dumps(extra, ensure_ascii=False, sort_keys=True)
        if q.type in CHOICE_TYPES:
            self._choices(q)
        self.engage_columns |= ENGAGE_TYPE in row or ENGAGE_SETTINGS in row
        return {k: v for k, v in row.items() if v}

    def _type(self, q: Question) -> str:
        if q.type == "number":
            return "integer" if q.settings.get("integer") else "decimal"
        base = NATIVE.get(q.type) or STAND_IN.get(q.type, "text")
        if base in ("select_one", "select_multiple", "rank"):
            base = f"{base} {q.code}"
        if q.type == "multiple_choice" and q.settings.get("allow_other"):
            base += " or_other"
        return base

    def _choices(self, q: Question) -> None:
        translated = q.translations or {}
        options = q.options
        if q.type in ("likert", "matrix") and not options:
            options = [{"value": str(n), "label": str(label)} for n, label in likert_scale(q)]
        for option in options:
            labels = {
                lang: (translated.get(lang, {}).get("options") or {}).get(option["value"], "")
                for lang in self.others
            }
            row = {"list_name": q.code, "name": option["value"]}
            self.choice_rows.append(row | self._labels("label", option["label"], labels))

    def _relevant(self, condition: dict[str, Any] | None, where: str) -> str:
        if condition is None:
            return ""
        try:
            return relevant(condition, self.types)
        except Unwritable as exc:
            self.notes.append(f"{where}: the skip rule ({exc})")
            return ""


def _pick(translations: dict[str, Any], key: str) -> dict[str, str]:
    return {lang: (entry or {}).get(key, "") for lang, entry in translations.items()}


def _number(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _bounds(settings: dict[str, Any]) -> str:
    parts = []
    if settings.get("min") is not None:
        parts.append(f". >= {_number(settings['min'])}")
    if settings.get("max") is not None:
        parts.append(f". <= {_number(settings['max'])}")
    return " and ".join(parts)


def relevant(condition: dict[str, Any], types: dict[str, str]) -> str:
    """An Engage condition as an XLSForm ``relevant`` expression.

    Compound parts are parenthesised so the importer reads back the same nesting; ``in``
    becomes an ``or`` of equalities, which the importer folds back into ``in``.

    Raises:
        Unwritable: a value holds both kinds of quote, or a rule names an unknown question.
    """
    for key, word in (("all", " and "), ("any", " or ")):
        if key in condition:
            return word.join(_wrap(part, types) for part in condition[key])
    code, op, value = condition["q"], condition["op"], condition.get("value")
    if code not in types:
        raise Unwritable(f"it refers to {code}, which is not in the survey")
    ref, choice = f"${{{code}}}", types[code] in CHOICE_TYPES
    if op == "in":
        return " or ".join(_equals(ref, v, choice) for v in value)
    if op in ("answered", "not_answered"):
        return f"{ref} {'!=' if op == 'answered' else '='} ''"
    if op == "equals":
        return _equals(ref, value, choice)
    if op == "not_equals":
        return f"not({_equals(ref, value, True)})" if choice else f"{ref} != {_literal(value)}"
    symbol = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[op]
    return f"{ref} {symbol} {_literal(value)}"


def _wrap(part: dict[str, Any], types: dict[str, str]) -> str:
    text = relevant(part, types)
    compound = "all" in part or "any" in part or part.get("op") == "in"
    return f"({text})" if compound else text


def _equals(ref: str, value: Any, choice: bool) -> str:
    if choice:
        return f"selected({ref}, {_literal(value, quote=True)})"
    return f"{ref} = {_literal(value)}"


def _literal(value: Any, *, quote: bool = False) -> str:
    text = str(value)
    if not quote and _NUMBER.fullmatch(text) and not text.startswith("-"):
        return text
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    raise Unwritable(f"the value {text[:40]!r} holds both kinds of quote")
