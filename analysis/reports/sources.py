"""The evidence-source registry: where the text of a run comes from.

A source turns its part of a run's scope into :class:`EvidenceUnit` objects. Features own
their tables; the providers that read them live in ``sources_<name>.py`` beside this module
and register here, so the run pipeline never imports a feature's models itself.

Scope shape (stored on ``AnalysisRun.scope``)::

    {"sources": {"upload": {"ids": [3]}, "survey": {"questions": [12, 14]}},
     "date_from": "2026-01-01", "date_to": null, "org_units": [4], "languages": ["en"]}

Each provider receives the whole scope and reads its own options plus the shared filters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from analysis.nlp import EvidenceUnit
from engage.errors import DomainError

Provider = Callable[[dict[str, Any]], list[EvidenceUnit]]


@dataclass(frozen=True)
class Source:
    """One kind of evidence.

    Attributes:
        name: key in ``scope["sources"]`` and prefix of its unit ids.
        label: what analysts see when picking a scope.
        provider: scope -> units (ids unique across sources, attributes are group columns).
        options: scope -> [(value, label)] choices an analyst can pick (e.g. questions).
        quotable: unit ids -> the ids whose authors agreed to be quoted outside analysis.
        respondent: unit id -> who said it, so respondents are counted once.
        live_consent: consent can be withdrawn after a run (a tour session's), so readers'
            views ask ``quotable`` again instead of trusting what the run stored.
    """

    name: str
    label: str
    provider: Provider
    options: Callable[[], list[tuple[str, str]]] = field(default=lambda: [])
    quotable: Callable[[Iterable[str]], set[str]] = field(default=lambda ids: set())
    respondent: Callable[[str], str] = field(default=lambda unit_id: unit_id)
    live_consent: bool = False


_REGISTRY: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Add (or replace, on re-import) a source."""
    _REGISTRY[source.name] = source
    return source


def get(name: str) -> Source:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise DomainError(f"Unknown evidence source {name!r}.") from None


def find(name: str) -> Source | None:
    """The source called ``name``, or None."""
    return _REGISTRY.get(name)


def all_sources() -> list[Source]:
    return sorted(_REGISTRY.values(), key=lambda s: s.name)


def collect(scope: dict[str, Any]) -> list[tuple[Source, EvidenceUnit]]:
    """Every unit in ``scope`` with its source, in a stable order (for reproducible runs)."""
    picked = scope.get("sources") or {}
    if not picked:
        raise DomainError("Pick at least one source of answers or notes for this run.")
    found: list[tuple[Source, EvidenceUnit]] = []
    for name in sorted(picked):
        source = get(name)
        units = source.provider(scope)
        found.extend((source, unit) for unit in sorted(units, key=lambda u: u.id))
    return found


def in_dates(day: date | None, scope: dict[str, Any]) -> bool:
    """Whether ``day`` falls in the scope's date range (inclusive; open ends allowed)."""
    if day is None:
        return not (scope.get("date_from") or scope.get("date_to"))
    start, end = scope.get("date_from"), scope.get("date_to")
    return (not start or day >= date.fromisoformat(start)) and (
        not end or day <= date.fromisoformat(end)
    )


def in_languages(language: str | None, scope: dict[str, Any]) -> bool:
    wanted = scope.get("languages") or []
    return not wanted or (language or "") in wanted


def in_org_units(unit_ids: Iterable[int | None], scope: dict[str, Any]) -> bool:
    wanted = set(scope.get("org_units") or [])
    return not wanted or bool(wanted & {u for u in unit_ids if u is not None})


def load_all() -> None:
    """Import the source modules so they register (called when the blueprint loads)."""
    from analysis.reports import sources_surveys, sources_tours, sources_upload  # noqa: F401
