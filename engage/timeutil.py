"""Timezone-aware UTC timestamps, one definition for every model."""

from datetime import UTC, datetime

__all__ = ["UTC", "utcnow"]


def utcnow() -> datetime:
    return datetime.now(UTC)
