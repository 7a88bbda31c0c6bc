"""What the report pages show, built from stored results with every privacy rule applied.

Analysts see the original text of quotes; everyone else sees only quotes whose authors agreed
to quotation, redacted. Every breakdown comes from ``Theme.groups``, which is stored already
suppressed (see ``analysis.reports.statistics``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from analysis.reports import sources, statistics
from analysis.reports.models import AnalysisRun, RunUnit, Theme
from engage.extensions import db

#: Heatmap shades: a cell's share of its group falls in one of these buckets (upper bounds).
HEAT_STEPS = (0.1, 0.2, 0.35, 0.5, 1.01)
MISSING_LABEL = "(not given)"


@dataclass
class Report:
    run: AnalysisRun
    themes: list[Theme]
    set_aside: list[Theme]
    agree: list[Theme]
    worry: list[Theme]
    divisive: list[Theme]
    sizes: dict[str, dict[str, int | None]]
    privacy: list[str] = field(default_factory=list)


def build(run: AnalysisRun) -> Report:
    """The overview of a finished run."""
    live = statistics.live_themes(run)
    themes = sorted((t for t in live if not t.not_relevant and t.respondents), key=_rank)
    sizes = statistics.group_sizes(run)
    return Report(
        run=run,
        themes=themes,
        set_aside=[t for t in live if t.not_relevant or not t.respondents],
        agree=sorted(themes, key=lambda t: -t.consensus)[:5],
        worry=sorted(themes, key=lambda t: -t.concern)[:5],
        divisive=[t for t in sorted(themes, key=lambda t: -t.divisiveness) if t.divisiveness][:5],
        sizes=sizes,
        privacy=privacy_check(run, themes, sizes),
    )


def _rank(theme: Theme) -> tuple:
    return (-theme.respondents, theme.position, theme.id)


def heat_class(share: float) -> str:
    return f"heat-{next(i for i, top in enumerate(HEAT_STEPS, 1) if share < top)}"


def heatmap(themes: list[Theme], column: str, sizes: dict[str, int | None]) -> dict[str, Any]:
    """Theme x group table for one column: shown cells carry count, share and a shade."""
    values = [v for v, n in sizes.items() if n is not None]
    rows = []
    for theme in themes:
        cells = []
        for value in values:
            cell = theme.groups.get(column, {}).get(value, {"suppressed": True})
            if cell.get("suppressed"):
                cells.append({"value": value, "suppressed": True})
            else:
                cells.append({**cell, "value": value, "css": heat_class(cell["share"])})
        rows.append((theme, cells))
    return {"column": column, "values": values, "rows": rows}


def label(value: str) -> str:
    return value or MISSING_LABEL


def quotes(theme: Theme, analyst: bool) -> list[dict[str, Any]]:
    """Pinned quotes first, then the machine's; for non-analysts only quotable ones, redacted."""
    pinned = [{"unit_id": p["unit_id"], "text": p["redacted"], "original": p["text"],
               "pinned": True} for p in theme.pinned]  # fmt: skip
    machine = [{**q, "original": q["text"], "pinned": False} for q in theme.quotes]
    found = pinned + [q for q in machine if q["unit_id"] not in {p["unit_id"] for p in pinned}]
    if analyst:
        return [{**q, "text": q["original"]} for q in found]
    allowed = quotable_now(theme.run_id, [q["unit_id"] for q in found])
    return [q for q in found if q["unit_id"] in allowed]


def summary(theme: Theme, analyst: bool) -> str | None:
    """The summary a reader may see.

    The machine's summary is extractive (sentences people wrote), so outside analysis it is
    shown only when every quote it was drawn from may be quoted; a summary written by an
    analyst is always shown.
    """
    if analyst or theme.curated_summary is not None:
        return theme.text
    ids = [q["unit_id"] for q in theme.quotes]
    return theme.summary if set(ids) <= quotable_now(theme.run_id, ids) else None


def withheld_quotes(theme: Theme) -> int:
    """How many of a theme's quotes readers outside analysis do not see (no consent)."""
    ids = [p["unit_id"] for p in theme.pinned] + [q["unit_id"] for q in theme.quotes]
    return len(set(ids) - quotable_now(theme.run_id, ids))


def quotable_now(run_id: int, unit_ids: list[str]) -> set[str]:
    """The units of ``run_id`` whose authors agree, now, to be quoted outside analysis.

    A run stores consent as it stood when it ran (``RunUnit.quotable``). Where consent can be
    withdrawn later (listening-tour sessions) the source is asked again, so a withdrawal
    takes effect in every page, export and draft at once.
    """
    rows = db.session.execute(
        select(RunUnit.unit_id, RunUnit.source).where(
            RunUnit.run_id == run_id, RunUnit.unit_id.in_(unit_ids), RunUnit.quotable
        )
    )
    allowed, recheck = set(), {}
    for unit_id, source in rows:
        known = sources.find(source.split(":")[0])
        if known is not None and known.live_consent:
            recheck.setdefault(known, []).append(unit_id)
        else:
            allowed.add(unit_id)
    for source, ids in recheck.items():
        allowed |= source.quotable(ids)
    return allowed


def privacy_check(
    run: AnalysisRun, themes: list[Theme], sizes: dict[str, dict[str, int | None]]
) -> list[str]:
    """Plain sentences saying what was hidden and why (never how many people it held)."""
    k = run.params.get("suppression_k", statistics.suppression_k())
    lines = [f"Groups and cells with fewer than {k} respondents are hidden everywhere."]
    for column, values in sizes.items():
        hidden = [label(v) for v, n in values.items() if n is None]
        if hidden:
            lines.append(
                f"{column}: {len(hidden)} group(s) hidden in every table ({', '.join(hidden)}): "
                f"fewer than {k} respondents, or hidden so a small group cannot be worked out "
                "from the totals."
            )
    cells = sum(
        1
        for t in themes
        for column, values in t.groups.items()
        for v, cell in values.items()
        if cell.get("suppressed") and sizes.get(column, {}).get(v) is not None
    )
    if cells:
        lines.append(
            f"{cells} theme-by-group cell(s) hidden: under {k} respondents in that theme, or "
            "hidden so another hidden cell cannot be derived from the theme's total."
        )
    withheld = sum(withheld_quotes(t) for t in themes)
    if withheld:
        lines.append(
            f"{withheld} quote(s) are shown to analysts only: their authors did not agree to "
            "be quoted. Quotes that are shown to others have names, e-mails, phone numbers "
            "and addresses masked."
        )
    return lines
