"""The text pipeline: open answers and notes into themes, stance, quotes and statistics.

Plain Python: no Flask, no SQLAlchemy. Heavy models load lazily, once per process.

Example:
    >>> from analysis.nlp import EvidenceUnit, ThemeEngine
    >>> result = ThemeEngine().run([EvidenceUnit("1", "More parks please")], seed=0)
"""

from analysis.nlp.engine import ENGINE_VERSION, ThemeEngine
from analysis.nlp.types import EvidenceUnit, Quote, RowAssignment, Segment, Theme, ThemeResult

__all__ = [
    "ENGINE_VERSION",
    "EvidenceUnit",
    "Quote",
    "RowAssignment",
    "Segment",
    "Theme",
    "ThemeEngine",
    "ThemeResult",
]
