"""Compare two finished runs (a re-run, or the next wave of a survey): what changed.

Themes are paired with the carry-over matching (shared evidence, then keywords) and, for runs
over different answers such as two survey waves, by equal titles. Sizes are compared as shares
of each run's respondents, since runs differ in size. Everything is read from stored,
already suppressed figures: a group hidden in either run is not compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analysis.reports import carryover, questions, report
from analysis.reports.models import AnalysisRun, Theme
from engage.directory.models import OrgUnitKind

#: A theme whose share of respondents moved less than this is "about the same".
STEADY = 0.01
ORG_UNIT_COLUMNS = tuple(str(kind) for kind in OrgUnitKind)


@dataclass
class ThemeChange:
    title: str
    status: str  #: "grew", "shrank", "steady", "appeared" or "disappeared"
    before: Theme | None
    after: Theme | None
    share_before: float = 0.0
    share_after: float = 0.0

    @property
    def delta(self) -> float:
        return self.share_after - self.share_before


@dataclass
class GroupTrend:
    """Support and concern among one org unit's respondents across all its shown themes."""

    column: str
    value: str
    before: dict[str, float]
    after: dict[str, float]


@dataclass
class Trend:
    before: AnalysisRun
    after: AnalysisRun
    themes: list[ThemeChange] = field(default_factory=list)
    groups: list[GroupTrend] = field(default_factory=list)
    closed: list[dict[str, Any]] = field(default_factory=list)


def compare(before: AnalysisRun, after: AnalysisRun) -> Trend:
    """What changed from ``before`` to ``after`` (both finished)."""
    old, new = report.build(before).themes, report.build(after).themes
    return Trend(
        before,
        after,
        themes=_theme_changes(before, after, old, new),
        groups=_group_trends(old, new),
        closed=_closed_trends(before, after),
    )


def _pairs(old: list[Theme], new: list[Theme], same_evidence: bool) -> dict[int, Theme]:
    found = (
        carryover.match(
            old,
            new,
            carryover.members(old[0].run_id) if old else {},
            carryover.members(new[0].run_id) if new else {},
        )
        if same_evidence
        else {}
    )
    taken = {t.id for t in found.values()}
    by_title = {t.title.casefold(): t for t in new if t.id not in taken}
    for theme in old:
        twin = by_title.pop(theme.title.casefold(), None)
        if theme.id not in found and twin is not None:
            found[theme.id] = twin
    return found


def _theme_changes(
    before: AnalysisRun, after: AnalysisRun, old: list[Theme], new: list[Theme]
) -> list[ThemeChange]:
    found = _pairs(old, new, _share_evidence(before, after))
    share = _share_of(before), _share_of(after)
    out = []
    for theme in old:
        twin = found.get(theme.id)
        change = ThemeChange(twin.title if twin else theme.title, "disappeared", theme, twin,
                             share[0](theme), share[1](twin) if twin else 0.0)  # fmt: skip
        if twin is not None:
            change.status = (
                "steady" if abs(change.delta) < STEADY else "grew" if change.delta > 0 else "shrank"
            )
        out.append(change)
    matched = {t.id for t in found.values()}
    out += [
        ThemeChange(t.title, "appeared", None, t, 0.0, share[1](t))
        for t in new
        if t.id not in matched
    ]
    order = {"grew": 0, "appeared": 1, "steady": 2, "shrank": 3, "disappeared": 4}
    return sorted(out, key=lambda c: (order[c.status], -abs(c.delta), c.title))


def _share_evidence(before: AnalysisRun, after: AnalysisRun) -> bool:
    """Runs over (partly) the same answers can be paired by evidence; waves cannot."""
    return (
        after.parent_id == before.id
        or before.parent_id == after.id
        or (before.scope.get("sources") == after.scope.get("sources"))
    )


def _share_of(run: AnalysisRun):  # noqa: ANN202
    return lambda theme: theme.respondents / run.respondents if run.respondents else 0.0


def _group_trends(old: list[Theme], new: list[Theme]) -> list[GroupTrend]:
    before, after = _by_group(old), _by_group(new)
    return [
        GroupTrend(column, value, before[(column, value)], after[(column, value)])
        for column, value in sorted(set(before) & set(after))
    ]


def _by_group(themes: list[Theme]) -> dict[tuple[str, str], dict[str, float]]:
    """(org-unit column, value) -> respondent-weighted support and concern over shown cells."""
    sums: dict[tuple[str, str], list[float]] = {}
    for theme in themes:
        for column in ORG_UNIT_COLUMNS:
            for value, cell in theme.groups.get(column, {}).items():
                if value and not cell.get("suppressed"):
                    total = sums.setdefault((column, value), [0.0, 0.0, 0.0])
                    total[0] += cell["rows"]
                    total[1] += cell["rows"] * cell["support"]
                    total[2] += cell["rows"] * cell["concern"]
    return {
        key: {"support": s / n, "concern": c / n, "rows": n} for key, (n, s, c) in sums.items() if n
    }


def _closed_trends(before: AnalysisRun, after: AnalysisRun) -> list[dict[str, Any]]:
    """Agreement items asked in both runs (same code and text): overall and per org unit."""
    old = {_key(i): i for i in questions.items(before) if i["agreement"] and i["n"]}
    out = []
    for item in questions.items(after):
        twin = old.get(_key(item))
        if twin is None or not (item["agreement"] and item["n"]):
            continue
        units = []
        for column in ORG_UNIT_COLUMNS:
            cells_a = twin["columns"].get(column, {}).get("cells", {})
            cells_b = item["columns"].get(column, {}).get("cells", {})
            units += [
                (column, value, cells_a[value]["agree"], cells_b[value]["agree"])
                for value in sorted(set(cells_a) & set(cells_b))
                if value and cells_a[value] and cells_b[value]
            ]
        out.append({"item": item, "before": twin["overall"]["agree"],
                    "after": item["overall"]["agree"], "units": units})  # fmt: skip
    return out


def _key(item: dict[str, Any]) -> tuple[str, str | None, str]:
    return item["code"], item["row"], item["text"]


def choices(runs: list[AnalysisRun]) -> list[tuple[int, str]]:
    """Runs offered for comparison: id and a label with the finishing date."""
    return [
        (r.id, f"{r.title} (#{r.id}, {r.finished_at:%Y-%m-%d})" if r.finished_at else r.title)
        for r in runs
    ]
