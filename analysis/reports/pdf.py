"""The report as a paginated PDF (fpdf2, pure Python; DejaVu Sans bundled for any language).

Built from the same pieces as the pages (``report.build``, ``report.quotes``,
``report.summary``, stored closed-question results and response rates), so suppression and
quote consent hold exactly as on screen. Charts are drawn as bars beside their figures: every
bar has its number printed, so the document reads without the graphics.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from analysis.reports import questions, report, scopes
from analysis.reports.exports import statistics_table
from analysis.reports.models import AnalysisRun, Theme

FONTS = Path(__file__).with_name("fonts")
FONT = "DejaVu"
BAR_WIDTH = 80.0  #: mm for a share of 100 %
GREEN, RED, GREY, BLUE = (46, 125, 50), (183, 28, 28), (120, 120, 120), (31, 78, 140)


class ReportPDF(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.report_title = title
        self.add_font(FONT, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_title(title)
        self.set_creator("Engage")
        self.set_lang("en")
        self.set_auto_page_break(auto=True, margin=18)

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font(FONT, "", 8)
            self.set_text_color(*GREY)
            self.cell(0, 6, self.report_title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")

    def heading(self, text: str, size: int = 14) -> None:
        if self.will_page_break(30):
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 10)
        self.ln(1)

    def para(self, text: str, size: int = 10) -> None:
        self.set_font(FONT, "", size)
        self.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def bullets(self, lines: list[str]) -> None:
        for line in lines:
            self.para(f"• {line}")

    def grid(self, header: list[str], rows: list[list[Any]], widths: tuple[int, ...]) -> None:
        """A table with a repeated heading row; every value printed as text."""
        self.set_font(FONT, "", 8)
        with self.table(col_widths=widths, line_height=4.5, first_row_as_headings=True) as table:
            for row in [header, *rows]:
                cells = table.row()
                for value in row:
                    cells.cell(str(value))
        self.ln(2)

    def bars(self, rows: list[tuple[str, float, str]], colour: tuple[int, int, int]) -> None:
        """A bar chart: label, a bar for the share, and the figure in words beside it."""
        self.set_font(FONT, "", 8)
        for label, share, text in rows:
            if self.will_page_break(6):
                self.add_page()
            y = self.get_y()
            self.set_x(self.l_margin)
            self.cell(60, 5, _clip(label, 40))
            self.set_fill_color(*colour)
            self.rect(self.l_margin + 62, y + 1, max(0.3, BAR_WIDTH * share), 3, style="F")
            self.set_x(self.l_margin + 64 + BAR_WIDTH)
            self.cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def to_pdf(run: AnalysisRun, analyst: bool) -> bytes:
    """The whole report as PDF bytes, with what ``analyst`` may see."""
    built = report.build(run)
    pdf = ReportPDF(run.title)
    pdf.add_page()
    pdf.heading(run.title, 20)
    pdf.para(
        f"{run.respondents} respondents, {run.units} answers and notes, "
        f"{len(built.themes)} themes. {'Published' if run.published else 'Draft'}."
    )
    pdf.bullets(scopes.describe(run.scope))
    _overview(pdf, built)
    _groups(pdf, built.sizes)
    _rates(pdf, run)
    _closed(pdf, run)
    for theme in built.themes:
        _theme(pdf, theme, analyst)
    pdf.heading("Privacy check")
    pdf.bullets(built.privacy)
    return bytes(pdf.output())


def _overview(pdf: ReportPDF, built: report.Report) -> None:
    for title, themes, score in (
        ("Where people agree", built.agree, "consensus"),
        ("What worries people", built.worry, "concern"),
        ("Where groups differ", built.divisive, "divisiveness"),
    ):
        pdf.heading(title)
        pdf.bullets([f"{t.title} ({score} {getattr(t, score):.2f})" for t in themes] or ["None."])
    pdf.heading("Themes ranked by the respondents who raised them")
    top = max((t.respondents for t in built.themes), default=1) or 1
    pdf.bars(
        [(t.title, t.respondents / top, f"{t.respondents} respondents") for t in built.themes], BLUE
    )
    pdf.grid(
        ["Theme", "Respondents", "Support", "Concern", "Keywords"],
        [
            [
                t.title,
                t.respondents,
                t.stance.get("support", 0),
                t.stance.get("concern", 0),
                ", ".join(t.keywords),
            ]
            for t in built.themes
        ],
        (50, 20, 18, 18, 64),
    )


def _groups(pdf: ReportPDF, sizes: dict[str, dict[str, int | None]]) -> None:
    pdf.heading("Respondents by group")
    for column, values in sizes.items():
        rows = [
            [report.label(v), "hidden (too few to show)" if n is None else n]
            for v, n in values.items()
        ]
        pdf.grid([column, "Respondents"], rows, (100, 70))


def _rates(pdf: ReportPDF, run: AnalysisRun) -> None:
    for survey in questions.rates(run):
        pdf.heading(f"Response rates: {survey['survey']}")
        pdf.para(f"{survey['answered']} of {survey['invited']} invitations answered.")
        for kind, rows in survey["kinds"].items():
            shown = [r for r in rows if not r.get("suppressed")]
            pdf.bars(
                [
                    (
                        report.label(r["unit"]),
                        r["rate"],
                        f"{_pct(r['rate'])} ({r['answered']} of {r['invited']})",
                    )
                    for r in shown
                ],
                GREEN,
            )
            hidden = [report.label(r["unit"]) for r in rows if r.get("suppressed")]
            if hidden:
                pdf.para(f"{kind}: hidden (too few invitations or answers): {', '.join(hidden)}")


def _closed(pdf: ReportPDF, run: AnalysisRun) -> None:
    items = questions.items(run)
    if not items:
        return
    pdf.heading("Closed questions")
    for item in items:
        pdf.heading(f"{item['code']}: {item['text']}", 11)
        if item["n"] is None:
            pdf.para("Too few people answered this question to show its results.")
            continue
        overall = item["overall"]
        if item["agreement"]:
            count, share, low, high = overall["agree"]
            pdf.para(
                f"{item['n']} respondents; {_pct(share)} agree "
                f"(95% interval {_pct(low)} to {_pct(high)})."
            )
        pdf.bars(
            [
                (label, p[1], f"{p[0]} ({_pct(p[1])})")
                for (_v, label), p in zip(item["options"], overall["distribution"], strict=True)
            ],
            GREY,
        )
        for column, found in item["columns"].items():
            _closed_column(pdf, item, column, found)


def _closed_column(pdf: ReportPDF, item: dict[str, Any], column: str, found: dict) -> None:
    rows = []
    for value, cell in found["cells"].items():
        if cell is None:
            rows.append([report.label(value), "hidden (too few to show)", ""])
        else:
            agree = _pct(cell["agree"][1]) if item["agreement"] else ""
            rows.append([report.label(value), cell["n"], agree])
    scores = (
        f" Consensus {found['consensus']:.2f}, concern {found['concern']:.2f}, "
        f"divisiveness {found['divisiveness']:.2f}."
        if "consensus" in found
        else ""
    )
    pdf.para(f"By {column}.{scores}", 9)
    pdf.grid([column, "Respondents", "Agree"], rows, (90, 50, 30))


def _theme(pdf: ReportPDF, theme: Theme, analyst: bool) -> None:
    pdf.heading(theme.title)
    pdf.para(report.summary(theme, analyst) or "(No summary can be shown.)")
    pdf.para(f"Keywords: {', '.join(theme.keywords)}. {theme.respondents} respondents.", 9)
    total = theme.respondents or 1
    pdf.bars(
        [
            (
                name,
                theme.stance.get(key, 0) / total,
                f"{theme.stance.get(key, 0)} ({_pct(theme.stance.get(key, 0) / total)})",
            )
            for key, name in (
                ("support", "Support"),
                ("concern", "Concern"),
                ("neutral", "Neutral"),
            )
        ],
        GREEN,
    )
    for quote in report.quotes(theme, analyst):
        pdf.para(f"“{quote['text']}”", 9)
    header, rows = statistics_table([theme])
    if rows:
        pdf.grid(header[1:], [r[1:] for r in rows], (28, 40, 26, 26, 25, 25))
