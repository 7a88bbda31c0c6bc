"""Evidence from analysis runs: statistics measured on a theme, and quotes an audience may read.

A run stores only whether a unit's author agreed to anonymous quotation (``RunUnit.quotable``).
Listening-tour quotes carry a finer consent (internal, anonymous public, attributed) that can
change after the run, so for those the live consent is read from the tour; a withdrawn or
narrowed consent therefore takes effect in drafts at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from analysis.reports.models import AnalysisRun, ReportState, RunStatus, Theme
from analysis.reports.statistics import group_sizes, live_themes
from engage.directory.models import QuoteConsent
from engage.errors import DomainError
from engage.extensions import db
from engage.messaging.models import Audience
from engage.wholenumber import whole_number

#: metric -> what it measures (shown when choosing)
METRICS = {
    "respondents": "Number of people who raised the theme",
    "share": "Share of everyone heard who raised the theme",
    "support": "Share of those who raised it who spoke in support",
    "concern": "Share of those who raised it who raised concerns",
    "groups": "Number of groups (by a group column) the theme was heard in",
}
#: widest first, as in QuoteConsent
_CONSENT_ORDER = list(QuoteConsent)
TOUR_QUOTE = "tour-quote:"


@dataclass(frozen=True)
class Measure:
    """A statistic as it stands now: ``value`` rests on a sample of ``n`` people."""

    metric: str
    group_column: str
    value: float
    n: int
    label: str

    def same_as(self, value: float | None, n: int | None) -> bool:
        return value is not None and round(value, 3) == round(self.value, 3) and n == self.n


def usable_run(run: AnalysisRun | None) -> AnalysisRun:
    """The run a draft may take evidence from: finished and published."""
    if run is None:
        raise DomainError(_("Choose the report this draft is based on first."))
    if run.status != RunStatus.FINISHED or run.state != ReportState.PUBLISHED:
        raise DomainError(_("Evidence can only come from a finished, published report."))
    return run


def themes_of(run: AnalysisRun) -> list[Theme]:
    """Themes a reader of the published report can see."""
    return [t for t in live_themes(run) if not t.not_relevant and t.respondents]


def pct(value: float) -> str:
    return f"{round(value * 100)}%"


def measure(theme: Theme, metric: str, group_column: str = "") -> Measure:
    """The current value of ``metric`` on ``theme`` with its sample size.

    Raises:
        DomainError: unknown metric, or a group count without a group column in the run.
    """
    run, title, people = theme.run, theme.title, theme.respondents
    if metric == "respondents":
        value, n = float(people), run.respondents
        label = _("%(v)s of the %(n)s people heard raised “%(t)s”", v=people, n=n, t=title)
    elif metric == "share":
        value, n = ratio(people, run.respondents), run.respondents
        label = _("%(p)s of the %(n)s people heard raised “%(t)s”", p=pct(value), n=n, t=title)
    elif metric in ("support", "concern"):
        value, n = ratio(theme.stance.get(metric, 0), people), people
        words = _("spoke in support") if metric == "support" else _("raised concerns")
        label = _("%(p)s of the %(n)s people who raised “%(t)s” %(w)s",
                  p=pct(value), n=n, t=title, w=words)  # fmt: skip
    elif metric == "groups":
        heard, total = groups_heard(theme, group_column)
        value, n = float(heard), people
        label = _("“%(t)s” was heard in %(h)s of %(a)s %(c)s groups",
                  t=title, h=heard, a=total, c=group_column)  # fmt: skip
    else:
        raise DomainError(_("Unknown statistic %(m)s.", m=metric))
    return Measure(metric, group_column if metric == "groups" else "", value, n, label)


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def groups_heard(theme: Theme, column: str) -> tuple[int, int]:
    """(groups where the theme shows people, groups in the run) for ``column``.

    Hidden (suppressed) cells do not count as heard: we cannot say they were.
    """
    sizes = group_sizes(theme.run)
    if column not in sizes:
        raise DomainError(_("This report has no group column %(c)s.", c=column))
    cells = theme.groups.get(column, {})
    heard = sum(1 for c in cells.values() if not c.get("suppressed") and c.get("rows", 0) > 0)
    return heard, len(sizes[column])


def theme_quotes(theme: Theme) -> list[dict[str, Any]]:
    """Pinned quotes (their redacted text) first, then the engine's (redacted by the engine)."""
    pinned = [{"unit_id": p["unit_id"], "text": p["redacted"]} for p in theme.pinned]
    seen = {p["unit_id"] for p in pinned}
    machine = [{"unit_id": q["unit_id"], "text": q["text"]} for q in theme.quotes]
    return pinned + [q for q in machine if q["unit_id"] not in seen]


def unit_consent(run_id: int, unit_id: str) -> QuoteConsent:
    """How the words of ``unit_id`` may be quoted now."""
    if unit_id.startswith(TOUR_QUOTE):
        return _tour_consent(unit_id)
    from analysis.reports.report import quotable_now

    quotable = unit_id in quotable_now(run_id, [unit_id])
    return QuoteConsent.ANONYMOUS_PUBLIC if quotable else QuoteConsent.NONE


def _tour_consent(unit_id: str) -> QuoteConsent:
    from engage.tours.models import Quote
    from engage.tours.quotes import effective_consent

    quote_id = unit_id.removeprefix(TOUR_QUOTE)
    number = whole_number(quote_id)
    quote = db.session.get(Quote, number) if number is not None else None
    if quote is None or quote.needs_review:  # deleted, or its span no longer matches the note
        return QuoteConsent.NONE
    return effective_consent(quote)


def allows(audience: Audience, consent: QuoteConsent) -> bool:
    """Whether a quote given with ``consent`` may be shown to ``audience``."""
    if consent == QuoteConsent.NONE:
        return False
    return _CONSENT_ORDER.index(consent) <= _CONSENT_ORDER.index(audience.quote_consent)


def cleared_quotes(theme: Theme, audience: Audience) -> list[dict[str, Any]]:
    """The theme's quotes this audience may read, redacted, each with its consent."""
    found = []
    for quote in theme_quotes(theme):
        consent = unit_consent(theme.run_id, quote["unit_id"])
        if allows(audience, consent):
            found.append({**quote, "consent": consent.value})
    return found
