"""Small-cell suppression: no small cell shown, no hidden cell derivable from totals."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.stats import MIN_K, apply_suppression, check_k, suppress_counts

counts = st.dictionaries(st.text(max_size=3), st.integers(0, 60), max_size=10)
thresholds = st.integers(MIN_K, 30)


@pytest.mark.parametrize("k", [4, 0, -10, True, 5.0, "10"])
def test_k_below_five_or_not_an_integer_is_refused(k: object) -> None:
    with pytest.raises(ValueError, match="K must be an integer >= 5"):
        check_k(k)  # type: ignore[arg-type]


def test_nothing_hidden_when_every_cell_is_large() -> None:
    assert suppress_counts({"a": 10, "b": 11}, k=10) == set()


def test_a_lone_small_cell_takes_the_next_smallest_with_it() -> None:
    assert suppress_counts({"a": 3, "b": 40, "c": 12, "d": 12}, k=10) == {"a", "c"}


def test_small_cells_that_add_up_to_under_k_take_more_with_them() -> None:
    assert suppress_counts({"a": 2, "b": 3, "c": 50, "d": 60}, k=10) == {"a", "b", "c"}


def test_two_small_cells_that_add_up_to_k_are_enough() -> None:
    assert suppress_counts({"a": 4, "b": 6, "c": 50}, k=10) == {"a", "b"}


def test_everything_hidden_when_everything_is_small() -> None:
    assert suppress_counts({"a": 4, "b": 3}, k=5) == {"a", "b"}


def test_rejects_negative_counts() -> None:
    with pytest.raises(ValueError, match="negative"):
        suppress_counts({"a": -1})


def test_apply_replaces_hidden_cells_and_keeps_order() -> None:
    table = {"a": {"rows": 3}, "b": {"rows": 50}, "c": {"rows": 40}}
    shown = apply_suppression(table, {"a", "c"})
    assert list(shown) == ["a", "b", "c"]
    assert shown == {"a": {"suppressed": True}, "b": {"rows": 50}, "c": {"suppressed": True}}
    shown["a"]["suppressed"] = False  # each hidden cell is its own dict
    assert shown["c"] == {"suppressed": True}


@given(counts, thresholds)
def test_no_shown_cell_under_k(cells: dict[str, int], k: int) -> None:
    hidden = suppress_counts(cells, k)
    assert all(count >= k for key, count in cells.items() if key not in hidden)


@given(counts, thresholds)
def test_no_hidden_cell_derivable_from_total_minus_shown(cells: dict[str, int], k: int) -> None:
    hidden = suppress_counts(cells, k)
    total = sum(cells.values())
    derivable = total - sum(count for key, count in cells.items() if key not in hidden)
    assert derivable == sum(cells[key] for key in hidden)
    # One hidden cell would equal the derivable remainder; a remainder under K would describe
    # a small group of people. Neither may happen unless nothing at all is shown.
    if hidden != set(cells):
        assert len(hidden) != 1
        assert not hidden or derivable >= k


@given(counts, thresholds)
def test_hides_only_primary_cells_and_the_fewest_smallest_complements(
    cells: dict[str, int], k: int
) -> None:
    hidden = suppress_counts(cells, k)
    primary = {key for key, count in cells.items() if count < k}
    assert primary <= hidden
    complements = hidden - primary
    shown = set(cells) - hidden
    if complements and shown:  # every complement is no larger than any shown cell
        assert max(cells[key] for key in complements) <= min(cells[key] for key in shown)
