"""Segmentation keeps parents, offsets and verbatim text."""

from analysis.nlp import EvidenceUnit
from analysis.nlp.segment import _MAYBE_MULTI, SpacySegmenter


def test_segments_are_verbatim_and_keep_their_parent(durham_units: list[EvidenceUnit]) -> None:
    units = durham_units[:80]
    segments = SpacySegmenter().segment(units)
    assert {s.parent for s in segments} == set(range(len(units)))
    for seg in segments:
        assert units[seg.parent].text[seg.start : seg.end] == seg.text
    assert len(segments) > len(units)  # several answers hold more than one claim


def test_long_answer_is_split_and_emoji_only_is_dropped() -> None:
    long = " ".join(["The buses are late every morning and the stops have no shelter."] * 4000)
    units = [
        EvidenceUnit("1", long),
        EvidenceUnit("2", "🙂🙂 👍"),
        EvidenceUnit("3", "More parks."),
    ]
    segments = SpacySegmenter().segment(units)
    assert len(long) > 50_000
    assert sum(s.parent == 0 for s in segments) >= 4000
    assert not [s for s in segments if s.parent == 1]
    assert [s.text for s in segments if s.parent == 2] == ["More parks."]


def test_clauses_are_those_of_the_full_pipeline(durham_units: list[EvidenceUnit]) -> None:
    """Long answers run only the tagger and parser; their clauses must be the ones the full
    pipeline (NER, lemmas, attribute ruler as well) gives."""
    from analysis.nlp import models

    segmenter = SpacySegmenter(max_words=15)  # more sentences are cut into clauses
    long_ = [
        u
        for u in durham_units
        if len(u.text) > segmenter.parse_chars and _MAYBE_MULTI.search(u.text.strip())
    ]
    docs = models.spacy_pipeline().pipe(u.text for u in long_)
    expected = [
        [(s.start, s.end) for s in segmenter._segments(0, u.text, segmenter._spans(doc))]
        for u, doc in zip(long_, docs, strict=True)
    ]
    segments = segmenter.segment(long_)
    found = [[(s.start, s.end) for s in segments if s.parent == i] for i in range(len(long_))]
    assert len(long_) >= 15 and sum(map(len, found)) > 2 * len(long_)
    assert found == expected


def test_long_and_short_answers_load_one_pipeline(monkeypatch) -> None:
    """Short answers use the tokenizer of the full pipeline that long ones loaded, called the
    way every other stage calls it (the loader's cache keys on the arguments as written)."""
    from analysis.nlp import models

    calls = []
    loader = models.spacy_pipeline

    def recording(*args, **kwargs):  # noqa: ANN202
        calls.append((args, kwargs))
        return loader(*args, **kwargs)

    monkeypatch.setattr(models, "spacy_pipeline", recording)
    units = [
        EvidenceUnit("1", "The buses are late. " * 30),  # long: parsed
        EvidenceUnit("2", "The stops have no shelter. " * 13),  # short: rule-based sentences
    ]
    segments = SpacySegmenter().segment(units)
    assert {s.parent for s in segments} == {0, 1} and len(segments) > 2
    assert set(map(repr, calls)) == {repr(((), {}))}
