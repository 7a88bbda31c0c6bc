"""Group statistics for themes: who raises a theme, with what stance, and how broadly.

A theme's rows play the part of Polis votes: in each group, a support row is an agree, a
concern row a disagree, a neutral row a pass, and S is the number of the group's rows in the
theme. A group's smoothed support share is (support + 1) / (rows + 2), so a group that never
raised the theme sits at 1/2 and a group with two rows cannot reach 0 or 1.

- consensus: per group column, the geometric mean over shown groups of the smoothed support
  shares (Polis's product to the power 1/G, see `analysis.stats.tally.informed_mean`); with
  several columns, the lowest, since support is only broad if it holds in every breakdown.
- concern: the same with concern rows.
- divisiveness: per column, half the range of the groups' smoothed (support - concern) leans;
  with several columns, the highest.

Only shown groups enter the scores: a score that mixed in a suppressed group would let its
stance be solved for from the shown ones. When no column has a shown group (or there are no
group columns), all rows form one group.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from analysis.stats.suppression import DEFAULT_K, MISSING, SUPPRESSED, check_k, suppress_counts
from analysis.stats.tally import Tally, informed_mean, lean_range

STANCES = ("support", "concern", "neutral")


@dataclass(frozen=True)
class ThemeGroupStats:
    """One theme's scores and per-group breakdown.

    Attributes:
        consensus: broad support across groups, in (0, 1).
        concern: broad concern across groups, in (0, 1).
        divisiveness: how much groups differ in stance, in [0, 1).
        groups: column -> value -> {"rows", "share", "support", "concern"} or
            {"suppressed": True}.
    """

    consensus: float
    concern: float
    divisiveness: float
    groups: dict[str, dict[str, dict[str, Any]]]


def theme_group_statistics(
    theme_rows: Mapping[int, Mapping[int, str]],
    row_groups: Mapping[int, Mapping[str, str]],
    k: int = DEFAULT_K,
) -> dict[int, ThemeGroupStats]:
    """Per theme and group: rows, share, stance mix; consensus, concern and divisiveness.

    Args:
        theme_rows: theme id -> {row index -> that row's stance in the theme:
            "support", "concern" or "neutral"}.
        row_groups: every non-empty row -> {group column -> value}; a row without a
            value (key absent or None) counts under `MISSING` ("").
        k: suppression threshold (>= 5): a group value with fewer than k rows in the whole
            input, or one hidden by complementary suppression, shows only
            {"suppressed": True}, for every theme.

    Returns:
        theme id -> statistics. Shares and stance mixes are raw; scores are smoothed.

    Raises:
        ValueError: on an unknown stance, a row missing from `row_groups`, or k < 5.
    """
    check_k(k)
    columns = sorted({column for groups in row_groups.values() for column in groups})
    membership = {
        column: {row: _value(groups, column) for row, groups in row_groups.items()}
        for column in columns
    }
    sizes = {column: Counter(values.values()) for column, values in membership.items()}
    shown = {column: set(size) - suppress_counts(size, k) for column, size in sizes.items()}
    return {
        theme: _theme_stats(_checked(theme, rows, row_groups), membership, sizes, shown)
        for theme, rows in theme_rows.items()
    }


def _checked(
    theme: int, rows: Mapping[int, str], row_groups: Mapping[int, Mapping[str, str]]
) -> Mapping[int, str]:
    for row, stance in rows.items():
        if stance not in STANCES:
            raise ValueError(f"theme {theme}, row {row}: unknown stance {stance!r}")
        if row not in row_groups:
            raise ValueError(f"theme {theme}: row {row} is not in row_groups")
    return rows


def _theme_stats(
    rows: Mapping[int, str],
    membership: Mapping[str, Mapping[int, str]],
    sizes: Mapping[str, Counter[str]],
    shown: Mapping[str, set[str]],
) -> ThemeGroupStats:
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    per_column: list[list[Tally]] = []
    for column, values in membership.items():
        tallies = _tally_groups(rows, values, shown[column])
        groups[column] = {
            value: _cell(tallies[value], size) if value in tallies else dict(SUPPRESSED)
            # Sorted as text: values read from spreadsheets can mix numbers and strings.
            for value, size in sorted(sizes[column].items(), key=lambda cell: str(cell[0]))
        }
        if tallies:
            per_column.append(list(tallies.values()))
    # No shown group anywhere: the whole input is the one group.
    per_column = per_column or [[_tally(rows.values())]]
    return ThemeGroupStats(
        consensus=min(informed_mean(t.agree_prob for t in ts) for ts in per_column),
        concern=min(informed_mean(t.disagree_prob for t in ts) for ts in per_column),
        divisiveness=max(lean_range(ts) for ts in per_column),
        groups=groups,
    )


def _value(groups: Mapping[str, str], column: str) -> str:
    value = groups.get(column)
    return MISSING if value is None else value


def _tally_groups(
    rows: Mapping[int, str], values: Mapping[int, str], shown: set[str]
) -> dict[str, Tally]:
    stances: dict[str, list[str]] = defaultdict(list)
    for row, stance in rows.items():
        stances[values[row]].append(stance)
    return {value: _tally(stances[value]) for value in sorted(shown, key=str)}


def _tally(stances: Iterable[str]) -> Tally:
    counts = Counter(stances)
    return Tally(counts["support"], counts["concern"], counts.total())


def _cell(tally: Tally, group_size: int) -> dict[str, Any]:
    seen = tally.seen
    return {
        "rows": seen,
        "share": seen / group_size,
        "support": tally.agree / seen if seen else 0.0,
        "concern": tally.disagree / seen if seen else 0.0,
    }
