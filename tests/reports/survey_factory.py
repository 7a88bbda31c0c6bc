"""A survey with closed questions, answers from several departments, and invitations.

Built directly with the models (no NLP run): closed-question results and response rates are
computed from the database alone, so tests that use it stay fast.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from analysis.reports import closed
from analysis.reports.models import AnalysisRun, ReportState, RunStatus, RunUnit, Theme
from engage.directory.models import OrgUnit, OrgUnitKind, Stakeholder, StakeholderRole
from engage.extensions import db
from surveys.models import (
    Answer,
    Invitation,
    Question,
    Response,
    Section,
    SubmissionReceipt,
    Survey,
)

#: respondents per department (None: no department given); D is under K = 10
DEPARTMENTS = {"Parks": 30, "Transit": 25, "Health": 20, "Zoo": 4, None: 12}
#: invitations per department: (sent, answered)
INVITED = {"Parks": (30, 20), "Transit": (20, 12), "Health": (15, 11), "Zoo": (5, 1)}
LIKERT_BY_DEPARTMENT = {"Parks": (5, 4, 4, 3), "Transit": (4, 2, 3, 1), "Health": (1, 2, 2, 3)}
LANES = [{"value": "bus", "label": "Bus"}, {"value": "bike", "label": "Bike"}]


def _questions(survey: Survey, section: Section) -> dict[str, Question]:
    specs = [
        ("open", "long_text", "What should the county change?", [], {}),
        ("trust", "likert", "The county listens to residents.", [], {"points": 5}),
        ("rate", "matrix", "How do you rate these?", [],
         {"points": 5, "rows": [{"value": "speed", "label": "Speed"}]}),
        ("lane", "single_choice", "Which lane do you use most?", LANES, {}),
        ("uses", "multiple_choice", "Which do you use?", LANES, {"allow_other": True}),
    ]  # fmt: skip
    out = {}
    for position, (code, type_, text, options, settings) in enumerate(specs):
        out[code] = Question(
            survey_id=survey.id, section_id=section.id, position=position, code=code,
            type=type_, text=text, options=options, settings=settings,
        )  # fmt: skip
        db.session.add(out[code])
    db.session.flush()
    return out


def _answers(question: dict[str, Question], n: int, department: str | None) -> dict[int, Any]:
    likert = LIKERT_BY_DEPARTMENT.get(department or "", (3, 4, 5, 2))[n % 4]
    return {
        question["open"].id: f"Answer {n} about the buses and parks.",
        question["trust"].id: likert,
        question["rate"].id: {"speed": 6 - likert},
        question["lane"].id: LANES[n % 2]["value"],
        question["uses"].id: {"selected": ["bus", "_other"] if n % 3 else ["bike"], "other": "x"},
    }


def make_survey() -> tuple[Survey, dict[str, Question], dict[str, OrgUnit]]:
    """The survey, its questions by code, and the departments by name. Flushes."""
    survey = Survey(slug="closed-results", title="Transit survey", status="open")
    db.session.add(survey)
    db.session.flush()
    section = Section(survey_id=survey.id, position=0, title="All")
    db.session.add(section)
    db.session.flush()
    questions = _questions(survey, section)
    units = {name: OrgUnit(kind=OrgUnitKind.DEPARTMENT, name=name) for name in DEPARTMENTS if name}
    db.session.add_all(units.values())
    db.session.flush()
    count = 0
    for name, n in DEPARTMENTS.items():
        for _ in range(n):
            count += 1
            unit = units.get(name or "")
            response = Response(
                survey_id=survey.id, submitted_on=date(2026, 3, 1), language="en",
                org_unit_id=unit.id if unit else None,
                respondent_role="resident" if count % 2 else "employee",
            )  # fmt: skip
            db.session.add(response)
            db.session.flush()
            for qid, value in _answers(questions, count, name).items():
                db.session.add(Answer(response_id=response.id, question_id=qid, value=value))
    _invitations(survey, units)
    db.session.flush()
    return survey, questions, units


def _invitations(survey: Survey, units: dict[str, OrgUnit]) -> None:
    for name, (sent, answered) in INVITED.items():
        for i in range(sent):
            person = Stakeholder(name=f"{name} {i}", role=StakeholderRole.EMPLOYEE)
            person.org_units = [units[name]]
            token = hashlib.sha256(f"{name}-{i}".encode()).hexdigest()
            db.session.add_all([person, Invitation(survey_id=survey.id, stakeholder=person,
                                                   token_hash=token)])  # fmt: skip
            if i < answered:
                db.session.add(SubmissionReceipt(key_hash=token, survey_id=survey.id))


def make_survey_run(title: str = "Transit report", published: bool = False) -> int:
    """A finished run whose scope is the survey's open question; results computed. Commits."""
    survey, questions, _units = make_survey()
    run = AnalysisRun(
        title=title, scope={"sources": {"survey": {"ids": [str(questions["open"].id)]}}},
        params={"seed": 0, "suppression_k": 10}, status=RunStatus.FINISHED,
        state=ReportState.PUBLISHED if published else ReportState.DRAFT,
    )  # fmt: skip
    db.session.add(run)
    db.session.flush()
    run.survey_results = closed.compute(run.scope, 10)
    db.session.commit()
    return run.id


#: Two stored themes: a quote whose author agreed to quotation and one whose author did not.
QUOTE_OK = "The buses to the county hospital should run every fifteen minutes."
QUOTE_PRIVATE = "My neighbour on Elm Street says the park is unsafe at night."


def add_themes(run_id: int) -> None:
    """Give a run two themes, their units and breakdowns (one cell hidden). Commits."""
    run = db.session.get(AnalysisRun, run_id)
    cells = {"Parks": {"rows": 12, "share": 0.4, "support": 0.5, "concern": 0.25},
             "Zoo": {"suppressed": True}, "Health": {"suppressed": True}}  # fmt: skip
    for position, (label, quote, unit) in enumerate(
        (("Bus frequency", QUOTE_OK, "u1"), ("Park safety", QUOTE_PRIVATE, "u2"))
    ):
        db.session.add(RunUnit(run_id=run.id, unit_id=unit, respondent=unit, text=quote,
                               quotable=unit == "u1"))  # fmt: skip
        db.session.add(Theme(run_id=run.id, position=position, label=label, respondents=30,
                             units=30, keywords=["bus", "park"], summary="",
                             stance={"support": 12, "concern": 10, "neutral": 8},
                             groups={"department": cells},
                             quotes=[{"unit_id": unit, "text": quote}]))  # fmt: skip
    run.respondents, run.units = 91, 91
    run.group_sizes = {"department": {"Parks": 30, "Transit": 25, "Zoo": None, "Health": None}}
    db.session.commit()
