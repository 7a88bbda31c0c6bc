"""Whole numbers typed by people: what counts as one."""

import pytest

from engage.wholenumber import whole_number


@pytest.mark.parametrize(
    ("text", "expected"), [("0", 0), ("7", 7), ("007", 7), ("123456789", 123456789)]
)
def test_ascii_digits_are_numbers(text: str, expected: int) -> None:
    assert whole_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        " 1",
        "1 ",
        "-1",
        "+1",
        "1.0",
        "1e3",
        "²",
        "¹2",
        "١",
        "１",
        "1234567890",
        "9" * 5000,
    ],
)
def test_everything_else_is_not(text: str | None) -> None:
    assert whole_number(text) is None


def test_the_digit_limit_can_be_raised() -> None:
    assert whole_number("1234567890", max_digits=10) == 1234567890
