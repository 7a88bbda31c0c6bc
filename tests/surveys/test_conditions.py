"""Skip-rule text, JSON and evaluation."""

from __future__ import annotations

import pytest

from engage.errors import DomainError
from surveys.conditions import atoms, describe, evaluate, parse, referenced

RULE = "q1 = yes and (q2 in (a, b) or q3 >= 4)"


@pytest.mark.parametrize(
    "text",
    [
        RULE,
        "q5 not answered",
        "q5 answered",
        'q1 != "hello world"',
        "q9 < 2.5 or q9 > 10",
        "a <= 1",
    ],
)
def test_text_round_trips(text):
    assert parse(describe(parse(text))) == parse(text)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"q1": ["yes"], "q2": ["b"]}, True),
        ({"q1": ["yes"], "q3": ["4"]}, True),
        ({"q1": ["yes"], "q3": ["3"]}, False),
        ({"q1": ["no"], "q2": ["a"]}, False),
        ({}, False),
    ],
)
def test_and_or_in_and_numeric(answers, expected):
    assert evaluate(parse(RULE), answers) is expected


def test_values_become_atoms_like_the_page_posts_them():
    assert atoms({"selected": ["a", "_other"], "other": "x"}) == ["a", "_other"]
    assert atoms(True) == ["yes"] and atoms(3.0) == ["3"] and atoms(None) == []
    assert evaluate(parse("n = 3"), {"n": atoms(3.0)}) and evaluate(parse("n = 3.0"), {"n": ["3"]})
    assert evaluate(parse("m not answered"), {}) and not evaluate(parse("t > 2"), {"t": ["abc"]})


def test_referenced_codes():
    assert referenced(parse(RULE)) == {"q1", "q2", "q3"} and referenced(None) == set()


@pytest.mark.parametrize("text", ["q1 =", "q1 ~ 3", "q1 > many", "(q1 = a", "q1 = a q2", "q1 in a"])
def test_unreadable_rules_are_refused(text):
    with pytest.raises(DomainError):
        parse(text)
