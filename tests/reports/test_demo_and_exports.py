"""The demo report (surveys + listening-tour notes), exports opened by their libraries."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from docx import Document
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from analysis.reports import statistics
from analysis.reports.demo import TITLE
from analysis.reports.models import AnalysisRun
from analysis.reports.statistics import suppress_cells
from engage.audit.models import AuditEvent
from engage.auth.roles import Role
from engage.demo.seed import seed_demo
from engage.extensions import db
from engage.spreadsheets import neutralise
from tests.conftest import EngageClient


def test_demo_seeds_a_published_curated_report_over_surveys_and_notes(
    app: Flask, client: EngageClient, login_as: Callable
) -> None:
    with app.app_context():
        seed_demo("demo-password")
        run = db.session.scalar(select(AnalysisRun).where(AnalysisRun.title == TITLE))
        assert run.status == "finished" and run.published
        assert set(run.scope["sources"]) == {"survey", "tour"}
        assert "reports: demo run already there" in seed_demo("demo-password")
        closed = [i for i in run.survey_results["items"] if i["agreement"] and i["n"]]
        assert closed and run.group_sizes  # computed when the run finished
        run_id = run.id
    login_as(Role.VIEWER)
    page = client.get(f"/reports/{run_id}").get_data(as_text=True)
    assert "(reviewed)" in page and "Privacy check" in page
    workbook = load_workbook(io.BytesIO(client.get(f"/reports/{run_id}/export.xlsx").data))
    # no assignments sheet outside analysis
    assert workbook.sheetnames == ["themes", "statistics", "quotes", "closed questions"]
    assert "Closed questions" in page


def test_exports_open_and_are_audited(
    app: Flask, client: EngageClient, login_as: Callable, finished_run: Callable[..., int]
) -> None:
    run_id = finished_run()
    login_as(Role.ANALYST)
    book = load_workbook(io.BytesIO(client.get(f"/reports/{run_id}/export.xlsx").data))
    assert book.sheetnames == ["themes", "statistics", "quotes", "assignments"]
    assert book["assignments"].max_row > 70
    rows = list(csv.reader(io.StringIO(client.get(f"/reports/{run_id}/export.csv").text)))
    assert rows[0][0] == "theme" and len(rows) > 2
    stats = client.get(f"/reports/{run_id}/export.csv?sheet=statistics").text
    assert "survey" in stats
    doc = Document(io.BytesIO(client.get(f"/reports/{run_id}/export.docx").data))
    assert doc.paragraphs[0].text == "Durham answers"
    pdf = PdfReader(io.BytesIO(client.get(f"/reports/{run_id}/export.pdf").data))
    text = " ".join(page.extract_text() for page in pdf.pages)
    with app.app_context():
        labels = [t.title for t in statistics.live_themes(db.session.get(AnalysisRun, run_id))]
    assert len(pdf.pages) > 1 and all(" ".join(label.split()) in " ".join(text.split())
                                      for label in labels)  # fmt: skip
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.detail)
            .where(AuditEvent.action == "report.exported")
            .order_by(AuditEvent.id)
        ).all()
        assert [a["format"] for a in actions] == ["xlsx", "csv", "csv", "docx", "pdf"]


def test_csv_cells_that_spreadsheets_would_run_are_neutralised() -> None:
    for bad in ("=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(bad).startswith("'")
    assert neutralise("fine") == "fine" and neutralise(-3) == -3


K = 10
cells_strategy = st.dictionaries(
    st.text(min_size=1, max_size=3),
    st.one_of(st.integers(0, 40), st.just(None)),
    min_size=1,
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(cells_strategy)
def test_no_cell_under_k_is_shown_and_none_can_be_derived(counts: dict) -> None:
    """None marks a group already hidden in the whole run; the rest are theme cells."""
    cells = {
        v: {"suppressed": True}
        if n is None
        else {"rows": n, "share": 0, "support": 0, "concern": 0}
        for v, n in counts.items()
    }
    shown = suppress_cells(cells, K)
    hidden = [v for v, c in shown.items() if c.get("suppressed")]
    for _value, cell in shown.items():
        if not cell.get("suppressed"):
            assert cell["rows"] >= K
    known_hidden = [counts[v] for v in hidden if counts[v] is not None]
    if hidden and len(hidden) < len(shown):
        # the theme total minus shown cells gives the hidden sum: it must cover 2+ cells
        assert len(hidden) >= 2
        if all(counts[v] is not None for v in hidden):
            assert sum(known_hidden) >= K
