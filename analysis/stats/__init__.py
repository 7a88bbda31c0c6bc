"""Closed-question statistics, group-informed consensus and small-cell suppression.

Plain Python (no Flask, no SQLAlchemy): plain data in, dataclasses and dicts out.
"""

from analysis.stats.closed import (
    GroupSummary,
    ItemStats,
    closed_item_statistics,
    likert_stance,
    option_distribution,
)
from analysis.stats.intervals import Proportion, proportion, wilson_interval
from analysis.stats.suppression import (
    DEFAULT_K,
    MIN_K,
    MISSING,
    SUPPRESSED,
    apply_suppression,
    check_k,
    suppress_counts,
)
from analysis.stats.tally import Tally, informed_mean, informed_product, lean_range
from analysis.stats.themes import ThemeGroupStats, theme_group_statistics
from analysis.stats.votes import (
    group_divisiveness,
    group_informed_concern,
    group_informed_consensus,
    tally_votes,
)

__all__ = [
    "DEFAULT_K",
    "MIN_K",
    "MISSING",
    "SUPPRESSED",
    "GroupSummary",
    "ItemStats",
    "Proportion",
    "Tally",
    "ThemeGroupStats",
    "apply_suppression",
    "check_k",
    "closed_item_statistics",
    "group_divisiveness",
    "group_informed_concern",
    "group_informed_consensus",
    "informed_mean",
    "informed_product",
    "lean_range",
    "likert_stance",
    "option_distribution",
    "proportion",
    "suppress_counts",
    "tally_votes",
    "theme_group_statistics",
    "wilson_interval",
]
