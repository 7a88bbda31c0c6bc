"""Numbers a finding states, checked against the statistics it links.

A claim that says "72% of riders" must rest on a linked statistic of 72% (within the rounding
the text uses: "72%" covers 71.5-72.49%, "72.4%" covers 72.35-72.45%); a count such as "140
people" must be a linked statistic's value, its sample size, or a number in a linked label (a
total like "in 2 of 3 municipalities"). Years, times, dates and ordinals are not statistics and
are skipped. Numbers written as words ("three") are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _

from engage.messaging.models import EvidenceKind, EvidenceLink

#: metrics whose value is a share (0-1), stated in text as a percentage
SHARES = frozenset({"share", "support", "concern"})
_NUMBER = re.compile(
    r"(?<![\w.,:/])(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
    r"(?P<pct>\s?%|\s(?:percent|per\s?cent|por\s?ciento)\b)?(?![\w:/]|[.,]\d)",
    re.IGNORECASE,
)
_YEARS = range(1900, 2100)


@dataclass(frozen=True)
class Stated:
    text: str  #: as written
    value: float
    decimals: int
    percent: bool

    def matches(self, actual: float) -> bool:
        """Whether ``actual`` rounds to what the text says."""
        return abs(self.value - actual) <= 0.5 * 10**-self.decimals + 1e-9


def stated_numbers(text: str) -> list[Stated]:
    """Percentages and counts in ``text`` (years, times, dates and ordinals left out)."""
    found = []
    for match in _NUMBER.finditer(text):
        whole, dec, pct = match.group("num"), match.group("dec") or "", match.group("pct")
        value = float(whole.replace(",", "") + dec)
        if not pct and not dec and value in _YEARS:
            continue
        found.append(Stated(match.group(0).strip(), value, max(len(dec) - 1, 0), bool(pct)))
    return found


def _fmt(link: EvidenceLink) -> str:
    if link.metric in SHARES:
        return f"{round((link.value or 0) * 100)}% (n={link.n})"
    return f"{round(link.value or 0)} (n={link.n})"


def _counts(links: list[EvidenceLink]) -> list[float]:
    out: list[float] = []
    for link in links:
        if link.kind == EvidenceKind.STATISTIC and link.metric not in SHARES:
            out.append(link.value or 0)
        out += [float(link.n)] if link.n is not None else []
        out += [s.value for s in stated_numbers(link.label) if not s.percent]
    return out


def mismatches(text: str, links: list[EvidenceLink]) -> list[tuple[str, str]]:
    """(number as written, what is wrong) for each stated number no linked evidence gives."""
    shares = [link for link in links if link.kind == EvidenceKind.STATISTIC
              and link.metric in SHARES and link.value is not None]  # fmt: skip
    counts = _counts(links)
    out = []
    for stated in stated_numbers(text):
        if stated.percent:
            if any(stated.matches(link.value * 100) for link in shares):
                continue
            out.append((stated.text, _percent_message(stated, shares)))
        elif not any(stated.matches(value) for value in counts):
            out.append((stated.text, _count_message(stated, links)))
    return out


def _percent_message(stated: Stated, shares: list[EvidenceLink]) -> str:
    if not shares:
        return _("The text says %(s)s but no linked statistic is a percentage; insert the "
                 "statistic it comes from.", s=stated.text)  # fmt: skip
    if len(shares) == 1:
        return _("The text says %(s)s but the linked statistic is %(v)s.",
                 s=stated.text, v=_fmt(shares[0]))  # fmt: skip
    return _("The text says %(s)s but the linked statistics are %(v)s.",
             s=stated.text, v=", ".join(_fmt(link) for link in shares))  # fmt: skip


def _count_message(stated: Stated, links: list[EvidenceLink]) -> str:
    statistics = [link for link in links if link.kind == EvidenceKind.STATISTIC]
    if not statistics:
        return _("The text says %(s)s but no statistic is linked; insert the statistic it "
                 "comes from.", s=stated.text)  # fmt: skip
    return _("The text says %(s)s but no linked statistic gives that number (linked: %(v)s).",
             s=stated.text, v=", ".join(_fmt(link) for link in statistics))  # fmt: skip
