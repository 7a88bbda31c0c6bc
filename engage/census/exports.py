"""CSV and XLSX exports of census scores and benchmarks (audited by the caller's service)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook

from engage.audit.services import record
from engage.census import benchmarks as benchmark_services
from engage.census.models import Wave
from engage.errors import DomainError
from engage.spreadsheets import neutralise

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SCORE_HEADER = (
    "wave",
    "rubric_version",
    "department",
    "dimension_key",
    "dimension",
    "self_level",
    "reviewed_level",
    "level",
    "review_reason",
    "evidence_links",
    "evidence_notes",
    "submitted_at",
)
BENCHMARK_HEADER = (
    "benchmark_id",
    "name",
    "org_unit",
    "metric",
    "unit",
    "baseline_date",
    "baseline_value",
    "target_value",
    "due_date",
    "latest_date",
    "latest_value",
    "status",
    "projected_value",
    "source",
)


def score_rows(wave: Wave) -> list[tuple[Any, ...]]:
    rows = []
    for assessment in sorted(wave.assessments, key=lambda a: a.org_unit.name):
        for dimension in wave.rubric.dimensions:
            score = assessment.score_for(dimension.id)
            if score is None:
                continue
            rows.append(
                (
                    wave.title,
                    wave.rubric.version,
                    assessment.org_unit.name,
                    dimension.key,
                    dimension.name,
                    score.self_level,
                    score.reviewed_level,
                    score.level,
                    score.review_reason,
                    score.evidence_links,
                    score.evidence_notes,
                    assessment.submitted_at.isoformat() if assessment.submitted_at else "",
                )
            )
    return rows


def benchmark_rows(today: date | None = None) -> list[tuple[Any, ...]]:
    rows = []
    for b in benchmark_services.all_benchmarks():
        state, latest = benchmark_services.status(b, today), b.latest
        rows.append(
            (
                b.id,
                b.name,
                b.org_unit.name,
                b.metric_kind.value,
                b.unit_label,
                b.baseline_date.isoformat(),
                b.baseline_value,
                b.target_value,
                b.due_date.isoformat(),
                latest.as_of.isoformat() if latest else "",
                latest.value if latest else "",
                state.status.value,
                "" if state.projected is None else round(state.projected, 2),
                b.source,
            )
        )
    return rows


def render(header: Sequence[str], rows: list[tuple[Any, ...]], fmt: str) -> bytes:
    """The table as CSV (UTF-8 with BOM, for Excel) or XLSX, every text cell neutralised."""
    if fmt not in FORMATS:
        raise DomainError("Export as csv or xlsx.")
    cells = [[neutralise(c) for c in row] for row in [tuple(header), *rows]]
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(cells)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    book = Workbook()
    sheet = book.active
    for row in cells:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def export(what: str, fmt: str, wave: Wave | None, actor: Any) -> tuple[bytes, str]:
    """Build an export and record who took it. Returns (content, file name).

    Raises:
        DomainError: unknown export, unknown format, or scores without a wave.
    """
    if what == "scores":
        if wave is None:
            raise DomainError("Choose the wave whose scores to export.")
        content, name = render(SCORE_HEADER, score_rows(wave), fmt), f"census-wave-{wave.id}-scores"
    elif what == "benchmarks":
        content, name = render(BENCHMARK_HEADER, benchmark_rows(), fmt), "census-benchmarks"
    else:
        raise DomainError("Export scores or benchmarks.")
    record(
        actor,
        "census.exported",
        "wave" if wave else "benchmark",
        wave.id if wave else None,
        what=what,
        format=fmt,
    )
    return content, f"{name}.{fmt}"
