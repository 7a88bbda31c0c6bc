"""Mask personal details in text that leaves the analyst's view (quotes, summaries).

spaCy's NER finds person names; regular expressions find e-mail addresses, phone numbers and
street addresses, which NER tags unreliably. The original text is never changed in storage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from analysis.nlp import models

_STREET_TYPES = (
    r"st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|ct|court|way|pl|place|"
    r"pkwy|parkway|hwy|highway|cir|circle|ter|terrace"
)
_STREET_WORD = re.compile(rf"^(?:{_STREET_TYPES})\.?$", re.IGNORECASE)
#: A capitalised word after a title or "thank you" is a name NER often misses ("Dr Boghal").
_AFTER_TITLE = "|".join(
    f"(?<=\\b{re.escape(t)} )"
    for t in ("Dr", "Dr.", "Doctor", "Nurse", "nurse", "Mr", "Mrs", "Ms", "thank you", "Thank you")
)
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("[NAME]", re.compile(rf"(?:{_AFTER_TITLE})[A-Z][a-z'-]+(?:\s[A-Z][a-z'-]+)?")),
    ("[EMAIL]", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("[PHONE]", re.compile(r"(?<!\w)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b")),
    (
        "[ADDRESS]",
        re.compile(
            rf"\b\d{{1,6}}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'-]*\s+){{1,3}}(?:{_STREET_TYPES})\b\.?",
            re.IGNORECASE,
        ),
    ),
)


class Redactor(Protocol):
    """Returns texts with personal details replaced by placeholders."""

    def redact(self, texts: Sequence[str]) -> list[str]: ...


class SpacyRedactor:
    """NER ``PERSON`` spans become ``[NAME]``; patterns cover e-mails, phones, addresses."""

    def redact(self, texts: Sequence[str]) -> list[str]:
        """Redact each text; the output list is aligned with the input."""
        out = []
        for text, spans in zip(texts, self.spans(texts), strict=True):
            for start, end, placeholder in reversed(spans):
                text = text[:start] + placeholder + text[end:]
            out.append(text)
        return out

    def spans(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """Non-overlapping ``(start, end, placeholder)`` spans to mask, per text, in order."""
        out = []
        docs = models.run_pipes(texts, models.NER_PIPES, batch_size=64)
        for text, doc in zip(texts, docs, strict=True):
            found = [
                (m.start(), m.end(), ph) for ph, pattern in PATTERNS for m in pattern.finditer(text)
            ]
            found += [(e.start_char, e.end_char, "[NAME]") for e in doc.ents if _is_person(e)]
            out.append(_non_overlapping(found))
        return out


def _is_person(ent) -> bool:  # noqa: ANN001 - spaCy Span
    """A PERSON entity that is not a street name ("Smallhouse Rd" is tagged PERSON)."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    words = [t.text for t in ent] + ([after.text] if after is not None else [])
    return ent.label_ == "PERSON" and not any(_STREET_WORD.match(w) for w in words)


def _non_overlapping(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep the earliest (then longest) of overlapping spans; patterns win ties by order."""
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept
