"""The mapping report: every element of a source file, and what became of it."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from engage.errors import DomainError


class BadImport(DomainError):
    """The file cannot be imported at all; the message names the row, element or field."""


class Outcome(StrEnum):
    IMPORTED = "imported"
    CHANGED = "changed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Entry:
    """One element: ``where`` is a row number ("row 12") or an element ("question Q01")."""

    outcome: Outcome
    where: str
    name: str
    message: str = ""


@dataclass
class MappingReport:
    source: str
    entries: list[Entry] = field(default_factory=list)

    def imported(self, where: str, name: str, message: str = "") -> None:
        self.entries.append(Entry(Outcome.IMPORTED, where, name, message))

    def changed(self, where: str, name: str, message: str) -> None:
        self.entries.append(Entry(Outcome.CHANGED, where, name, message))

    def skipped(self, where: str, name: str, message: str) -> None:
        self.entries.append(Entry(Outcome.SKIPPED, where, name, message))

    def counts(self) -> dict[str, int]:
        found = Counter(e.outcome.value for e in self.entries)
        return {o.value: found.get(o.value, 0) for o in Outcome}

    def about(self, name: str) -> list[Entry]:
        return [e for e in self.entries if e.name == name]

    def summary(self) -> str:
        counts = self.counts()
        return ", ".join(f"{n} {outcome}" for outcome, n in counts.items())

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "counts": self.counts(),
            "entries": [asdict(e) for e in self.entries],
        }
