"""Real models on small real corpora, loaded once per test session."""

import csv
import json
from pathlib import Path

import pytest

from analysis.nlp import EvidenceUnit, ThemeEngine, ThemeResult
from analysis.nlp.embed import StaticEmbedder
from tests.conftest import shared_data

DURHAM = ("engagement_text", "durham_resident_survey_2021", "rss2021.csv")
POLIS = ("polis", "american-assembly.bowling-green", "comments.csv")
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "nlp"


@pytest.fixture(scope="session")
def durham_units() -> list[EvidenceUnit]:
    """481 real answers (Windows-1252), grouped by city/county survey."""
    with shared_data(*DURHAM).open(encoding="cp1252", newline="") as f:
        rows = list(csv.DictReader(f))
    return [
        EvidenceUnit(str(i), r["response"], "durham", {"survey": r["survey"].strip()})
        for i, r in enumerate(rows)
    ]


@pytest.fixture(scope="session")
def polis_units() -> list[EvidenceUnit]:
    """The moderated-in comments of the Bowling Green Pol.is conversation."""
    with shared_data(*POLIS).open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["moderated"] == "1"]
    return [EvidenceUnit(r["comment-id"], r["comment-body"], "polis") for r in rows]


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> ThemeEngine:
    """The default engine with a fresh embedding cache (the static model is shared)."""
    return ThemeEngine(embedder=StaticEmbedder(), cache_dir=tmp_path_factory.mktemp("engage-cache"))


@pytest.fixture(scope="session")
def durham_result(engine: ThemeEngine, durham_units: list[EvidenceUnit]) -> ThemeResult:
    return engine.run(durham_units, seed=0)


def read_jsonl(name: str) -> list[dict]:
    """A labelled fixture: one JSON object per line."""
    return [json.loads(line) for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()]
