"""Wilson intervals, checked against SciPy's implementation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest

from analysis.stats import proportion, wilson_interval


@pytest.mark.parametrize(("count", "total"), [(0, 10), (5, 10), (10, 10), (1, 3), (412, 977)])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_matches_scipy(count: int, total: int, confidence: float) -> None:
    expected = binomtest(count, total).proportion_ci(confidence, method="wilson")
    low, high = wilson_interval(count, total, confidence)
    assert (low, high) == pytest.approx((expected.low, expected.high), abs=1e-12)


def test_known_value() -> None:
    assert wilson_interval(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-4)


def test_empty_total_knows_nothing() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)
    assert proportion(0, 0).share == 0.0


@pytest.mark.parametrize(
    ("count", "total", "confidence"), [(-1, 3, 0.95), (4, 3, 0.95), (1, 3, 1.0)]
)
def test_rejects_bad_input(count: int, total: int, confidence: float) -> None:
    with pytest.raises(ValueError):
        wilson_interval(count, total, confidence)


@given(st.integers(1, 10_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_interval_contains_the_share(case: tuple[int, int]) -> None:
    count, total = case
    share = proportion(count, total)
    assert 0.0 <= share.low <= share.share <= share.high <= 1.0
