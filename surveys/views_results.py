"""Results: responses, monitoring, exports."""

from __future__ import annotations

import json
import tempfile
from datetime import date

from flask import Response as HttpResponse
from flask import abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engage.access import roles
from engage.audit.services import record
from engage.directory.models import OrgUnit
from engage.extensions import db
from surveys import distribution, export_jobs, exports, results
from surveys.blueprint import STAFF, bp, get_survey, managed_survey
from surveys.forms import DeleteResponseForm
from surveys.models import Response
from surveys.views_translations import XLSX
from surveys.wording import localise


def unit_choices() -> list[tuple[int, str]]:
    return [(u.id, u.name) for u in db.session.scalars(select(OrgUnit).order_by(OrgUnit.name))]


def _filters() -> results.Filters:
    def day(name: str) -> date | None:
        try:
            return date.fromisoformat(request.args.get(name, ""))
        except ValueError:
            return None

    return results.Filters(
        org_unit_id=request.args.get("org_unit", type=int),
        language=request.args.get("language", ""),
        since=day("since"),
        until=day("until"),
    )


@bp.get("/<int:survey_id>/responses")
@roles(*STAFF)
def responses(survey_id: int) -> ResponseReturnValue:
    survey = managed_survey(survey_id)
    filters = _filters()
    page = max(request.args.get("page", 1, type=int), 1)
    items = db.session.scalars(
        results.response_query(survey, filters).limit(50).offset((page - 1) * 50)
    ).all()
    return render_template(
        "surveys/responses.html",
        survey=survey,
        items=items,
        filters=filters,
        units=unit_choices(),
        page=page,
        query_args={k: v for k, v in request.args.items() if k != "page"},
        show_people=distribution.may_see_respondents(survey, current_user),
    )


@bp.route("/<int:survey_id>/responses/<response_id>", methods=["GET", "POST"])
@roles(*STAFF)
def response_detail(survey_id: int, response_id: str) -> ResponseReturnValue:
    survey = managed_survey(survey_id)
    response = db.session.get(Response, response_id)
    if response is None or response.survey_id != survey.id:
        abort(404)
    form = DeleteResponseForm()
    if form.validate_on_submit():
        results.delete_response(survey, response_id, form.reason.data, current_user)
        db.session.commit()
        flash(_("The response was deleted."), "success")
        return redirect(url_for("surveys.responses", survey_id=survey.id))
    from surveys import qtypes

    values = {a.question_id: a.value for a in response.answers}
    answers = [
        (q.code, q.text, qtypes.get(q.type).display(q, values[q.id], localise(q, "en")))
        for q in survey.questions
        if q.id in values
    ]
    return render_template(
        "surveys/response_detail.html",
        survey=survey,
        response=response,
        answers=answers,
        form=form,
        show_people=distribution.may_see_respondents(survey, current_user),
    ), 400 if form.errors else 200


@bp.get("/<int:survey_id>/monitor")
@roles(*STAFF)
def monitor(survey_id: int) -> ResponseReturnValue:
    survey = get_survey(survey_id)
    return render_template("surveys/monitor.html", survey=survey, m=results.monitoring(survey))


@bp.get("/<int:survey_id>/export.<fmt>")
@roles(*STAFF)
def export(survey_id: int, fmt: str) -> ResponseReturnValue:
    survey = managed_survey(survey_id)
    if fmt not in (*exports.FORMATS, "json"):
        abort(404)
    if export_jobs.needs_job(survey, fmt):
        count = export_jobs.response_count(survey)
        return render_template("surveys/export_job.html", survey=survey, fmt=fmt, count=count)
    record(current_user, "survey.exported", "survey", survey.id, format=fmt)
    db.session.commit()
    name = f"{survey.slug}-responses.{fmt}"
    disposition = {"Content-Disposition": f"attachment; filename={name}"}
    if fmt == "csv":
        body = stream_with_context(exports.csv_chunks(survey.id))
        return HttpResponse(body, mimetype="text/csv", headers=disposition)
    if fmt == "xlsx":
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return HttpResponse(exports.xlsx_bytes(survey), mimetype=mimetype, headers=disposition)
    if fmt == "sav":
        with tempfile.NamedTemporaryFile(suffix=".sav") as handle:
            exports.write_sav(survey, handle.name)
            data = handle.read()
        return HttpResponse(data, mimetype="application/x-spss-sav", headers=disposition)
    body = json.dumps(exports.definition(survey), ensure_ascii=False, indent=2)
    headers = {"Content-Disposition": f"attachment; filename={survey.slug}-definition.json"}
    return HttpResponse(body, mimetype="application/json", headers=headers)


@bp.get("/<int:survey_id>/definition.xlsx")
@roles(*STAFF)
def export_xlsform(survey_id: int) -> ResponseReturnValue:
    """The definition as an XLSForm workbook, for KoboToolbox, ODK or a later re-import."""
    from surveys.xlsform_export import export_xlsform as build

    survey = managed_survey(survey_id)
    data, _notes = build(survey)
    record(current_user, "survey.exported", "survey", survey.id, format="xlsform")
    db.session.commit()
    return HttpResponse(
        data,
        mimetype=XLSX,
        headers={"Content-Disposition": f"attachment; filename={survey.slug}-xlsform.xlsx"},
    )
