"""Wave pages: list, create and edit, open and close, answer, review, landscape."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engage.access import roles, signed_in
from engage.census import landscape, leads, rubrics
from engage.census import waves as services
from engage.census.forms import CsrfForm, ReviewForm, WaveForm, parse_answers
from engage.census.landscape_pdf import landscape_pdf
from engage.census.models import Assessment, Score, Wave, WaveStatus
from engage.census.views import bp
from engage.census.views.common import STAFF, get_or_404, require_unit
from engage.directory.models import OrgUnit, OrgUnitKind
from engage.errors import DomainError
from engage.extensions import db
from engage.forms_util import choices
from surveys.models import Survey, SurveyKind


@bp.get("/waves")
@roles(*STAFF)
def waves() -> ResponseReturnValue:
    return render_template("census/waves.html", waves=services.all_waves())


def _fill_wave_choices(form: WaveForm) -> None:
    units = db.session.scalars(
        select(OrgUnit).where(OrgUnit.kind == OrgUnitKind.DEPARTMENT).order_by(OrgUnit.name)
    )
    form.org_units.choices = choices((u.id, u.name) for u in units)
    surveys = db.session.scalars(select(Survey).where(Survey.kind == SurveyKind.CENSUS))
    form.survey_id.choices = choices([(0, _("— none —")), *((s.id, s.title) for s in surveys)])


@bp.route("/waves/new", methods=["GET", "POST"], defaults={"wave_id": None})
@bp.route("/waves/<int:wave_id>/edit", methods=["GET", "POST"])
@roles(*STAFF)
def edit_wave(wave_id: int | None) -> ResponseReturnValue:
    wave = get_or_404(Wave, wave_id) if wave_id else None
    form = WaveForm(obj=wave)
    _fill_wave_choices(form)
    if request.method == "GET" and wave is not None:
        form.org_units.data = [a.org_unit_id for a in wave.assessments]
        form.survey_id.data = wave.survey_id or 0
    rubric = wave.rubric if wave else rubrics.current_rubric()
    if rubric is None:
        form.form_errors.append(_("There is no rubric yet: an admin creates one first."))
    elif form.validate_on_submit():
        try:
            wave = services.save_wave(
                wave,
                title=form.title.data,
                rubric=rubric,
                org_unit_ids=form.org_units.data or [],
                survey_id=form.survey_id.data or None,
                actor=current_user,
            )
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Saved %(title)s.", title=wave.title), "success")
            return redirect(url_for("census.wave", wave_id=wave.id))
    status = 400 if form.form_errors or form.errors else 200
    return render_template("census/wave_form.html", form=form, wave=wave, rubric=rubric), status


@bp.post("/waves/<int:wave_id>/status/<action>")
@roles(*STAFF)
def change_wave(wave_id: int, action: str) -> ResponseReturnValue:
    wave = get_or_404(Wave, wave_id)
    try:
        services.change_status(wave, action, current_user)
    except DomainError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        opened = wave.status == WaveStatus.OPEN
        flash(_("The wave is now open.") if opened else _("The wave is now closed."), "success")
    return redirect(url_for("census.wave", wave_id=wave.id))


@bp.get("/waves/<int:wave_id>")
@roles(*STAFF)
def wave(wave_id: int) -> ResponseReturnValue:
    wave = get_or_404(Wave, wave_id)
    rows = landscape.heatmap(wave)
    return render_template(
        "census/wave.html",
        wave=wave,
        rows=rows,
        summaries=landscape.dimension_summaries(wave, rows),
        others=[w for w in services.all_waves() if w.id != wave.id],
        form=CsrfForm(),
    )


@bp.get("/waves/<int:wave_id>/change")
@roles(*STAFF)
def compare(wave_id: int) -> ResponseReturnValue:
    later = get_or_404(Wave, wave_id)
    earlier = get_or_404(Wave, request.args.get("since", type=int) or 0)
    return render_template(
        "census/change.html", later=later, earlier=earlier, rows=landscape.change(earlier, later)
    )


@bp.get("/waves/<int:wave_id>/landscape.pdf")
@roles(*STAFF)
def landscape_report(wave_id: int) -> ResponseReturnValue:
    """The landscape report as a PDF for leadership (the service records the export)."""
    wave = get_or_404(Wave, wave_id)
    content = landscape_pdf(wave, current_user)
    db.session.commit()
    return Response(
        content,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="census-wave-{wave.id}.pdf"'},
    )


@bp.route("/assessments/<int:assessment_id>", methods=["GET", "POST"])
@signed_in
def assessment(assessment_id: int) -> ResponseReturnValue:
    found = get_or_404(Assessment, assessment_id)
    require_unit(found.org_unit_id, answer=request.method == "POST")
    form, errors = CsrfForm(), {}
    dimensions = found.wave.rubric.dimensions
    entered = {
        s.dimension_id: services.Answer(
            s.dimension_id, s.self_level, s.evidence_links, s.evidence_notes
        )
        for s in found.scores
    }
    if request.method == "POST" and form.validate_on_submit():
        answers, errors = parse_answers(request.form, dimensions)
        entered = {a.dimension_id: a for a in answers}
        if not errors:
            try:
                services.submit_assessment(found, answers, current_user)
            except DomainError as exc:
                form.form_errors.append(str(exc))
            else:
                db.session.commit()
                flash(_("Thank you: the self-assessment is saved."), "success")
                return redirect(url_for("census.department", unit_id=found.org_unit_id))
    status = 400 if errors or form.form_errors else 200
    return render_template(
        "census/assessment.html",
        assessment=found,
        form=form,
        errors=errors,
        entered=entered,
        may_answer=found.wave.status == WaveStatus.OPEN
        and leads.may_answer(current_user, found.org_unit_id),
    ), status


@bp.route("/scores/<int:score_id>/review", methods=["GET", "POST"])
@roles(*STAFF)
def review(score_id: int) -> ResponseReturnValue:
    score = get_or_404(Score, score_id)
    form = ReviewForm()
    if request.method == "GET":
        form.level.data = score.level
        form.reason.data = score.review_reason
    if form.validate_on_submit():
        try:
            services.review_score(score, form.level.data, form.reason.data, current_user)
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Review saved."), "success")
            return redirect(url_for("census.wave", wave_id=score.assessment.wave_id))
    status = 400 if form.form_errors or form.errors else 200
    return render_template("census/review.html", score=score, form=form), status
