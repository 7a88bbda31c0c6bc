"""Theme group statistics: breakdowns, scores, suppression, and Polis on real votes."""

import math
from collections import Counter
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.stats import ThemeGroupStats, group_informed_consensus, theme_group_statistics

Votes = list[tuple[str, str, int]]
STANCE = {1: "support", -1: "concern", 0: "neutral"}


def _rows(**sizes: int) -> dict[int, dict[str, str]]:
    """Rows numbered from 0, the first `sizes[a]` in area a, and so on."""
    areas = [area for area, size in sizes.items() for _ in range(size)]
    return {row: {"area": area} for row, area in enumerate(areas)}


def test_breakdown_and_scores_for_one_column() -> None:
    row_groups = _rows(city=20, county=10)
    theme = {0: "support", 1: "support", 2: "concern", 3: "neutral", 20: "support"}
    stats = theme_group_statistics({7: theme}, row_groups)[7]
    assert stats.groups == {
        "area": {
            "city": {"rows": 4, "share": 0.2, "support": 0.5, "concern": 0.25},
            "county": {"rows": 1, "share": 0.1, "support": 1.0, "concern": 0.0},
        }
    }
    city, county = (2 + 1) / (4 + 2), (1 + 1) / (1 + 2)
    assert stats.consensus == pytest.approx(math.sqrt(city * county))
    assert stats.concern == pytest.approx(math.sqrt((1 + 1) / 6 * 1 / 3))
    assert stats.divisiveness == pytest.approx(((1 - 0) / 3 - (2 - 1) / 6) / 2)


def test_no_group_columns_means_one_group() -> None:
    stats = theme_group_statistics({0: {0: "support", 1: "concern"}}, {0: {}, 1: {}, 2: {}})[0]
    assert stats == ThemeGroupStats(consensus=2 / 4, concern=2 / 4, divisiveness=0.0, groups={})


def test_small_groups_are_suppressed_in_every_theme_and_left_out_of_scores() -> None:
    row_groups = _rows(city=30, county=25, town=3)
    themes = {0: {0: "support", 30: "support", 55: "concern"}, 1: {56: "support"}}
    stats = theme_group_statistics(themes, row_groups, k=10)
    for theme in stats.values():
        # town is under K; county is hidden too, else town = total - city.
        assert theme.groups["area"]["town"] == {"suppressed": True}
        assert theme.groups["area"]["county"] == {"suppressed": True}
    assert stats[0].consensus == pytest.approx(2 / 3)  # city alone: (1 + 1) / (1 + 2)
    assert stats[1].consensus == pytest.approx(1 / 2)  # nobody shown raised it


def test_several_columns_take_the_weakest_consensus_and_strongest_divide() -> None:
    row_groups = {
        row: {"area": "city" if row < 20 else "county", "role": "staff" if row % 2 else "resident"}
        for row in range(40)
    }
    theme = {row: "support" if row < 20 else "concern" for row in range(40)}
    stats = theme_group_statistics({0: theme}, row_groups)[0]
    by_area = theme_group_statistics(
        {0: theme}, {r: {"area": g["area"]} for r, g in row_groups.items()}
    )
    by_role = theme_group_statistics(
        {0: theme}, {r: {"role": g["role"]} for r, g in row_groups.items()}
    )
    assert stats.consensus == min(by_area[0].consensus, by_role[0].consensus)
    assert stats.divisiveness == max(by_area[0].divisiveness, by_role[0].divisiveness)
    assert stats.divisiveness == pytest.approx(20 / 22)  # city all support, county all concern


def test_rows_without_a_value_form_the_missing_group() -> None:
    row_groups = {row: {"area": "city"} if row < 10 else {} for row in range(20)}
    row_groups |= {row: {"area": None} for row in range(20, 25)}  # type: ignore[dict-item]
    stats = theme_group_statistics({0: {0: "support"}}, row_groups)[0]
    assert list(stats.groups["area"]) == ["", "city"]
    assert stats.groups["area"][""]["share"] == 0.0


def test_mixed_value_types_sort_as_text() -> None:
    row_groups = {row: {"ward": 3 if row < 10 else "north"} for row in range(20)}
    stats = theme_group_statistics({0: {0: "support"}}, row_groups)[0]  # type: ignore[arg-type]
    assert list(stats.groups["ward"]) == [3, "north"]


@pytest.mark.parametrize(
    ("themes", "k", "message"),
    [
        ({0: {0: "happy"}}, 10, "unknown stance"),
        ({0: {99: "support"}}, 10, "not in row_groups"),
        ({}, 4, ">= 5"),
    ],
)
def test_rejects_bad_input(themes: dict[int, dict[int, str]], k: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        theme_group_statistics(themes, _rows(city=20), k=k)


def test_k_is_checked_without_group_columns() -> None:
    with pytest.raises(ValueError, match=">= 5"):
        theme_group_statistics({}, {0: {}}, k=3)


def test_equals_polis_on_real_votes(
    participants_votes: Callable[[str], tuple[Votes, dict[str, str]]],
) -> None:
    """Comments as themes, voters as rows, votes as stances: Polis's product, per group."""
    votes, groups = participants_votes("american-assembly.bowling-green")
    votes = [vote for vote in votes if vote[0] in groups]
    rows = {participant: row for row, participant in enumerate(sorted(groups))}
    themes: dict[int, dict[int, str]] = {}
    for participant, item, value in votes:
        themes.setdefault(int(item), {})[rows[participant]] = STANCE[value]
    row_groups = {row: {"group": groups[participant]} for participant, row in rows.items()}
    stats = theme_group_statistics(themes, row_groups)
    polis = group_informed_consensus(votes, groups)
    n_groups = len(set(groups.values()))
    for item, consensus in polis.items():
        assert stats[int(item)].consensus == pytest.approx(consensus ** (1 / n_groups), rel=1e-12)


@st.composite
def theme_inputs(draw: st.DrawFn) -> tuple[dict[int, dict[int, str]], dict[int, dict[str, str]]]:
    n_rows = draw(st.integers(1, 80))
    values = st.sampled_from(["a", "b", "c", "d", "e"])
    row_groups = {row: {"area": draw(values), "role": draw(values)} for row in range(n_rows)}
    stance = st.sampled_from(["support", "concern", "neutral"])
    themes = draw(
        st.dictionaries(st.integers(0, 4), st.dictionaries(st.integers(0, n_rows - 1), stance))
    )
    return themes, row_groups


@settings(deadline=None)  # timing varies on a shared machine; correctness does not
@given(theme_inputs(), st.integers(5, 15))
def test_bounds_and_suppression_hold(
    case: tuple[dict[int, dict[int, str]], dict[int, dict[str, str]]], k: int
) -> None:
    themes, row_groups = case
    for theme, stats in theme_group_statistics(themes, row_groups, k).items():
        assert 0.0 < stats.consensus < 1.0 and 0.0 < stats.concern < 1.0
        assert 0.0 <= stats.divisiveness < 1.0
        for column, cells in stats.groups.items():
            sizes = Counter(groups[column] for groups in row_groups.values())
            hidden = {value for value, cell in cells.items() if cell == {"suppressed": True}}
            assert all(sizes[value] >= k for value in cells if value not in hidden)
            if hidden and hidden != set(cells):
                assert len(hidden) >= 2 and sum(sizes[value] for value in hidden) >= k
            shown_rows = sum(cell["rows"] for value, cell in cells.items() if value not in hidden)
            assert len(themes[theme]) - shown_rows == sum(
                1 for row in themes[theme] if row_groups[row][column] in hidden
            )


@settings(deadline=None)
@given(theme_inputs(), st.sampled_from(["support", "concern", "neutral"]))
def test_scores_ignore_suppressed_groups(
    case: tuple[dict[int, dict[int, str]], dict[int, dict[str, str]]], new_stance: str
) -> None:
    """Rewriting what hidden groups said must not move any score a reader can see."""
    themes, row_groups = case
    row_groups = {row: {"area": groups["area"]} for row, groups in row_groups.items()}
    before = theme_group_statistics(themes, row_groups)
    for theme, stats in before.items():
        hidden = {v for v, cell in stats.groups["area"].items() if cell == {"suppressed": True}}
        if hidden == set(stats.groups["area"]):
            continue  # nothing shown: the scores are the whole input's
        rewritten = {
            row: new_stance if row_groups[row]["area"] in hidden else stance
            for row, stance in themes[theme].items()
        }
        assert theme_group_statistics({theme: rewritten}, row_groups)[theme] == stats
