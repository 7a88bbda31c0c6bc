"""Census tables, split by concern; import from here."""

from engage.census.models.rubric import LEVELS, Rubric, RubricDimension
from engage.census.models.tracking import (
    Benchmark,
    BenchmarkValue,
    Initiative,
    InitiativeStatus,
    MetricKind,
)
from engage.census.models.waves import Assessment, OrgUnitLead, Score, Wave, WaveStatus

__all__ = [
    "LEVELS",
    "Assessment",
    "Benchmark",
    "BenchmarkValue",
    "Initiative",
    "InitiativeStatus",
    "MetricKind",
    "OrgUnitLead",
    "Rubric",
    "RubricDimension",
    "Score",
    "Wave",
    "WaveStatus",
]
