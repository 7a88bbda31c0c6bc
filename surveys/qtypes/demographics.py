"""The demographics block: race and ethnicity, gender, age band.

Race and ethnicity follow the 2024 revision of OMB Statistical Policy Directive No. 15: one
combined question, seven minimum categories, select all that apply, with the standard's detailed
checkboxes under each category. Hmong is listed under Asian because Milwaukee County has one of
the largest Hmong communities in the United States. Every part offers "prefer not to say".
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from surveys.qtypes.base import (
    AnswerError,
    Column,
    Localised,
    QuestionType,
    Raw,
    check_text_length,
    field_name,
    first,
)

PREFER_NOT = "prefer_not"

#: (code, label, ((detail code, detail label), ...)) in the order SPD 15 (2024) lists them
RACE_ETHNICITY = (
    ("aian", _l("American Indian or Alaska Native"), (
        ("navajo", _l("Navajo Nation")), ("blackfeet", _l("Blackfeet Tribe")),
        ("ho_chunk", _l("Ho-Chunk Nation")), ("menominee", _l("Menominee Indian Tribe")),
        ("oneida", _l("Oneida Nation")), ("maya", _l("Maya")),
    )),
    ("asian", _l("Asian"), (
        ("chinese", _l("Chinese")), ("asian_indian", _l("Asian Indian")),
        ("filipino", _l("Filipino")), ("vietnamese", _l("Vietnamese")),
        ("korean", _l("Korean")), ("japanese", _l("Japanese")), ("hmong", _l("Hmong")),
    )),
    ("black", _l("Black or African American"), (
        ("african_american", _l("African American")), ("jamaican", _l("Jamaican")),
        ("haitian", _l("Haitian")), ("nigerian", _l("Nigerian")),
        ("ethiopian", _l("Ethiopian")), ("somali", _l("Somali")),
    )),
    ("hispanic", _l("Hispanic or Latino"), (
        ("mexican", _l("Mexican")), ("puerto_rican", _l("Puerto Rican")),
        ("salvadoran", _l("Salvadoran")), ("cuban", _l("Cuban")),
        ("dominican", _l("Dominican")), ("guatemalan", _l("Guatemalan")),
    )),
    ("mena", _l("Middle Eastern or North African"), (
        ("lebanese", _l("Lebanese")), ("iranian", _l("Iranian")), ("egyptian", _l("Egyptian")),
        ("syrian", _l("Syrian")), ("iraqi", _l("Iraqi")), ("israeli", _l("Israeli")),
    )),
    ("nhpi", _l("Native Hawaiian or Pacific Islander"), (
        ("native_hawaiian", _l("Native Hawaiian")), ("samoan", _l("Samoan")),
        ("chamorro", _l("Chamorro")), ("tongan", _l("Tongan")),
        ("fijian", _l("Fijian")), ("marshallese", _l("Marshallese")),
    )),
    ("white", _l("White"), (
        ("english", _l("English")), ("german", _l("German")), ("irish", _l("Irish")),
        ("italian", _l("Italian")), ("polish", _l("Polish")), ("scottish", _l("Scottish")),
    )),
)  # fmt: skip
GENDER = (
    ("woman", _l("Woman")),
    ("man", _l("Man")),
    ("non_binary", _l("Non-binary")),
    ("another", _l("Another gender")),
    (PREFER_NOT, _l("Prefer not to say")),
)
AGE_BANDS = (
    ("under_18", _l("Under 18")),
    ("18_24", _l("18–24")),
    ("25_34", _l("25–34")),
    ("35_44", _l("35–44")),
    ("45_54", _l("45–54")),
    ("55_64", _l("55–64")),
    ("65_plus", _l("65 or older")),
    (PREFER_NOT, _l("Prefer not to say")),
)
RACE_CODES = [code for code, _label, _details in RACE_ETHNICITY]
DETAIL_CODES = {d: code for code, _label, details in RACE_ETHNICITY for d, _dl in details}
LABELS = {
    **{code: label for code, label, _details in RACE_ETHNICITY},
    **{d: dl for _c, _l2, details in RACE_ETHNICITY for d, dl in details},
}


def _choice(raw: Raw, name: str, allowed: tuple[tuple[str, Any], ...]) -> str | None:
    value = first(raw, name)
    if value and value not in dict(allowed):
        raise AnswerError(_("Please choose one of the options shown."))
    return value or None


class Demographics(QuestionType):
    """Value: ``{"race": [...], "race_detail": [...], "race_other": str, "gender": code,
    "age": code}`` with only the parts answered; ``race == ["prefer_not"]`` when declined."""

    name, label, stats_kind, macro = (
        "demographics",
        _l("Demographics block"),
        "demographic",
        "demographics",
    )

    def parse(self, question: Any, raw: Raw) -> Any:
        code = question.code
        race = [v for v in raw.get(field_name(code, "race"), []) if v]
        details = [v for v in raw.get(field_name(code, "race_detail"), []) if v]
        if any(v not in [*RACE_CODES, PREFER_NOT] for v in race) or any(
            v not in DETAIL_CODES for v in details
        ):
            raise AnswerError(_("Please choose one of the options shown."))
        if PREFER_NOT in race and len(race) > 1:
            raise AnswerError(_("“Prefer not to say” cannot be combined with other answers."))
        # A detail implies its category, as SPD 15 tabulates it.
        race = [c for c in [*RACE_CODES, PREFER_NOT] if c in race or c in _parents(details)]
        other = check_text_length(first(raw, field_name(code, "race_other")), 200)
        value = {
            "race": race,
            "race_detail": [d for d in DETAIL_CODES if d in details],
            "race_other": other,
            "gender": _choice(raw, field_name(code, "gender"), GENDER),
            "age": _choice(raw, field_name(code, "age"), AGE_BANDS),
        }
        value = {k: v for k, v in value.items() if v}
        return value or None

    def export_columns(self, question: Any) -> list[Column]:
        code, flag = question.code, {0: "no", 1: "yes"}
        columns = [
            Column(
                f"{code}.race.{c}",
                f"Race/ethnicity: {LABELS.get(c, 'Prefer not to say')}",
                lambda v, c=c: None if v is None else int(c in v.get("race", [])),
                flag,
                numeric=True,
            )
            for c in [*RACE_CODES, PREFER_NOT]
        ]
        columns += [
            Column(
                f"{code}.detail.{d}",
                f"Race/ethnicity detail: {LABELS[d]}",
                lambda v, d=d: None if v is None else int(d in v.get("race_detail", [])),
                flag,
                numeric=True,
            )
            for d in DETAIL_CODES
        ]
        return [
            *columns,
            Column(
                f"{code}.race_other",
                "Race/ethnicity: another",
                lambda v: (v or {}).get("race_other"),
            ),
            Column(f"{code}.gender", "Gender", lambda v: (v or {}).get("gender"), _str(GENDER)),
            Column(f"{code}.age", "Age band", lambda v: (v or {}).get("age"), _str(AGE_BANDS)),
        ]

    def display(self, question: Any, value: Any, local: Localised) -> str:
        if not value:
            return ""
        parts = [str(LABELS.get(c, _("Prefer not to say"))) for c in value.get("race", [])]
        parts += [str(LABELS[d]) for d in value.get("race_detail", [])]
        parts += [value[k] for k in ("race_other",) if value.get(k)]
        parts += [
            str(dict(GENDER).get(value.get("gender"), "")),
            str(dict(AGE_BANDS).get(value.get("age"), "")),
        ]
        return "; ".join(p for p in parts if p)


def _parents(details: list[str]) -> set[str]:
    return {DETAIL_CODES[d] for d in details}


def _str(pairs: tuple[tuple[str, Any], ...]) -> dict[str, str]:
    return {code: str(label) for code, label in pairs}
