"""Translating XLSForm and LimeSurvey skip rules into Engage conditions."""

from __future__ import annotations

import pytest

from surveys import conditions
from surveys.importers import expr


def plain(name: str) -> tuple[str, None]:
    return name, None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${a} = 'yes'", {"q": "a", "op": "equals", "value": "yes"}),
        ("${a} = ‘yes’", {"q": "a", "op": "equals", "value": "yes"}),  # curly quotes
        ("${a}=“yes”", {"q": "a", "op": "equals", "value": "yes"}),
        ("'yes' != ${a}", {"q": "a", "op": "not_equals", "value": "yes"}),
        ("${n} >= 18", {"q": "n", "op": "gte", "value": "18"}),
        ("18 < ${n}", {"q": "n", "op": "gt", "value": "18"}),
        ("selected(${m}, 'x')", {"q": "m", "op": "equals", "value": "x"}),
        ("not(selected(${m}, 'x'))", {"q": "m", "op": "not_equals", "value": "x"}),
        ("${a} != ''", {"q": "a", "op": "answered"}),
        ("!is_empty(name)", {"q": "name", "op": "answered"}),
        ('((Q1 == "F"))', {"q": "Q1", "op": "equals", "value": "F"}),
        ("1", None),
        ("true()", None),
        ("", None),
    ],
)
def test_leaves(text: str, expected: dict | None) -> None:
    assert expr.translate(text, plain) == expected


def test_and_or_not_push_negation_to_the_leaves() -> None:
    got = expr.translate("not(${a} = 'x' and (${b} > 2 or ${c} = ''))", plain)
    assert got == {
        "any": [
            {"q": "a", "op": "not_equals", "value": "x"},
            {"all": [{"q": "b", "op": "lte", "value": "2"}, {"q": "c", "op": "answered"}]},
        ]
    }
    # The translated rule behaves like the original on real answers.
    assert conditions.evaluate(got, {"a": ["y"], "b": ["5"], "c": ["t"]})
    assert not conditions.evaluate(got, {"a": ["x"], "b": ["5"], "c": ["t"]})


def test_symbolic_operators_of_limesurvey() -> None:
    got = expr.translate('cohabs>1 && p1rel != "" || !(x == "A")', plain)
    assert got == {
        "any": [
            {"all": [{"q": "cohabs", "op": "gt", "value": "1"}, {"q": "p1rel", "op": "answered"}]},
            {"q": "x", "op": "not_equals", "value": "A"},
        ]
    }


def test_a_checkbox_reference_becomes_a_choice_test() -> None:
    def checkbox(name: str) -> tuple[str, str | None]:
        return ("M", name.split("_")[1]) if "_" in name else (name, None)

    assert expr.translate('M_SQ1 == "Y"', checkbox) == {"q": "M", "op": "equals", "value": "SQ1"}
    assert expr.translate('M_SQ1 != "Y"', checkbox) == {
        "q": "M",
        "op": "not_equals",
        "value": "SQ1",
    }


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("regex(${a}, 'x')", "regex"),
        ("${a} = ${b}", "two questions"),
        ("count(that.AF) > 0", "not a question reference"),
        ("${a} + 1 > 2", "not supported"),
        ("${a} > 'abc'", "orders text"),
        ("not(1)", "never"),
        ("(${a} = 'x'", "expected \\)"),
    ],
)
def test_unsupported_constructs_say_why(text: str, reason: str) -> None:
    with pytest.raises(expr.Unsupported, match=reason):
        expr.translate(text, plain)
