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
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
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
        masked = [self._patterns(t) for t in texts]
        nlp = models.spacy_pipeline()
        return [self._names(doc) for doc in nlp.pipe(masked)]

    @staticmethod
    def _patterns(text: str) -> str:
        for placeholder, pattern in PATTERNS:
            text = pattern.sub(placeholder, text)
        return text

    @staticmethod
    def _names(doc) -> str:  # noqa: ANN001 - spaCy Doc
        text = doc.text
        for ent in reversed([e for e in doc.ents if e.label_ == "PERSON"]):
            if "[" in ent.text:  # already a placeholder from a pattern
                continue
            text = text[: ent.start_char] + "[NAME]" + text[ent.end_char :]
        return text
