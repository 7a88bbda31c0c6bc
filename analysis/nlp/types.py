"""Plain data that flows in and out of the text pipeline.

Everything here is a frozen or plain dataclass so results can be compared for determinism,
serialised to JSON and stored by the web app without importing any model code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Stance = Literal["support", "concern", "neutral"]
STANCES: tuple[Stance, ...] = ("support", "concern", "neutral")


@dataclass(frozen=True)
class EvidenceUnit:
    """One answer or note as it enters the pipeline.

    Attributes:
        id: Stable identifier of the source row (an answer id, a note id, a CSV row number).
        text: The text as written by the person.
        source: Where it came from, e.g. ``"survey:12/question:4"`` or ``"file:answers.csv"``.
        attributes: Group columns for breakdowns, e.g. ``{"department": "Parks"}``.
    """

    id: str
    text: str
    source: str = ""
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Segment:
    """A claim-sized piece of one evidence unit (a sentence or clause).

    ``start``/``end`` are character offsets into the parent's text, so the segment text is
    always a verbatim substring of what the person wrote.
    """

    parent: int  # index of the parent EvidenceUnit in the input list
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quote:
    """A verbatim excerpt from one input row, redacted for sharing."""

    row: int
    text: str


@dataclass
class Theme:
    """One theme found in the corpus, with its evidence and statistics."""

    id: int
    label: str
    keywords: list[str]
    summary: str
    units: int
    rows: int
    stance: dict[str, int]
    quotes: list[Quote]
    language: str = "en"
    consensus: float = 0.0
    concern: float = 0.0
    divisiveness: float = 0.0
    groups: dict[str, dict[str, dict]] = field(default_factory=dict)


@dataclass(frozen=True)
class RowAssignment:
    """The themes of one input row, the theme covering most of its text first."""

    row: int
    id: str
    themes: list[int]
    stance: Stance


@dataclass
class ThemeResult:
    """The output of one pipeline run.

    Attributes:
        themes: Themes ordered by the number of rows they cover.
        rows: One entry per non-empty input row, in input order.
        unit_themes: Theme id per segment (``-1`` when left out), aligned with ``segments``.
        segments: The claim-sized units that were themed.
        unassigned_rows: Non-empty rows that ended up in no theme.
        agree: Theme ids ranked by consensus ("where people agree").
        worry: Theme ids ranked by concern ("what people worry about").
        manifest: Engine and model versions, seed, parameters, checksum and stage timings.
    """

    themes: list[Theme]
    rows: list[RowAssignment]
    unit_themes: list[int]
    segments: list[Segment]
    unassigned_rows: int
    agree: list[int] = field(default_factory=list)
    worry: list[int] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)
