"""Pol.is import on the real openData conversations in ../shared/data/polis."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from analysis.reports import sources
from analysis.stats import group_informed_consensus
from engage.deliberation import source  # noqa: F401  (registers the evidence source)
from engage.deliberation.models import Deliberation, Participant, Statement, StatementVote
from engage.deliberation.polis import import_polis
from engage.extensions import db
from surveys.importers.report import BadImport
from tests.conftest import shared_data

BOWLING_GREEN = "american-assembly.bowling-green"


@pytest.fixture
def ctx(app: Any) -> Any:
    with app.app_context():
        yield
        db.session.rollback()


def matrix(folder: Path) -> list[dict[str, str]]:
    with (folder / "participants-votes.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_bowling_green_reproduces_the_vote_counts_exactly(ctx: None) -> None:
    folder = shared_data("polis", BOWLING_GREEN)
    deliberation = import_polis(folder, "test")
    db.session.commit()
    rows = matrix(folder)
    assert db.session.scalar(select(func.count()).select_from(Participant)) == len(rows) == 2031
    assert len(deliberation.statements) == 896
    # Every participant's n-votes, n-agree and n-disagree equal what we stored.
    stored = Counter()
    for pid, value in db.session.execute(select(StatementVote.pid, StatementVote.value)):
        stored[(pid, "votes")] += 1
        stored[(pid, "agree")] += value == 1
        stored[(pid, "disagree")] += value == -1
    for row in rows:
        pid = int(row["participant"])
        assert stored[(pid, "votes")] == int(row["n-votes"]), pid
        assert stored[(pid, "agree")] == int(row["n-agree"]), pid
        assert stored[(pid, "disagree")] == int(row["n-disagree"]), pid
    # Statement tallies equal the matrix column by column.
    for statement in deliberation.statements:
        column = [r.get(str(statement.tid)) for r in rows]
        assert statement.agrees == sum(1 for v in column if v and float(v) == 1)
        assert statement.disagrees == sum(1 for v in column if v and float(v) == -1)


def test_consensus_is_polis_group_informed_consensus(ctx: None) -> None:
    folder = shared_data("polis", "london.youth.policing")
    deliberation = import_polis(folder, "test")
    with (folder / "votes.csv").open(encoding="utf-8") as handle:
        votes = sorted(csv.DictReader(handle), key=lambda r: int(r["timestamp"]))
    groups = {int(r["participant"]): r["group-id"] for r in matrix(folder) if r["group-id"]}
    expected = group_informed_consensus(
        ((int(v["voter-id"]), int(v["comment-id"]), int(v["vote"])) for v in votes), groups
    )
    got = {s.tid: s.consensus for s in deliberation.statements if s.consensus is not None}
    assert got == pytest.approx(expected)
    assert len(got) == len(expected) > 0


def test_statements_become_evidence_units_with_the_author_group(ctx: None) -> None:
    deliberation = import_polis(shared_data("polis", "london.youth.policing"), "test")
    units = sources.get("polis").provider({"sources": {"polis": {"ids": [str(deliberation.id)]}}})
    rejected = [s for s in deliberation.statements if s.moderated < 0]
    assert len(units) == len(deliberation.statements) - len(rejected)
    assert all(u.id.startswith("polis:london.youth.policing:") for u in units)
    authors = {
        int(r["participant"]): r["group-id"]
        for r in matrix(shared_data("polis", "london.youth.policing"))
    }
    statement = next(s for s in deliberation.statements if authors.get(s.author_pid))
    unit = next(u for u in units if u.id.endswith(f":{statement.tid}"))
    assert unit.attributes == {"polis_group": authors[statement.author_pid]}


def test_bad_exports_are_refused_with_file_and_row(ctx: None, tmp_path: Path) -> None:
    with pytest.raises(BadImport, match="comments.csv: missing"):
        import_polis(tmp_path, "test")
    folder = tmp_path / "conv"
    shutil.copytree(shared_data("polis", "london.youth.policing"), folder)
    with (folder / "votes.csv").open("a", encoding="utf-8") as handle:
        handle.write("1658933760999,x,1,1,7\n")
    with pytest.raises(BadImport, match=r"votes.csv row \d+: vote '7'"):
        import_polis(folder, "test")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Deliberation)) == 0


def test_cli(runner: Any, app: Any, tmp_path: Path) -> None:
    folder = shared_data("polis", "london.youth.policing")
    result = runner.invoke(args=["import", "polis", str(folder)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["import", "polis", str(folder)])
    assert again.exit_code == 2 and "already been imported" in again.stderr
    missing = runner.invoke(args=["import", "polis", str(tmp_path)])
    assert missing.exit_code == 2 and missing.stderr.strip().endswith(
        "missing from the export folder."
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Statement)) == 39
