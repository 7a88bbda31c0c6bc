"""Stance against a hand-labelled sample of real civic and patient answers, and against
NHS FFT labellers' sentiment scores (1 very positive .. 5 very negative)."""

import csv

from analysis.nlp.stance import LexiconStance, StanceScore, row_stance
from analysis.nlp.types import STANCES
from tests.analysis.nlp.conftest import read_jsonl

SENTIMENT = {"1": "support", "2": "support", "3": "neutral", "4": "concern", "5": "concern"}


def test_accuracy_and_confusion_matrix_on_labelled_sample() -> None:
    sample = read_jsonl("stance_sample.jsonl")
    predicted = [s.stance for s in LexiconStance().predict([x["text"] for x in sample])]
    matrix = {g: {p: 0 for p in STANCES} for g in STANCES}
    for item, guess in zip(sample, predicted, strict=True):
        matrix[item["stance"]][guess] += 1
    accuracy = sum(matrix[s][s] for s in STANCES) / len(sample)
    print(f"\nstance accuracy {accuracy:.2f} on {len(sample)} texts; rows gold, columns predicted")
    print("gold \\ pred " + " ".join(f"{s:>8}" for s in STANCES))
    for gold in STANCES:
        print(f"{gold:>12} " + " ".join(f"{matrix[gold][p]:>8}" for p in STANCES))
    assert accuracy >= 0.65


def test_negation_flips_support_and_scores_are_bounded() -> None:
    model = LexiconStance()
    assert model.score("The staff were great and kind").stance == "support"
    assert model.score("The staff were not helpful at all").stance == "concern"
    assert model.score("More bike lanes downtown").stance == "neutral"
    assert all(0 <= s.score <= 1 for s in model.predict(["I love it", "Terrible, dirty, unsafe"]))


def test_row_stance_weighs_units() -> None:
    assert row_stance([StanceScore("support", 0.6), StanceScore("concern", 0.3)]) == "support"
    assert row_stance([StanceScore("neutral", 1.0)]) == "neutral"


def test_default_stance_on_external_human_labels() -> None:
    """NHS FFT phase 2 test rows, labeller sentiment 1-2 support, 3 neutral, 4-5 concern."""
    from analysis.nlp.stance_vader import LexiconVaderStance
    from tests.conftest import shared_data

    path = shared_data("benchmarks", "nhs_fft_phase2", "responses.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["split"] == "test" and r["sentiment"]]
    gold = [SENTIMENT[r["sentiment"]] for r in rows]
    predicted = [s.stance for s in LexiconVaderStance().predict([r["text"] for r in rows])]
    recall = [
        sum(g == p == s for g, p in zip(gold, predicted, strict=True)) / gold.count(s)
        for s in STANCES
    ]
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    print(f"\nexternal stance: accuracy {accuracy:.3f}, macro recall {sum(recall) / 3:.3f}")
    assert accuracy >= 0.45 and sum(recall) / 3 >= 0.48


def test_vader_shortcut_gives_vaders_own_score(durham_units) -> None:
    """Texts without a lexicon word skip VADER; every text must still get VADER's compound."""
    from analysis.nlp.stance_vader import _analyzer, _has_lexicon_word, vader_compound

    tricky = [
        "How do I top up my card?", "kind of", "no", "NO!!!", "but why", "Not bad at all",
        "card 😊", "🙂", "¿Dónde está mi tarjeta?", "  ...  ", "", ":)", "no problem, but slow",
    ]  # fmt: skip
    texts = tricky + [u.text for u in durham_units] + [x["text"] for x in read_jsonl(
        "stance_sample.jsonl")]  # fmt: skip
    assert any(not _has_lexicon_word(t) for t in texts)  # the shortcut is exercised
    assert [vader_compound(t) for t in texts] == [
        _analyzer().polarity_scores(t)["compound"] for t in texts
    ]
