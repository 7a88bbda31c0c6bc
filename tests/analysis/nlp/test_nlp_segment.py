"""Segmentation keeps parents, offsets and verbatim text."""

from analysis.nlp import EvidenceUnit
from analysis.nlp.segment import SpacySegmenter


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
