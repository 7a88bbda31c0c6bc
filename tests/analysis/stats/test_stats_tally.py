"""Tallies and the scores built on them: smoothing, bounds, and the Polis product."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.stats import Tally, informed_mean, informed_product, lean_range


@st.composite
def tallies(draw: st.DrawFn) -> Tally:
    agree = draw(st.integers(0, 500))
    disagree = draw(st.integers(0, 500))
    return Tally(agree, disagree, agree + disagree + draw(st.integers(0, 500)))


def test_smoothing_is_polis_plus_one_plus_two() -> None:
    tally = Tally(agree=3, disagree=1, seen=6)
    assert tally.agree_prob == 4 / 8
    assert tally.disagree_prob == 2 / 8
    assert tally.lean == 2 / 8


def test_no_data_sits_at_one_half() -> None:
    assert Tally().agree_prob == Tally().disagree_prob == 0.5
    assert Tally().lean == 0.0


@pytest.mark.parametrize("bad", [(-1, 0, 0), (0, -1, 0), (2, 2, 3)])
def test_rejects_inconsistent_counts(bad: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError, match="inconsistent"):
        Tally(*bad)


def test_mean_is_the_product_per_group() -> None:
    probs = [0.9, 0.5, 0.2]
    assert informed_product(probs) == pytest.approx(0.09)
    assert informed_mean(probs) == pytest.approx(0.09 ** (1 / 3))
    assert informed_product([]) == 1.0
    assert informed_mean([]) == 0.0


def test_lean_range_needs_two_groups() -> None:
    assert lean_range([Tally(10, 0, 10)]) == 0.0
    assert lean_range([Tally(10, 0, 10), Tally(0, 10, 10)]) == pytest.approx(10 / 12)


@given(st.lists(tallies(), min_size=1, max_size=8))
def test_scores_stay_in_bounds(groups: list[Tally]) -> None:
    for probs in ([t.agree_prob for t in groups], [t.disagree_prob for t in groups]):
        mean = informed_mean(probs)
        assert 0.0 < informed_product(probs) <= mean * (1 + 1e-12)
        assert min(probs) <= mean * (1 + 1e-12) and mean <= max(probs) * (1 + 1e-12)
        assert mean < 1.0
    assert 0.0 <= lean_range(groups) < 1.0


@given(st.lists(tallies(), min_size=1, max_size=8))
def test_mean_ranks_like_the_product(groups: list[Tally]) -> None:
    """For a fixed number of groups, the normalised score is a monotone map of Polis's."""
    product = informed_product(t.agree_prob for t in groups)
    assert informed_mean(t.agree_prob for t in groups) == pytest.approx(
        product ** (1 / len(groups)), rel=1e-9
    )
    assert math.isfinite(product)
