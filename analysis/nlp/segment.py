"""Split answers and notes into claim-sized units (sentences, long sentences into clauses)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Protocol

from analysis.nlp import models
from analysis.nlp.text import has_content
from analysis.nlp.types import EvidenceUnit, Segment

#: Most survey answers are one short sentence; they skip the parser entirely, which keeps
#: 100,000-answer corpora fast.
_MAYBE_MULTI = re.compile(r"[.!?;\n]\s*\S")


class Segmenter(Protocol):
    """Cuts each evidence unit into segments that keep their parent's index."""

    def segment(self, units: Sequence[EvidenceUnit]) -> list[Segment]: ...


class SpacySegmenter:
    """Sentences from spaCy; sentences longer than ``max_words`` are cut further at
    clause-level coordination (``..., and we also need ...``).

    Args:
        min_chars: Segments shorter than this are merged into the previous one, so that a
            stray "Yes." does not become a unit of its own.
        max_words: Sentences longer than this are split into clauses.
        parse_chars: Texts longer than this go through the dependency parser.
        split_chars: Texts up to this long stay one unit: a two-sentence short answer ("My card
            is lost. What do I do?") is one claim. Splitting every text instead cost 0.02-0.03
            NMI on BANKING77 train and ~0.01 on NHS FFT phase 1 train (tuned on train only).
    """

    def __init__(self, min_chars: int = 12, max_words: int = 40, parse_chars: int = 400,
                 split_chars: int = 300) -> None:  # fmt: skip
        self.split_chars = split_chars
        self.min_chars = min_chars
        self.max_words = max_words
        self.parse_chars = parse_chars

    def segment(self, units: Sequence[EvidenceUnit]) -> list[Segment]:
        """Return the segments of every unit that has content, in input order."""
        multi = [
            i
            for i, u in enumerate(units)
            if len(u.text) > self.split_chars and _MAYBE_MULTI.search(u.text.strip())
        ]
        long_ = [i for i in multi if len(units[i].text) > self.parse_chars]
        short = [i for i in multi if len(units[i].text) <= self.parse_chars]
        docs = dict(zip(long_, _parse([units[i].text for i in long_]), strict=True))
        docs.update(
            zip(short, _sentences([units[i].text for i in short], bool(long_)), strict=True)
        )
        out: list[Segment] = []
        for i, unit in enumerate(units):
            spans = self._spans(docs[i]) if i in docs else [(0, len(unit.text))]
            out.extend(self._segments(i, unit.text, spans))
        return out

    def _spans(self, doc) -> list[tuple[int, int]]:  # noqa: ANN001 - spaCy Doc
        spans: list[tuple[int, int]] = []
        for sent in doc.sents:
            spans.extend(self._clauses(sent))
        return spans

    def _clauses(self, sent) -> Iterator[tuple[int, int]]:  # noqa: ANN001 - spaCy Span
        if len(sent) <= self.max_words:
            yield sent.start_char, sent.end_char
            return
        start = sent.start_char
        for tok in sent:
            # a coordinating conjunction joining two verbs starts a new clause
            if tok.dep_ == "cc" and tok.head.pos_ in {"VERB", "AUX"} and tok.i > sent.start + 3:
                yield start, tok.idx
                start = tok.idx
        yield start, sent.end_char

    def _segments(self, parent: int, text: str, spans: list[tuple[int, int]]) -> list[Segment]:
        merged: list[list[int]] = []
        for start, end in spans:
            piece = text[start:end]
            if merged and (len(piece.strip()) < self.min_chars or not has_content(piece)):
                merged[-1][1] = end
            else:
                merged.append([start, end])
        out = []
        for start, end in merged:
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            piece = text[start + lead : end].rstrip()
            if has_content(piece):
                out.append(Segment(parent, start + lead, start + lead + len(piece), piece))
        return out


def _parse(texts: list[str]) -> list:
    """Sentences and dependencies of long texts (clauses need them). Only the tagger and the
    parser run: NER (with its own token vectors), lemmas and the attribute ruler give nothing a
    clause split reads (verbs get their coarse tag from :func:`models.set_pos_from_tags`)."""
    if not texts:  # the pipeline is loaded only when some text needs it
        return []
    return [
        models.set_pos_from_tags(doc) for doc in models.run_pipes(texts, models.NOUN_PHRASE_PIPES)
    ]


def _sentences(texts: list[str], parsed: bool) -> list:
    """Rule-based sentences of short texts (~50x faster than the parser and as good on a few
    short sentences). When long texts loaded the full pipeline, its tokenizer serves, so the
    blank pipeline (its own tokenizer rules) is not loaded as well."""
    if not texts:
        return []
    nlp = models.spacy_pipeline() if parsed else models.spacy_pipeline(parse=False)
    from spacy.pipeline import Sentencizer  # spaCy is imported by now (without torch)

    sentencizer = Sentencizer()
    return [sentencizer(doc) for doc in nlp.tokenizer.pipe(texts)]
