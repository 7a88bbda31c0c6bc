"""Benchmark and initiative pages."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from engage.access import roles
from engage.census import benchmarks as services
from engage.census import initiatives, rubrics
from engage.census.forms import BenchmarkForm, InitiativeForm, ValueForm
from engage.census.models import Benchmark, Initiative, Wave, WaveStatus
from engage.census.views import bp
from engage.census.views.common import STAFF, get_or_404
from engage.census.waves import all_waves
from engage.directory.models import OrgUnit
from engage.errors import DomainError
from engage.extensions import db
from engage.forms_util import choices
from surveys.models import Question


def _units() -> list[tuple[int, str]]:
    return [(u.id, u.name) for u in db.session.scalars(select(OrgUnit).order_by(OrgUnit.name))]


def _fill_benchmark_choices(form: BenchmarkForm) -> None:
    form.org_unit_id.choices = choices([(0, _("— choose —")), *_units()])
    rubric = rubrics.current_rubric()
    dims = rubric.dimensions if rubric else []
    form.dimension_key.choices = choices([("", _("— none —")), *((d.key, d.name) for d in dims)])
    items = db.session.scalars(select(Question).where(Question.type == "likert"))
    form.question_id.choices = choices(
        [(0, _("— none —")), *((q.id, f"{q.survey.title}: {q.text[:80]}") for q in items)]
    )


@bp.get("/benchmarks")
@roles(*STAFF)
def benchmarks() -> ResponseReturnValue:
    found = [(b, services.status(b)) for b in services.all_benchmarks()]
    return render_template("census/benchmarks.html", benchmarks=found)


@bp.route("/benchmarks/new", methods=["GET", "POST"], defaults={"benchmark_id": None})
@bp.route("/benchmarks/<int:benchmark_id>/edit", methods=["GET", "POST"])
@roles(*STAFF)
def edit_benchmark(benchmark_id: int | None) -> ResponseReturnValue:
    benchmark = get_or_404(Benchmark, benchmark_id) if benchmark_id else None
    form = BenchmarkForm(obj=benchmark)
    _fill_benchmark_choices(form)
    if request.method == "GET" and benchmark is not None:
        form.metric_kind.data = benchmark.metric_kind.value
        form.question_id.data = benchmark.question_id or 0
    if form.validate_on_submit():
        try:
            benchmark = services.save_benchmark(benchmark, form.data, current_user)
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Saved %(name)s.", name=benchmark.name), "success")
            return redirect(url_for("census.benchmark", benchmark_id=benchmark.id))
    status = 400 if form.form_errors or form.errors else 200
    return render_template("census/benchmark_form.html", form=form, benchmark=benchmark), status


@bp.route("/benchmarks/<int:benchmark_id>", methods=["GET", "POST"])
@roles(*STAFF)
def benchmark(benchmark_id: int) -> ResponseReturnValue:
    """The benchmark's history and status; POST records a value by hand."""
    found = get_or_404(Benchmark, benchmark_id)
    form = ValueForm()
    if form.validate_on_submit():
        try:
            services.record_value(
                found, form.value.data, form.as_of.data, form.source.data or "", current_user
            )
        except DomainError as exc:
            form.as_of.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Value recorded."), "success")
            return redirect(url_for("census.benchmark", benchmark_id=found.id))
    waves = [w for w in all_waves() if w.status != WaveStatus.DRAFT]
    status = 400 if form.errors else 200
    return render_template(
        "census/benchmark.html",
        benchmark=found,
        state=services.status(found),
        form=form,
        waves=waves,
        initiatives=initiatives.for_benchmark(found),
    ), status


@bp.post("/benchmarks/<int:benchmark_id>/measure")
@roles(*STAFF)
def measure(benchmark_id: int) -> ResponseReturnValue:
    """Take the next value from a census wave or the survey item, as the metric says."""
    found = get_or_404(Benchmark, benchmark_id)
    try:
        if request.form.get("wave_id"):
            wave = get_or_404(Wave, request.form.get("wave_id", type=int) or 0)
            services.value_from_wave(found, wave, current_user)
        else:
            services.value_from_survey(found, current_user)
    except DomainError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("Value recorded."), "success")
    return redirect(url_for("census.benchmark", benchmark_id=found.id))


@bp.get("/initiatives")
@roles(*STAFF)
def initiative_list() -> ResponseReturnValue:
    return render_template("census/initiatives.html", initiatives=initiatives.all_initiatives())


@bp.route("/initiatives/new", methods=["GET", "POST"], defaults={"initiative_id": None})
@bp.route("/initiatives/<int:initiative_id>", methods=["GET", "POST"])
@roles(*STAFF)
def edit_initiative(initiative_id: int | None) -> ResponseReturnValue:
    initiative = get_or_404(Initiative, initiative_id) if initiative_id else None
    form = InitiativeForm(obj=initiative)
    form.org_units.choices = choices(_units())
    form.themes.choices = choices(
        (t.id, f"{t.title} ({t.run.title})") for t in initiatives.linkable_themes()
    )
    form.benchmarks.choices = choices((b.id, b.name) for b in services.all_benchmarks())
    if request.method == "GET" and initiative is not None:
        form.status.data = initiative.status.value
        form.org_units.data = [u.id for u in initiative.org_units]
        form.themes.data = [t.id for t in initiative.themes]
        form.benchmarks.data = [b.id for b in initiative.benchmarks]
    if form.validate_on_submit():
        try:
            initiative = initiatives.save_initiative(initiative, form.data, current_user)
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Saved %(title)s.", title=initiative.title), "success")
            return redirect(url_for("census.initiative_list"))
    status = 400 if form.form_errors or form.errors else 200
    return render_template("census/initiative_form.html", form=form, initiative=initiative), status
