"""Each question type: parsing what a page posts, refusing bad input, export columns."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from surveys import qtypes
from surveys.qtypes import AnswerError

OPTIONS = [{"value": "a", "label": "Apple"}, {"value": "b", "label": "Banana"}]


def q(type_: str, required: bool = False, options: Any = OPTIONS, **settings: Any) -> Any:
    return SimpleNamespace(
        code="x", type=type_, text="Text", required=required, options=options, settings=settings
    )


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


CASES = [
    # (question, posted, expected value)
    (q("single_choice"), {"q.x": "b"}, "b"),
    (q("single_choice"), {}, None),
    (
        q("multiple_choice", allow_other=True),
        {"q.x": ["b", "a"]},
        {"selected": ["a", "b"], "other": ""},
    ),
    (
        q("multiple_choice", allow_other=True),
        {"q.x.other": "Cherry"},
        {"selected": ["_other"], "other": "Cherry"},
    ),
    (q("likert", points=7), {"q.x": "7"}, 7),
    (q("matrix", rows=[{"value": "r1", "label": "R1"}]), {"q.x.r1": "2"}, {"r1": 2}),
    (q("rating"), {"q.x": "0"}, 0),
    (q("ranking"), {"q.x.a": "2", "q.x.b": "1"}, ["b", "a"]),
    (q("short_text"), {"q.x": "  hello  "}, "hello"),
    (q("long_text"), {"q.x": "y" * 10_000}, "y" * 10_000),
    (q("number", min=0, max=10), {"q.x": "3.5"}, 3.5),
    (q("number"), {"q.x": "1,200"}, 1200),
    (q("date"), {"q.x": "2025-02-28"}, "2025-02-28"),
    (q("email"), {"q.x": "Someone@Example.org"}, "Someone@example.org"),
    (q("consent"), {"q.x": "yes"}, True),
    (q("consent"), {}, None),
    (
        q("demographics"),
        {"q.x.race_detail": ["hmong"], "q.x.gender": "woman", "q.x.age": "prefer_not"},
        {"race": ["asian"], "race_detail": ["hmong"], "gender": "woman", "age": "prefer_not"},
    ),
    (q("demographics"), {"q.x.race": "prefer_not"}, {"race": ["prefer_not"]}),
]


@pytest.mark.parametrize(("question", "posted", "expected"), CASES)
def test_valid_input(question, posted, expected):
    assert (
        qtypes.get(question.type).parse(
            question, {k: v if isinstance(v, list) else [v] for k, v in posted.items()}
        )
        == expected
    )


BAD = [
    (q("single_choice"), {"q.x": "zzz"}),
    (q("multiple_choice"), {"q.x": ["a", "_other"]}),  # "other" not offered
    (q("multiple_choice", allow_other=True), {"q.x": ["_other"]}),  # other without text
    (q("likert"), {"q.x": "6"}),
    (
        q(
            "matrix",
            required=True,
            rows=[{"value": "r1", "label": "R1"}, {"value": "r2", "label": "R2"}],
        ),
        {"q.x.r1": "2"},
    ),
    (q("rating"), {"q.x": "11"}),
    (q("rating"), {"q.x": "-1"}),
    (q("rating"), {"q.x": "²"}),  # a digit to str.isdigit, not to int()
    (q("likert", points=5), {"q.x": "1" * 5000}),  # more digits than int() converts
    (q("ranking"), {"q.x.a": "¹"}),
    (q("ranking"), {"q.x.a": "1", "q.x.b": "1"}),
    (q("ranking"), {"q.x.a": "3"}),
    (q("ranking", required=True), {"q.x.a": "1"}),
    (q("short_text"), {"q.x": "s" * 501}),
    (q("long_text"), {"q.x": "l" * 10_001}),
    (q("number", min=0, max=10), {"q.x": "11"}),
    (q("number"), {"q.x": "ten"}),
    (q("number"), {"q.x": "nan"}),
    (q("date"), {"q.x": "31/12/2025"}),
    (q("email"), {"q.x": "not an email"}),
    (q("consent"), {"q.x": "maybe"}),
    (q("demographics"), {"q.x.race": ["white", "prefer_not"]}),
    (q("demographics"), {"q.x.gender": "robot"}),
]


@pytest.mark.parametrize(("question", "posted"), BAD)
def test_bad_input_is_refused_with_a_message(question, posted):
    with pytest.raises(AnswerError) as caught:
        qtypes.get(question.type).parse(
            question, {k: v if isinstance(v, list) else [v] for k, v in posted.items()}
        )
    assert len(str(caught.value)) > 10


def test_every_type_declares_export_columns_stats_kind_and_a_macro():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader("templates"), extensions=["jinja2.ext.i18n"], autoescape=True
    )
    source = env.loader.get_source(env, "respond/_questions.html")[0]
    for name, qtype in qtypes.REGISTRY.items():
        question = q(name, rows=[{"value": "r1", "label": "R1"}])
        assert qtype.export_columns(question), name
        assert qtype.stats_kind in {
            "categorical",
            "multi",
            "ordinal",
            "matrix",
            "numeric",
            "ranking",
            "text",
            "date",
            "binary",
            "demographic",
        }
        assert f"{{% macro {qtype.macro}(" in source, name


def test_definition_checks_name_the_question():
    assert qtypes.get("single_choice").check_definition(q("single_choice", options=[])) == [
        "x has no choices; add at least one."
    ]
    assert qtypes.get("matrix").check_definition(q("matrix")) == [
        "x has no rows; add at least one statement."
    ]


def test_option_lines_parse_codes_and_refuse_duplicates():
    from engage.errors import DomainError

    assert qtypes.parse_options("yes | Yes, often\nNever\n\n") == [
        {"value": "yes", "label": "Yes, often"},
        {"value": "never", "label": "Never"},
    ]
    with pytest.raises(DomainError):
        qtypes.parse_options("a | One\na | Two")
    with pytest.raises(DomainError):
        qtypes.parse_options("bad code! | One")
