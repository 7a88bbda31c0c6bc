"""Group-informed consensus on votes, checked against Polis's own output and real data."""

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from analysis.stats import (
    Tally,
    group_divisiveness,
    group_informed_concern,
    group_informed_consensus,
    tally_votes,
)

Votes = list[tuple[str, str, int]]

FIXTURE = "polis_math_fixtures/below-100-ptpts"


def test_counts_passes_as_seen_and_keeps_the_last_vote() -> None:
    votes = [("a", "x", 1), ("b", "x", 0), ("c", "x", -1), ("a", "x", -1)]
    tallies = tally_votes(votes, {"a": "g", "b": "g", "c": "h"})
    assert tallies == {"x": {"g": Tally(0, 1, 2), "h": Tally(0, 1, 1)}}


def test_polis_formula_on_a_small_case() -> None:
    votes = [("a", "x", 1), ("b", "x", 0), ("c", "x", 1), ("d", "y", -1)]
    consensus = group_informed_consensus(votes, {"a": 1, "b": 1, "c": 2, "d": 2})
    # x: g1 (1+1)/(2+2), g2 (1+1)/(1+2); y: g1 never voted (1/2), g2 (0+1)/(1+2).
    assert consensus == pytest.approx({"x": 0.5 * 2 / 3, "y": 0.5 * 1 / 3})
    concern = group_informed_concern(votes, {"a": 1, "b": 1, "c": 2, "d": 2})
    assert concern == pytest.approx({"x": 0.25 * 1 / 3, "y": 0.5 * 2 / 3})


def test_ungrouped_participants_are_not_counted_but_their_items_are_scored() -> None:
    consensus = group_informed_consensus([("a", "x", 1), ("z", "y", 1)], {"a": "g"})
    assert consensus == pytest.approx({"x": 2 / 3, "y": 1 / 2})


def test_rejects_unknown_values_and_missing_groups() -> None:
    with pytest.raises(ValueError, match="vote value"):
        group_informed_consensus([("a", "x", 2)], {"a": "g"})
    with pytest.raises(ValueError, match="at least one group"):
        group_informed_consensus([("a", "x", 1)], {})


def test_divisiveness_is_high_when_groups_disagree() -> None:
    votes = [(f"p{i}", "split", 1 if i < 20 else -1) for i in range(40)]
    votes += [(f"p{i}", "shared", 1) for i in range(40)]
    groups = {f"p{i}": i < 20 for i in range(40)}
    divisiveness = group_divisiveness(votes, groups)
    assert divisiveness["split"] == pytest.approx(20 / 22)
    assert divisiveness["shared"] == 0.0


def _polis_fixture(polis_dir: Path) -> tuple[Votes, dict[int, int], dict[str, float]]:
    math = json.loads((polis_dir / FIXTURE / "math-pca2.json").read_text())
    raw = json.loads((polis_dir / FIXTURE / "votes.json").read_text())
    # Polis keeps the latest vote, so feed votes in the order they were cast.
    raw.sort(key=lambda vote: int(vote["modified"]))
    votes = [(vote["pid"], vote["tid"], vote["vote"]) for vote in raw]
    # Groups are made of base clusters; base clusters (folded as parallel lists) of pids.
    base = dict(zip(math["base-clusters"]["id"], math["base-clusters"]["members"], strict=True))
    groups = {
        pid: group["id"]
        for group in math["group-clusters"]
        for base_id in group["members"]
        for pid in base[base_id]
    }
    return votes, groups, math["group-aware-consensus"]


def test_equals_polis_group_aware_consensus(polis_dir: Path) -> None:
    votes, groups, expected = _polis_fixture(polis_dir)
    ours = group_informed_consensus(votes, groups)
    assert {str(item) for item in ours} == set(expected)
    assert max(abs(ours[item] - expected[str(item)]) for item in ours) <= 1e-9


def test_tallies_equal_polis_group_votes(polis_dir: Path) -> None:
    votes, groups, _ = _polis_fixture(polis_dir)
    math = json.loads((polis_dir / FIXTURE / "math-pca2.json").read_text())
    tallies = tally_votes(votes, groups)
    for gid, stats in math["group-votes"].items():
        for tid, counts in stats["votes"].items():
            tally = tallies[int(tid)][int(gid)]
            assert (tally.agree, tally.disagree, tally.seen) == (
                counts["A"],
                counts["D"],
                counts["S"],
            )


def test_last_vote_counts_on_real_revotes(polis_dir: Path) -> None:
    """Seattle's raw votes include re-votes; the latest must match Polis's own matrix."""
    folder = polis_dir / "15-per-hour-seattle"
    with (folder / "votes.csv").open(newline="", encoding="utf-8") as handle:
        raw = sorted(csv.DictReader(handle), key=lambda row: int(row["timestamp"]))
    votes = [(row["voter-id"], row["comment-id"], int(row["vote"])) for row in raw]
    with (folder / "participants-votes.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    everyone = {row["participant"]: "all" for row in rows}
    matrix = [
        (row["participant"], item, int(row[item]))
        for row in rows
        for item in row
        if item.isdigit() and row[item] != ""
    ]
    assert len(votes) > len(matrix)  # there really are re-votes to resolve
    assert tally_votes(votes, everyone) == tally_votes(matrix, everyone)


def test_bowling_green_ranks_sensibly(
    participants_votes: Callable[[str], tuple[Votes, dict[str, str]]], polis_dir: Path
) -> None:
    """Consensus finds the shared wishes (traffic, internet rates); divisiveness the fairness
    ordinance, as the American Assembly's Bowling Green report describes."""
    votes, groups = participants_votes("american-assembly.bowling-green")
    with (polis_dir / "american-assembly.bowling-green" / "comments.csv").open() as handle:
        texts = {row["comment-id"]: row["comment-body"].lower() for row in csv.DictReader(handle)}
    tallies = tally_votes(votes, groups)
    # Rank comments every group saw often enough to judge, as a report would.
    judged = [
        item for item, by_group in tallies.items() if min(t.seen for t in by_group.values()) >= 30
    ]
    consensus = group_informed_consensus(votes, groups)
    divisiveness = group_divisiveness(votes, groups)
    top_consensus = sorted(judged, key=consensus.__getitem__, reverse=True)[:5]
    top_divisive = sorted(judged, key=divisiveness.__getitem__, reverse=True)[:5]
    assert sum("traffic" in texts[item] or "internet" in texts[item] for item in top_consensus) >= 3
    assert all(t.agree_prob > 0.6 for item in top_consensus for t in tallies[item].values())
    assert sum("fairness" in texts[item] for item in top_divisive) >= 3
    for item in top_divisive:  # one group leans for, the other against
        leans = [t.lean for t in tallies[item].values()]
        assert min(leans) < 0 < max(leans)
