"""Report exports: XLSX (one sheet per table), CSV (one table), DOCX (an editable document).

Every table goes through the same builders as the pages, so suppression and quote rules hold
in files too. Readers outside analysis get no assignments sheet (unit ids with themes would
let them rebuild the small groups the tables hide).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import select

from analysis.reports import questions, report, statistics
from analysis.reports.models import AnalysisRun, Theme, ThemeAssignment
from engage.extensions import db
from engage.spreadsheets import neutralise

Table = tuple[list[str], list[list[Any]]]


def themes_table(themes: list[Theme], analyst: bool) -> Table:
    header = ["theme", "machine label", "keywords", "summary", "respondents", "support",
              "concern", "neutral", "consensus", "concern score", "divisiveness"]  # fmt: skip
    rows = [
        [
            t.title,
            t.label,
            ", ".join(t.keywords),
            t.text,
            t.respondents,
            t.stance.get("support", 0),
            t.stance.get("concern", 0),
            t.stance.get("neutral", 0),
            round(t.consensus, 4),
            round(t.concern, 4),
            round(t.divisiveness, 4),
        ]  # fmt: skip
        for t in themes
    ]
    return header, rows


def statistics_table(themes: list[Theme]) -> Table:
    header = [
        "theme",
        "group column",
        "group",
        "respondents",
        "share of group",
        "support",
        "concern",
    ]
    rows = []
    for theme in themes:
        for column, cells in sorted(theme.groups.items()):
            for value, cell in sorted(cells.items()):
                if cell.get("suppressed"):
                    rows.append(
                        [theme.title, column, report.label(value), "suppressed", "", "", ""]
                    )
                else:
                    rows.append([theme.title, column, report.label(value), cell["rows"],
                                 round(cell["share"], 4), round(cell["support"], 4),
                                 round(cell["concern"], 4)])  # fmt: skip
    return header, rows


def assignments_table(run: AnalysisRun, titles: dict[int, str]) -> Table:
    header = [
        "unit id",
        "source",
        "segment",
        "start",
        "end",
        "theme",
        "stance",
        "moved by a person",
    ]
    found = db.session.scalars(
        select(ThemeAssignment)
        .where(ThemeAssignment.run_id == run.id)
        .order_by(ThemeAssignment.unit_id, ThemeAssignment.segment)
    )
    rows = [[a.unit_id, a.source, a.segment, a.start, a.end, titles.get(a.theme_id, ""),
             a.stance, a.curated] for a in found]  # fmt: skip
    return header, rows


def quotes_table(themes: list[Theme], analyst: bool) -> Table:
    rows = [[t.title, q["text"], q["pinned"]] for t in themes for q in report.quotes(t, analyst)]
    return ["theme", "quote", "pinned by a person"], rows


def closed_table(run: AnalysisRun) -> Table:
    """Closed-question results as stored (suppressed): one row per item and shown group."""
    header = ["question", "group column", "group", "respondents", "agree", "agree low",
              "agree high", "consensus", "divisiveness", "distribution"]  # fmt: skip
    rows = []
    for item in questions.items(run):
        name = f"{item['code']}: {item['text']}"
        if item["n"] is None:
            rows.append([name, "", "", "suppressed", "", "", "", "", "", ""])
            continue
        rows.append([name, "", "everyone", *_closed_cells(item, item["overall"]), "", "", ""])
        for column, found in item["columns"].items():
            for value, cell in found["cells"].items():
                if cell is None:
                    rows.append([name, column, report.label(value), "suppressed", *[""] * 6])
                else:
                    rows.append([name, column, report.label(value), *_closed_cells(item, cell),
                                 found.get("consensus", ""), found.get("divisiveness", ""),
                                 _distribution(item, cell)])  # fmt: skip
    return header, rows


def _closed_cells(item: dict[str, Any], cell: dict[str, Any]) -> list[Any]:
    agree = cell["agree"] if item["agreement"] else ["", "", "", ""]
    return [cell["n"], agree[1], agree[2], agree[3]]


def _distribution(item: dict[str, Any], cell: dict[str, Any]) -> str:
    return "; ".join(
        f"{label}: {p[0]}" for (_v, label), p in zip(item["options"], cell["distribution"],
                                                     strict=True)
    )  # fmt: skip


def tables(run: AnalysisRun, analyst: bool) -> dict[str, Table]:
    """Every table of the export, by sheet name."""
    themes = report.build(run).themes
    out = {
        "themes": themes_table(themes, analyst),
        "statistics": statistics_table(themes),
        "quotes": quotes_table(themes, analyst),
    }
    if questions.items(run):
        out["closed questions"] = closed_table(run)
    if analyst:
        titles = {t.id: t.title for t in statistics.live_themes(run)}
        out["assignments"] = assignments_table(run, titles)
    return out


def render(run: AnalysisRun, analyst: bool, fmt: str, sheet: str = "themes") -> bytes | str:
    """The export in ``fmt`` (xlsx, csv of ``sheet``, docx or pdf)."""
    from analysis.reports.pdf import to_pdf

    makers = {"xlsx": to_xlsx, "docx": to_docx, "pdf": to_pdf}
    if fmt == "csv":
        return to_csv(run, analyst, sheet)
    return makers[fmt](run, analyst)


def to_xlsx(run: AnalysisRun, analyst: bool) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, (header, rows) in tables(run, analyst).items():
        sheet = book.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append([neutralise(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(run: AnalysisRun, analyst: bool, sheet: str) -> str:
    header, rows = tables(run, analyst)[sheet]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([neutralise(v) for v in row] for row in rows)
    return out.getvalue()


def to_docx(run: AnalysisRun, analyst: bool) -> bytes:
    """An editable document: overview, each theme with summary, quotes and breakdown."""
    from docx import Document

    built = report.build(run)
    doc = Document()
    doc.add_heading(run.title, level=0)
    doc.add_paragraph(f"{run.respondents} respondents, {run.units} answers and notes, "
                      f"{len(built.themes)} themes.")  # fmt: skip
    for heading, themes in (
        ("Where people agree", built.agree),
        ("What worries people", built.worry),
    ):
        doc.add_heading(heading, level=1)
        for theme in themes:
            doc.add_paragraph(theme.title, style="List Bullet")
    for theme in built.themes:
        doc.add_heading(theme.title, level=1)
        doc.add_paragraph(report.summary(theme, analyst) or "(no summary can be shown)")
        doc.add_paragraph(
            f"Keywords: {', '.join(theme.keywords)}. {theme.respondents} respondents."
        )
        for quote in report.quotes(theme, analyst):
            doc.add_paragraph(quote["text"], style="Intense Quote")
        header, rows = statistics_table([theme])
        _docx_table(doc, header[1:], [r[1:] for r in rows])
    if questions.items(run):
        doc.add_heading("Closed questions", level=1)
        header, rows = closed_table(run)
        _docx_table(doc, header[:5], [r[:5] for r in rows])
    doc.add_heading("Privacy check", level=1)
    for line in built.privacy:
        doc.add_paragraph(line, style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_table(doc: Any, header: list[str], rows: list[list[Any]]) -> None:
    if not rows:
        return
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)
