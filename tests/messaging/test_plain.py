"""Reading grade on known text, long sentences, jargon highlighted after escaping."""

from __future__ import annotations

from typing import Any

import pytest

from engage.errors import DomainError
from engage.messaging import jargon, plain

SIMPLE = "The cat sat on the mat."
#: 6 words, 1 sentence, 6 syllables: 0.39 * 6 + 11.8 * 1 - 15.59 = -1.45
BUREAUCRATIC = (
    "The department will utilize a comprehensive, multi-jurisdictional stakeholder engagement "
    "methodology to operationalize equitable resource allocation."
)


def test_grade_on_known_text() -> None:
    assert plain.grade(SIMPLE) == pytest.approx(-1.4, abs=0.06)
    assert plain.syllables("methodology") == 5 and plain.syllables("utilize") == 3
    assert plain.grade(BUREAUCRATIC) > 16
    assert plain.grade("We heard from 140 people. Most want better bus service.") < 8
    assert plain.grade("") is None


def test_long_sentences_and_jargon_are_marked_after_escaping() -> None:
    long = " ".join(["word"] * 30) + "."
    found = plain.review(f"We utilize <b>data</b>. {long}", plain.STARTER_JARGON)
    assert found.long_sentences == [30]
    assert found.jargon == {"utilize": "use"}
    html = str(found.marked)
    assert html.startswith('We <mark class="jargon">utilize</mark> &lt;b&gt;data&lt;/b&gt;.')
    assert '<span class="long-sentence">word' in html


def test_inflections_and_phrases_match_longest_first() -> None:
    terms = {"capacity": "ability", "capacity building": "training", "utilize": "use"}
    found = plain.review("Utilizing capacity building utilized.", terms)
    assert found.jargon == {"Utilizing": "use", "capacity building": "training", "utilized": "use"}


def test_staff_extend_the_jargon_list(ctx: Any) -> None:
    assert jargon.add_starter_terms(ctx.comms) == len(plain.STARTER_JARGON)
    assert jargon.add_starter_terms(ctx.comms) == 0
    jargon.add_term("  Wraparound   Services ", "help with many needs", ctx.comms)
    assert plain.jargon_terms()["wraparound services"] == "help with many needs"
    with pytest.raises(DomainError, match="already on the list"):
        jargon.add_term("utilize", "use", ctx.comms)
