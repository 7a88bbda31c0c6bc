"""Import a Pol.is openData export (comments.csv, participants-votes.csv, optional votes.csv).

Votes come from votes.csv when present (a voter's latest vote counts, as in Polis) and
otherwise from the participants-votes matrix. Opinion groups are the matrix's ``group-id``.
Consensus per statement is :func:`analysis.stats.group_informed_consensus` over those groups.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from analysis.stats import group_informed_consensus
from engage.audit.services import record
from engage.extensions import db
from surveys.importers.report import BadImport

from .models import Deliberation, Participant, Statement, StatementVote

ATTRIBUTION = "Polis open data, The Computational Democracy Project, CC BY 4.0"
MAX_BYTES = 200 * 1024 * 1024
_VALUES = {"1": 1, "-1": -1, "0": 0, "1.0": 1, "-1.0": -1, "0.0": 0}


@dataclass
class PolisData:
    comments: list[dict[str, str]]
    groups: dict[int, str | None]
    votes: dict[tuple[int, int], int]  # (pid, tid) -> final vote
    summary: dict[str, str]


def _table(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise BadImport(f"{path.name}: missing from the export folder.")
    if path.stat().st_size > MAX_BYTES:
        raise BadImport(f"{path.name}: larger than {MAX_BYTES // 2**20} MB.")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadImport(f"{path.name}: not UTF-8 text (Polis exports are UTF-8).") from None
    return list(csv.DictReader(io.StringIO(text)))


def _int(value: str | None, where: str) -> int:
    try:
        return int(float(value or ""))
    except ValueError:
        raise BadImport(f"{where}: '{value}' is not a number.") from None


def read_export(folder: Path) -> PolisData:
    """Read and check the export; every problem names the file and row.

    Raises:
        BadImport: a missing file or column, or a value that is not a Polis id or vote.
    """
    if not folder.is_dir():
        raise BadImport(f"{folder}: not a folder.")
    comments = _table(folder / "comments.csv")
    for n, row in enumerate(comments, start=2):
        for column in ("comment-id", "comment-body"):
            if column not in row:
                raise BadImport(f"comments.csv: no '{column}' column.")
        _int(row["comment-id"], f"comments.csv row {n}")
    matrix = _table(folder / "participants-votes.csv")
    groups: dict[int, str | None] = {}
    votes: dict[tuple[int, int], int] = {}
    for n, row in enumerate(matrix, start=2):
        pid = _int(row.get("participant"), f"participants-votes.csv row {n}")
        groups[pid] = (row.get("group-id") or "").strip() or None
        if not (folder / "votes.csv").exists():
            for column, cell in row.items():
                if column and column.isdigit() and cell not in ("", None):
                    votes[(pid, int(column))] = _vote(cell, f"participants-votes.csv row {n}")
    if (folder / "votes.csv").exists():
        votes = _votes_file(folder / "votes.csv")
    summary = {}
    if (folder / "summary.csv").is_file():
        reader = csv.reader(io.StringIO((folder / "summary.csv").read_text("utf-8-sig")))
        summary = {row[0]: row[1] for row in reader if len(row) >= 2}
    return PolisData(comments, groups, votes, summary)


def _vote(cell: str, where: str) -> int:
    if cell.strip() not in _VALUES:
        raise BadImport(f"{where}: vote '{cell}' is not 1, -1 or 0.")
    return _VALUES[cell.strip()]


def _votes_file(path: Path) -> dict[tuple[int, int], int]:
    rows = _table(path)
    keyed = []
    for n, row in enumerate(rows, start=2):
        where = f"votes.csv row {n}"
        stamp = _int(row.get("timestamp"), where)
        keyed.append(
            (
                stamp,
                _int(row.get("voter-id"), where),
                _int(row.get("comment-id"), where),
                _vote(row.get("vote") or "", where),
            )
        )
    keyed.sort(key=lambda item: item[0])  # the latest vote wins
    return {(pid, tid): value for _stamp, pid, tid, value in keyed}


def import_polis(folder: Path, actor: Any, conversation: str | None = None) -> Deliberation:
    """Create a deliberation from a Polis export folder (flushes; the caller commits).

    Raises:
        BadImport: unreadable export, or the conversation was imported before.
    """
    data = read_export(folder)
    key = re.sub(r"[^A-Za-z0-9_.-]+", "-", conversation or folder.name).strip("-")[:120]
    if db.session.scalar(select(Deliberation.id).where(Deliberation.conversation == key)):
        raise BadImport(f"the conversation '{key}' has already been imported.")
    deliberation = Deliberation(
        conversation=key,
        title=(data.summary.get("topic") or key)[:300],
        description=data.summary.get("conversation-description", ""),
        url=data.summary.get("url", "")[:300],
        attribution=ATTRIBUTION,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(deliberation)
    db.session.flush()
    _store(deliberation, data)
    record(
        actor,
        "deliberation.imported",
        "deliberation",
        deliberation.id,
        statements=len(data.comments),
        votes=len(data.votes),
    )
    return deliberation


def _store(deliberation: Deliberation, data: PolisData) -> None:
    grouped = {pid: g for pid, g in data.groups.items() if g is not None}
    consensus = (
        group_informed_consensus(((p, t, v) for (p, t), v in data.votes.items()), grouped)
        if grouped
        else {}
    )
    counts: dict[int, list[int]] = {}
    for (_pid, tid), value in data.votes.items():
        counts.setdefault(tid, [0, 0, 0])[{1: 0, -1: 1, 0: 2}[value]] += 1
    for row in data.comments:
        tid = int(float(row["comment-id"]))
        agree, disagree, passed = counts.get(tid, [0, 0, 0])
        author = row.get("author-id") or ""
        deliberation.statements.append(
            Statement(
                tid=tid,
                text=row["comment-body"],
                moderated=int(float(row.get("moderated") or 0)),
                author_pid=int(float(author)) if author.strip() else None,
                agrees=agree,
                disagrees=disagree,
                passes=passed,
                consensus=consensus.get(tid),
            )
        )
    db.session.flush()
    rows = [
        {"deliberation_id": deliberation.id, "pid": p, "group": g} for p, g in data.groups.items()
    ]
    if rows:
        db.session.execute(insert(Participant), rows)
    votes = [
        {"deliberation_id": deliberation.id, "tid": t, "pid": p, "value": v}
        for (p, t), v in data.votes.items()
    ]
    for start in range(0, len(votes), 5000):
        db.session.execute(insert(StatementVote), votes[start : start + 5000])
