"""Small-cell suppression, end to end: what reports, exports and the monitoring page show.

The functions are property-tested on their own in tests/analysis/stats; here hypothesis builds
whole runs and surveys in the database, goes through the code that stores and renders them,
and reads the numbers back from what a reader gets: the report's CSV, XLSX and DOCX exports
(the PDF is drawn from the same tables), the report and theme pages a viewer is served, and
the survey monitoring breakdowns. For every breakdown: no shown cell under K, and the total
minus the shown cells is either nothing or at least K people spread over two or more cells.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date, timedelta
from typing import Any

from docx import Document
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from analysis.reports import exports, statistics
from analysis.reports.models import (
    AnalysisRun,
    ReportState,
    RunStatus,
    RunUnit,
    Theme,
    ThemeAssignment,
)
from engage.auth.models import User
from engage.auth.roles import Role
from engage.directory.models import OrgUnit, OrgUnitKind
from engage.extensions import db
from surveys import results
from surveys.models import Response
from tests.conftest import _PASSWORD_HASH
from tests.surveys.conftest import build_survey

PLACES = ["Milwaukee", "Wauwatosa", "West Allis", "Cudahy", ""]  # "" = not given
CASES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def wipe(app: Flask) -> None:
    """Hypothesis runs many examples in one test: start each from empty tables."""
    with app.app_context(), db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


def check_breakdown(
    total: int, cells: dict[Any, int | None], k: int, where: str, figures: Counter[str]
) -> None:
    """``cells`` maps group -> shown count, None when hidden (no cells: no breakdown)."""
    if not cells:
        return
    shown = {g: n for g, n in cells.items() if n is not None}
    hidden = [g for g, n in cells.items() if n is None]
    assert all(n >= k for n in shown.values()), (where, cells)
    remainder = total - sum(shown.values())
    if hidden and shown:
        assert len(hidden) >= 2 and remainder >= k, (where, total, cells)
    if not hidden:
        assert remainder == 0, (where, total, cells)
    figures["suppression: breakdowns checked"] += 1
    figures[f"suppression: {where} breakdowns"] += 1
    figures["suppression: cells checked"] += len(cells)


def _run(sizes: dict[str, int], in_theme: dict[str, int]) -> AnalysisRun:
    run = AnalysisRun(title="Property run", scope={}, status=RunStatus.FINISHED,
                      state=ReportState.PUBLISHED)  # fmt: skip
    db.session.add(run)
    db.session.flush()
    theme = Theme(run_id=run.id, position=0, label="Buses", keywords=["bus"], quotes=[])
    db.session.add(theme)
    db.session.flush()
    number = 0
    for place, size in sizes.items():
        for person in range(size):
            unit = f"upload:1:{number}"
            attributes = {"municipality": place} if place else {}
            db.session.add(RunUnit(run_id=run.id, unit_id=unit, respondent=unit, text="answer",
                                   attributes=attributes))  # fmt: skip
            if person < in_theme[place]:
                db.session.add(ThemeAssignment(run_id=run.id, unit_id=unit, theme_id=theme.id,
                                               stance="support", stance_score=0.9))  # fmt: skip
            number += 1
    db.session.flush()
    statistics.refresh(run)
    return run


def _sheet(body: bytes | str, fmt: str, name: str) -> list[dict[str, Any]]:
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(body)))
    rows = list(load_workbook(io.BytesIO(body))[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


_ROW = re.compile(
    r'<tr><th scope="row">([^<]*)</th>\s*<td[^>]*>\s*'
    r'(?:(<span class="suppressed">)|(?:<a[^>]*>)?(\d+))'
)


def html_cells(page: str, caption: str) -> dict[str, int | None]:
    """The rows of the page's first table whose caption starts with ``caption``."""
    start = page.find(f"<caption>{caption}")
    if start < 0:
        return {}
    table = page[start : page.index("</table>", start)]
    rows = _ROW.findall(table)
    assert len(rows) == table.count('<tr><th scope="row">'), table  # every row understood
    return {label: None if hidden else int(n) for label, hidden, n in rows}


def viewer_client(app: Flask) -> Any:
    """A test client signed in as a viewer (the tables were emptied for this example)."""
    with app.app_context():
        viewer = User(email="viewer@example.org", name="Viewer", role=Role.VIEWER,
                      password_hash=_PASSWORD_HASH, session_nonce="suppression")  # fmt: skip
        db.session.add(viewer)
        db.session.commit()
    client = app.test_client()
    assert client.login("viewer@example.org").status_code == 302
    return client


def run_id_theme(run: AnalysisRun) -> int | None:
    live = [t for t in statistics.live_themes(run) if t.respondents]
    return live[0].id if live else None


def _count(value: Any) -> int | None:
    return None if value == "suppressed" else int(value)


people = st.dictionaries(st.sampled_from(PLACES), st.integers(0, 30), min_size=1, max_size=5)


@CASES
@given(data=st.data())
def test_report_exports_show_no_small_cell_and_none_can_be_derived(app, figures, data):
    sizes = data.draw(people)
    in_theme = {place: data.draw(st.integers(0, n)) for place, n in sizes.items()}
    wipe(app)
    with app.app_context():
        k = statistics.suppression_k()
        run = _run(sizes, in_theme)
        db.session.commit()
        for fmt in ("csv", "xlsx"):
            stats = _sheet(exports.render(run, False, fmt, "statistics"), fmt, "statistics")
            themes = _sheet(exports.render(run, False, fmt, "themes"), fmt, "themes")
            total = int(themes[0]["respondents"]) if themes else 0
            cells = {r["group"]: _count(r["respondents"]) for r in stats}
            check_breakdown(total, cells, k, f"{fmt} theme breakdown", figures)
        doc = Document(io.BytesIO(exports.render(run, False, "docx")))
        for table in doc.tables[:1]:  # the theme's breakdown (group column, group, count, ..)
            cells = {r.cells[1].text: _count(r.cells[2].text) for r in table.rows[1:]}
            check_breakdown(total, cells, k, "docx theme breakdown", figures)
        sizes_shown = statistics.group_sizes(run).get("municipality", {})
        if sizes_shown:
            check_breakdown(run.respondents, sizes_shown, k, "group sizes", figures)
        run_id, theme_id, respondents = run.id, run_id_theme(run), run.respondents
    # What a viewer's browser gets: the report page's group sizes and the theme's breakdown.
    client = viewer_client(app)
    page = client.get(f"/reports/{run_id}").get_data(as_text=True)
    check_breakdown(respondents, html_cells(page, "Respondents by"), k, "report page", figures)
    if theme_id is not None and total:
        page = client.get(f"/reports/{run_id}/themes/{theme_id}").get_data(as_text=True)
        check_breakdown(total, html_cells(page, "By "), k, "theme page", figures)
    figures["suppression: report examples"] += 1


responses = st.lists(
    st.tuples(
        st.sampled_from([0, 1, 2, None]), st.sampled_from(["en", "es", "hmn"]), st.integers(0, 3)
    ),  # fmt: skip
    max_size=90,
)


@CASES
@given(rows=responses)
def test_monitoring_page_breakdowns_hide_small_and_derivable_cells(app, figures, rows):
    wipe(app)
    with app.test_request_context():
        k = app.config["ENGAGE_SUPPRESSION_K"]
        units = [OrgUnit(kind=OrgUnitKind.DEPARTMENT, name=f"Dept {i}") for i in range(3)]
        survey = build_survey()
        db.session.add_all(units)
        db.session.flush()
        day = date(2026, 11, 2)
        for unit, language, offset in rows:
            unit_id = None if unit is None else units[unit].id
            db.session.add(Response(survey_id=survey.id, language=language, org_unit_id=unit_id,
                                    submitted_on=day + timedelta(days=offset)))  # fmt: skip
        db.session.commit()
        shown = results.monitoring(survey)
        for name in ("per_day", "by_unit", "by_language"):
            breakdown = shown[name]
            check_breakdown(shown["total"], dict(breakdown.rows), k, name, figures)
    figures["suppression: monitoring examples"] += 1
