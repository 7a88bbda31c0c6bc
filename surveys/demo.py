"""Demo surveys in English, Spanish and Hmong, with generated responses around real answers.

The open answers are real resident comments (see demo_data/SOURCE.md); everything else about
each demo respondent is random with a fixed seed. Responses go through the same validation and
recording path as a real submission.
"""

from __future__ import annotations

import csv
import json
import random
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from engage.directory.models import OrgUnit, OrgUnitKind
from engage.extensions import db
from engage.timeutil import utcnow
from surveys import conditions, responding
from surveys.models import Anonymity, Question, Section, Survey, SurveyKind, SurveyStatus

DATA = Path(__file__).parent / "demo_data"
RESPONSES = {"demo-buy-in": 300, "demo-feedback": 80}
LANGS = ("en", "es", "hmn")


def _open_answers() -> list[str]:
    with (DATA / "durham_rss2021_q21.csv").open(encoding="utf-8", newline="") as handle:
        return [row["response"] for row in csv.DictReader(handle)]


def _directory(kind: str) -> list[dict[str, str]]:
    units = db.session.scalars(
        select(OrgUnit).where(OrgUnit.kind == OrgUnitKind(kind)).order_by(OrgUnit.name)
    )
    return [{"value": f"u{u.id}", "label": u.name} for u in units]


def _question(spec: dict[str, Any], position: int, likert: dict[str, list]) -> Question:
    options = spec.get("options") or likert.get(spec.get("likert_like", ""), [])
    if "directory" in spec:
        options = [
            {**o, "es": o["label"], "hmn": o["label"]} for o in _directory(spec["directory"])
        ]
    return Question(
        code=spec["code"],
        type=spec["type"],
        position=position,
        text=spec["text"]["en"],
        help="",
        required=spec.get("required", False),
        options=[{"value": o["value"], "label": o.get("en") or o["label"]} for o in options],
        settings=spec.get("settings", {}),
        condition=conditions.parse(spec.get("condition", "")),
        translations={
            lang: {"text": spec["text"][lang], "options": {o["value"]: o[lang] for o in options}}
            for lang in LANGS[1:]
        },
    )


def _build(spec: dict[str, Any]) -> Survey:
    text = {k: spec[k] for k in ("title", "intro", "thanks")}
    survey = Survey(
        slug=spec["slug"],
        kind=SurveyKind(spec["kind"]),
        anonymity=Anonymity(spec["anonymity"]),
        public=spec["public"],
        review_step=spec["review_step"],
        languages=list(LANGS),
        status=SurveyStatus.OPEN,
        translations={lang: {k: v[lang] for k, v in text.items()} for lang in LANGS[1:]},
        **{k: v["en"] for k, v in text.items()},
    )
    likert: dict[str, list] = {}
    for s_index, section_spec in enumerate(spec["sections"]):
        titles = section_spec["title"]
        section = Section(
            position=s_index,
            title=titles["en"],
            translations={lang: {"title": titles[lang]} for lang in LANGS[1:]},
        )
        survey.sections.append(section)
        for q_index, q_spec in enumerate(section_spec["questions"]):
            question = _question(q_spec, q_index, likert)
            question.survey = survey
            likert.setdefault(q_spec["code"], q_spec.get("options", []))
            section.questions.append(question)
    db.session.add(survey)
    db.session.flush()
    return survey


def _raw(survey: Survey, rng: random.Random, lang: str, texts: list[str]) -> dict[str, list[str]]:
    """One plausible respondent's form input."""
    raw: dict[str, list[str]] = {}
    for question in survey.questions:
        name = f"q.{question.code}"
        if question.type == "single_choice" and question.options:
            weights = [8, 5, 2, 1][: len(question.options)] if question.code == "role" else None
            raw[name] = [rng.choices(question.options, weights=weights)[0]["value"]]
        elif question.type == "likert":
            raw[name] = [str(rng.choices(range(1, 6), weights=[1, 2, 3, 6, 5])[0])]
        elif question.type == "multiple_choice":
            raw[name] = [o["value"] for o in rng.sample(question.options, rng.randint(1, 3))]
        elif question.type == "long_text" and lang == "en" and texts and rng.random() < 0.9:
            raw[name] = [texts.pop()]
        elif question.type == "rating":
            raw[name] = [str(rng.randint(0, 10))]
        elif question.type == "consent" and rng.random() < 0.4:
            raw[name] = ["yes"]
        elif question.type == "demographics" and rng.random() < 0.6:
            raw.update(_demographics(name, rng))
    return raw


def _demographics(name: str, rng: random.Random) -> dict[str, list[str]]:
    race = rng.choices(
        ["white", "black", "hispanic", "asian", "aian", "mena", "prefer_not"],
        weights=[48, 26, 15, 6, 2, 1, 2],
    )[0]
    out = {
        f"{name}.race": [race],
        f"{name}.age": [rng.choice(["18_24", "25_34", "35_44", "45_54", "55_64", "65_plus"])],
    }
    out[f"{name}.gender"] = [
        rng.choices(["woman", "man", "non_binary", "prefer_not"], weights=[50, 45, 2, 3])[0]
    ]
    if race == "asian" and rng.random() < 0.6:
        out[f"{name}.race_detail"] = ["hmong"]
    return out


def _respond(survey: Survey, count: int, rng: random.Random, texts: list[str]) -> None:
    today = utcnow().date()
    for _ in range(count):
        lang = rng.choices(LANGS, weights=[80, 13, 7])[0]
        raw = _raw(survey, rng, lang, texts)
        ev = responding.evaluate(survey, raw)
        state = responding.FormState(survey_id=survey.id, lang=lang, key=secrets.token_hex(16))
        day = today - timedelta(days=rng.randint(0, 27))
        responding.record_response(survey, state, ev, None, submitted_on=day)
    db.session.flush()


def seed_surveys() -> str:
    """Create the demo surveys and their responses if missing. Idempotent; flushes."""
    specs = json.loads((DATA / "demo_surveys.json").read_text(encoding="utf-8"))["surveys"]
    rng, texts, created = random.Random(2021), _open_answers(), 0  # noqa: S311 (demo data)
    rng.shuffle(texts)
    for spec in specs:
        if db.session.scalar(select(Survey.id).where(Survey.slug == spec["slug"])):
            continue
        survey = _build(spec)
        _respond(survey, RESPONSES[spec["slug"]], rng, texts)
        created += 1
    return f"surveys: {created} created"
