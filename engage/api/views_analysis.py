"""Analysis runs and themes over the API, with the report pages' privacy rules.

Who sees what is decided by the reports package itself (``visible_run``, ``visible_theme``,
``report.quotes``, ``report.summary``): readers outside analysis get published runs only,
quotes whose authors agreed to quotation (redacted) and group cells already suppressed.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from analysis.reports import report
from analysis.reports.blueprint import READERS, is_analyst, visible_run, visible_theme
from analysis.reports.models import AnalysisRun, RunStatus, Theme
from engage.api.auth import token_roles
from engage.api.blueprint import bp, iso, paginate
from engage.api.errors import ApiError

#: run fields only analysts see (inputs and engine internals)
ANALYST_FIELDS = ("scope", "params", "manifest", "stages", "error", "changes")


def run_json(run: AnalysisRun) -> dict[str, Any]:
    out = {
        "id": run.id,
        "title": run.title,
        "status": run.status.value,
        "state": run.state.value,
        "created_at": iso(run.created_at),
        "finished_at": iso(run.finished_at),
        "published_at": iso(run.published_at),
        "respondents": run.respondents,
        "units": run.units,
    }
    if is_analyst():
        out.update({name: getattr(run, name) for name in ANALYST_FIELDS})
    return out


@bp.get("/runs")
@token_roles(*READERS)
def runs() -> ResponseReturnValue:
    query = select(AnalysisRun).order_by(AnalysisRun.id.desc())
    if not is_analyst():
        query = query.where(AnalysisRun.state == "published", AnalysisRun.status == "finished")
    return paginate(query, run_json)


@bp.get("/runs/<id:run_id>")
@token_roles(*READERS)
def run(run_id: int) -> ResponseReturnValue:
    found = visible_run(run_id)
    statistics = {"group_sizes": found.group_sizes, "survey_results": found.survey_results}
    return jsonify({**run_json(found), **statistics})


@bp.get("/runs/<id:run_id>/themes")
@token_roles(*READERS)
def themes(run_id: int) -> ResponseReturnValue:
    found = visible_run(run_id)
    if found.status != RunStatus.FINISHED:
        raise ApiError(422, f"The run is {found.status.value}, not finished: no themes yet.")
    built = report.build(found)
    body: dict[str, Any] = {
        "run": found.id,
        "themes": [theme_json(t) for t in built.themes],
        "privacy": built.privacy,
    }
    if is_analyst():
        body["set_aside"] = [theme_json(t) for t in built.set_aside]
    return jsonify(body)


@bp.get("/runs/<id:run_id>/themes/<id:theme_id>")
@token_roles(*READERS)
def theme(run_id: int, theme_id: int) -> ResponseReturnValue:
    found = visible_theme(visible_run(run_id), theme_id)
    return jsonify(theme_json(found))


def theme_json(theme: Theme) -> dict[str, Any]:
    analyst = is_analyst()
    quotes = report.quotes(theme, analyst)
    out = {
        "id": theme.id,
        "label": theme.title,
        "keywords": theme.keywords,
        "summary": report.summary(theme, analyst),
        "respondents": theme.respondents,
        "units": theme.units,
        "stance": theme.stance,
        "consensus": theme.consensus,
        "concern": theme.concern,
        "divisiveness": theme.divisiveness,
        "groups": theme.groups,  # stored already suppressed
        # Readers get the redacted text only: no unit ids (they name responses) or originals.
        "quotes": [
            {
                "text": q["text"],
                "pinned": q["pinned"],
                **({"unit_id": q["unit_id"]} if analyst else {}),
            }
            for q in quotes
        ],
    }
    if analyst:
        out.update(machine_label=theme.label, not_relevant=theme.not_relevant,
                   merged_into=theme.merged_into_id)  # fmt: skip
    return out
