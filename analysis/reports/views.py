"""Report pages: runs, the report overview, theme pages, drill-down, publishing."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from analysis.reports import publishing, questions, report, runs, scopes, sources, statistics
from analysis.reports.blueprint import READERS, bp, is_analyst, visible_run, visible_theme
from analysis.reports.forms import RunForm, UploadForm
from analysis.reports.models import (
    STAGES,
    AnalysisRun,
    CurationEvent,
    RunStatus,
    RunUnit,
    ThemeAssignment,
)
from analysis.reports.sources_upload import create_upload
from engage.access import roles
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from engage.jobs.models import Job

sources.load_all()


@bp.get("/")
@roles(*READERS)
def index() -> ResponseReturnValue:
    query = select(AnalysisRun).order_by(AnalysisRun.id.desc()).limit(200)
    if not is_analyst():
        query = query.where(AnalysisRun.state == "published", AnalysisRun.status == "finished")
    return render_template("reports/index.html", runs=db.session.scalars(query).all())


@bp.route("/new", methods=["GET", "POST"])
@roles(Role.ANALYST)
def new_run() -> ResponseReturnValue:
    form = RunForm()
    scopes.fill_choices(form)
    if form.validate_on_submit():
        try:
            run = runs.start_run(scopes.from_form(form), form.title.data, current_user)
        except DomainError as exc:
            form.evidence.errors.append(str(exc))
        else:
            db.session.commit()
            return redirect(url_for("reports.show", run_id=run.id))
    return render_template("reports/new.html", form=form)


@bp.route("/uploads/new", methods=["GET", "POST"])
@roles(Role.ANALYST)
def upload() -> ResponseReturnValue:
    form = UploadForm()
    if form.validate_on_submit():
        groups = [g.strip() for g in (form.group_columns.data or "").split(",") if g.strip()]
        try:
            found = create_upload(
                form.name.data, form.file.data.filename, form.file.data.read(),
                form.text_column.data.strip(), groups, form.quotable.data, current_user,
            )  # fmt: skip
        except DomainError as exc:
            form.file.errors.append(str(exc))
        else:
            db.session.commit()
            flash(
                _("Stored %(n)s answers from %(name)s.", n=len(found.rows), name=found.name),
                "success",
            )
            return redirect(url_for("reports.new_run"))
    return render_template("reports/upload.html", form=form)


@bp.get("/<int:run_id>")
@roles(*READERS)
def show(run_id: int) -> ResponseReturnValue:
    run = visible_run(run_id)
    if run.status != RunStatus.FINISHED:
        job = db.session.get(Job, run.job_id) if run.job_id else None
        return render_template(
            "reports/progress.html", run=run, job=job, stalled=runs.stalled(run), stages=STAGES
        )
    built = report.build(run)
    column = request.args.get("column") or next(iter(built.sizes), "")
    heat = report.heatmap(built.themes, column, built.sizes.get(column, {})) if column else None
    qcolumns = questions.columns(run)
    qcolumn = request.args.get("qcolumn") or next(iter(qcolumns), "")
    return render_template(
        "reports/show.html", r=built, run=run, heat=heat, label=report.label,
        scope_lines=scopes.describe(run.scope), closed_rows=questions.overview(run, qcolumn),
        qcolumns=qcolumns, qcolumn=qcolumn, rates=questions.rates(run),
    )  # fmt: skip


@bp.get("/<int:run_id>/status.json")
@roles(Role.ANALYST)
def status(run_id: int) -> ResponseReturnValue:
    run = visible_run(run_id)
    job = db.session.get(Job, run.job_id) if run.job_id else None
    return jsonify(
        status=str(run.status), stages=run.stages, error=run.error,
        progress=job.progress if job else 0, message=job.message if job else "",
        done=run.status in (RunStatus.FINISHED, RunStatus.FAILED),
    )  # fmt: skip


@bp.post("/<int:run_id>/retry")
@roles(Role.ANALYST)
def retry(run_id: int) -> ResponseReturnValue:
    return _act(run_id, runs.retry_run, _("The run was queued again."))


@bp.post("/<int:run_id>/rerun")
@roles(Role.ANALYST)
def rerun(run_id: int) -> ResponseReturnValue:
    run = visible_run(run_id)
    try:
        new = runs.rerun(run, current_user)
    except DomainError as exc:
        flash(str(exc), "error")
        return redirect(url_for("reports.show", run_id=run.id))
    db.session.commit()
    return redirect(url_for("reports.show", run_id=new.id))


@bp.post("/<int:run_id>/publish")
@roles(Role.ANALYST)
def publish(run_id: int) -> ResponseReturnValue:
    return _act(
        run_id, publishing.publish, _("Published: communications staff and viewers can read it.")
    )


@bp.post("/<int:run_id>/unpublish")
@roles(Role.ANALYST)
def unpublish(run_id: int) -> ResponseReturnValue:
    return _act(run_id, publishing.unpublish, _("Back to draft: you can edit it again."))


def _act(run_id: int, verb, done: str) -> ResponseReturnValue:  # noqa: ANN001
    run = visible_run(run_id)
    try:
        verb(run, current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("reports.show", run_id=run.id))


@bp.get("/<int:run_id>/themes/<int:theme_id>")
@roles(*READERS)
def theme(run_id: int, theme_id: int) -> ResponseReturnValue:
    from analysis.reports.views_curation import UNIT_LIMIT, curation_forms

    run = visible_run(run_id)
    found = visible_theme(run, theme_id)
    if found.merged_into_id:
        flash(_("This theme was merged into another."), "success")
        return redirect(url_for("reports.theme", run_id=run.id, theme_id=found.merged_into_id))
    page = request.args.get("units_page", 1, type=int)
    return render_template(
        "reports/theme.html", run=run, theme=found, sizes=statistics.group_sizes(run),
        label=report.label, quotes=report.quotes(found, is_analyst()),
        summary=report.summary(found, is_analyst()), withheld=report.withheld_quotes(found),
        forms=curation_forms(run, found, page) if is_analyst() else None,
        unit_limit=UNIT_LIMIT, history=_history(run, found.id), page_url=units_page_url,
    )  # fmt: skip


def units_page_url(page: int) -> str:
    """The theme page showing another page of its answers to split or move."""
    return url_for(request.endpoint, **request.view_args, units_page=page)


def _history(run: AnalysisRun, theme_id: int | None = None) -> list[CurationEvent]:
    query = select(CurationEvent).where(CurationEvent.run_id == run.id)
    if theme_id is not None:
        query = query.where(CurationEvent.theme_id == theme_id)
    return list(db.session.scalars(query.order_by(CurationEvent.at, CurationEvent.id)))


@bp.get("/<int:run_id>/history")
@roles(Role.ANALYST)
def history(run_id: int) -> ResponseReturnValue:
    run = visible_run(run_id)
    return render_template("reports/history.html", run=run, events=_history(run))


@bp.get("/<int:run_id>/themes/<int:theme_id>/answers")
@roles(Role.ANALYST)
def answers(run_id: int, theme_id: int) -> ResponseReturnValue:
    """The answers behind a number: a theme's, or one shown group's within it."""
    run = visible_run(run_id)
    found = visible_theme(run, theme_id)
    column, value = request.args.get("column"), request.args.get("value")
    if column is not None:
        cell = found.groups.get(column, {}).get(value or "")
        if cell is None or cell.get("suppressed"):
            abort(403, _("This group is too small to show; its answers stay hidden."))
    rows = db.session.execute(
        select(ThemeAssignment, RunUnit)
        .join(
            RunUnit,
            (RunUnit.run_id == ThemeAssignment.run_id)
            & (RunUnit.unit_id == ThemeAssignment.unit_id),
        )
        .where(ThemeAssignment.theme_id == found.id)
        .order_by(RunUnit.unit_id, ThemeAssignment.segment)
    ).all()
    if column is not None:
        rows = [(a, u) for a, u in rows if (u.attributes.get(column) or "") == (value or "")]
    return render_template(
        "reports/answers.html", run=run, theme=found, rows=rows, column=column,
        value=value, label=report.label,
    )  # fmt: skip


from analysis.reports import (  # noqa: E402, F401
    panels,
    views_curation,
    views_export,
    views_questions,
    views_trends,
)
