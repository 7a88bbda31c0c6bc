"""Redaction: patterns on made-up strings, NER on a hand-labelled real sample."""

import re

import pytest

from analysis.nlp.redact import SpacyRedactor
from tests.analysis.nlp.conftest import read_jsonl


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail me at jo.doe+x@example.org please", "Mail me at [EMAIL] please"),
        ("Call 919-555-0134 or (919) 555 0134", "Call [PHONE] or [PHONE]"),
        ("I live at 1204 West Main Street near the park", "I live at [ADDRESS] near the park"),
        ("Smallhouse Rd needs three lanes", "Smallhouse Rd needs three lanes"),
    ],
)
def test_patterns(text: str, expected: str) -> None:
    assert SpacyRedactor().redact([text]) == [expected]


def _name_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    return [m.span() for n in names for m in re.finditer(rf"\b{re.escape(n)}\b", text)]


def test_names_precision_and_recall_on_labelled_sample() -> None:
    sample = read_jsonl("redaction_sample.jsonl")
    redactor = SpacyRedactor()
    found = redactor.spans([s["text"] for s in sample])
    hit = gold_total = pred_total = pred_ok = 0
    for item, spans in zip(sample, found, strict=True):
        gold = _name_spans(item["text"], item["names"])
        names = [(a, b) for a, b, kind in spans if kind == "[NAME]"]
        overlaps = lambda x, ys: any(x[0] < y[1] and y[0] < x[1] for y in ys)  # noqa: E731
        gold_total += len(gold)
        hit += sum(overlaps(g, names) for g in gold)
        pred_total += len(names)
        pred_ok += sum(overlaps(p, gold) for p in names)
    precision, recall = pred_ok / max(pred_total, 1), hit / gold_total
    print(f"\nredaction of names on {len(sample)} texts, {gold_total} names: "
          f"precision {precision:.2f}, recall {recall:.2f}")  # fmt: skip
    assert precision >= 0.8
    assert recall >= 0.6
