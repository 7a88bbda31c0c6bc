"""A wave's landscape report as a paginated PDF for leadership.

Laid out with the report package's PDF page (fpdf2, DejaVu Sans bundled for any language).
Every level is printed as a number in a table, so the heatmap reads without colour, in print
and with a screen reader.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from analysis.reports.pdf import ReportPDF
from engage.audit.services import record
from engage.census import benchmarks, landscape
from engage.census.landscape import Cell, DimensionSummary, Row
from engage.census.models import Wave
from engage.census.trajectory import Status

STATUS_WORDS = {
    Status.ON_TRACK: _l("On track"),
    Status.AT_RISK: _l("At risk"),
    Status.OFF_TRACK: _l("Off track"),
    Status.NOT_MEASURED: _l("Not yet measured"),
}
#: How many dimensions are named as the county's strengths, and as its gaps.
NAMED = 2
#: An average at or above "established" is a strength; below it, a gap.
ESTABLISHED = 3


def landscape_pdf(wave: Wave, actor: Any, today: date | None = None) -> bytes:
    """The wave's heatmap, strengths and gaps, change since the previous wave and benchmarks.

    Records who took the report (an export of every department's scores).
    """
    rows = landscape.heatmap(wave)
    pdf = ReportPDF(_("Equity census landscape: %(wave)s", wave=wave.title))
    pdf.add_page(orientation="L")
    pdf.heading(pdf.report_title, 18)
    submitted = sum(r.assessment.submitted_at is not None for r in rows)
    pdf.para(
        _(
            "Scored against %(rubric)s. %(done)s of %(all)s departments answered.",
            rubric=str(wave.rubric),
            done=submitted,
            all=len(rows),
        )
    )
    _heatmap(pdf, wave, rows)
    _strengths(pdf, landscape.dimension_summaries(wave, rows))
    _change(pdf, wave)
    _benchmarks(pdf, today or date.today())
    record(actor, "census.exported", "wave", wave.id, what="landscape", format="pdf")
    return bytes(pdf.output())


def _cell_text(cell: Cell) -> str:
    if cell.level is None:
        return "—"
    return f"{cell.level}*" if cell.reviewed else str(cell.level)


def _heatmap(pdf: ReportPDF, wave: Wave, rows: list[Row]) -> None:
    dimensions = wave.rubric.dimensions
    pdf.heading(_("Maturity level by department and dimension"))
    pdf.para(
        _(
            "Levels run from 1 (emerging) to 4 (leading). * marks a level adjusted by an "
            "analyst's review; — marks a dimension not answered."
        ),
        9,
    )
    header = [_("Department"), *(d.name for d in dimensions), _("Average")]
    body = [[r.unit.name, *(_cell_text(c) for c in r.cells), _number(r.average)] for r in rows] or [
        [_("No departments in this wave."), *([""] * (len(dimensions) + 1))]
    ]
    pdf.grid(header, body, (40, *([24] * len(dimensions)), 16))


def _strengths(pdf: ReportPDF, summaries: list[DimensionSummary]) -> None:
    pdf.heading(_("Strengths and gaps across the county"))
    strong = [s for s in summaries if s.average is not None and s.average >= ESTABLISHED]
    weak = [s for s in summaries if s.average is not None and s.average < ESTABLISHED]
    for label, chosen in ((_("Strengths"), strong[:NAMED]), (_("Gaps"), weak[::-1][:NAMED])):
        names = ", ".join(f"{s.dimension.name} ({_number(s.average)})" for s in chosen)
        pdf.para(f"{label}: {names or _('none.')}")
    pdf.grid(
        [_("Dimension"), _("Focus area"), _("Average level"), _("Departments at level 1 or 2")],
        [
            [
                s.dimension.name,
                s.dimension.focus_area,
                _number(s.average),
                f"{s.low} / {s.answered}",
            ]
            for s in summaries
        ],
        (70, 70, 30, 40),
    )


def _change(pdf: ReportPDF, wave: Wave) -> None:
    earlier = landscape.previous_wave(wave)
    pdf.heading(_("Change since the previous wave"))
    if earlier is None:
        pdf.para(_("There is no earlier wave to compare with."))
        return
    pdf.para(
        _(
            "Each cell: the level in %(earlier)s, then in %(later)s, then the change. "
            "Dimensions are matched by their key, so rubric revisions compare like with like.",
            earlier=earlier.title,
            later=wave.title,
        ),
        9,
    )
    dimensions = wave.rubric.dimensions
    body = [
        [unit.name, *(_pair(before, after) for before, after in pairs)]
        for unit, pairs in landscape.change(earlier, wave)
    ]
    pdf.grid(
        [_("Department"), *(d.name for d in dimensions)], body, (40, *([26] * len(dimensions)))
    )


def _pair(before: int | None, after: int | None) -> str:
    if before is None or after is None:
        return f"{_number(before)} → {_number(after)}"
    return f"{before} → {after} ({after - before:+d})"


def _benchmarks(pdf: ReportPDF, today: date) -> None:
    pdf.heading(_("Benchmarks (status on %(day)s)", day=today.isoformat()))
    body = []
    for b in benchmarks.all_benchmarks():
        state, latest = benchmarks.status(b, today), b.latest
        body.append(
            [
                b.name,
                b.org_unit.name,
                f"{_number(b.baseline_value)} ({b.baseline_date.isoformat()})",
                f"{_number(b.target_value)} ({b.due_date.isoformat()})",
                f"{_number(latest.value)} ({latest.as_of.isoformat()})" if latest else "—",
                str(STATUS_WORDS[state.status]),
            ]
        )
    if not body:
        pdf.para(_("No benchmarks yet."))
        return
    header = [_("Benchmark"), _("Org unit"), _("Baseline"), _("Target (due)"), _("Latest")]
    pdf.grid([*header, _("Status")], body, (60, 45, 35, 35, 35, 25))


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"
