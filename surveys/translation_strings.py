"""Every translatable string of a survey under a stable key, and where its translations live.

Keys name things by what does not change when a survey is reordered or reworded:

- ``survey.title``, ``survey.intro``, ``survey.thanks``
- ``section.<id>.title``, ``section.<id>.intro``
- ``<code>.text``, ``<code>.help``, ``<code>.option.<value>`` (choices and Likert labels),
  ``<code>.row.<value>`` (matrix rows)

Codes and option values may only hold letters, digits, ``_`` and ``-``, so a dot never
appears inside a part.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from surveys.models import Question, Survey

#: languages a translation file may carry, besides English
TARGET_LANGUAGES = ("es", "hmn")


@dataclass(frozen=True)
class Entry:
    """One translatable string: its key, a human hint of where it is shown, its English."""

    key: str
    where: str
    english: str
    owner: Any  #: the Survey, Section or Question whose ``translations`` hold it
    path: tuple[str, ...]  #: the place inside ``translations[lang]``

    def current(self, lang: str) -> str:
        """The stored translation into ``lang``, or ""."""
        node: Any = (self.owner.translations or {}).get(lang) or {}
        for part in self.path:
            node = node.get(part) if isinstance(node, dict) else None
        return node if isinstance(node, str) else ""

    def set(self, lang: str, text: str) -> None:
        """Store a translation; the JSON is replaced so the change is always saved."""
        translations = copy.deepcopy(self.owner.translations or {})
        node = translations.setdefault(lang, {})
        for part in self.path[:-1]:
            node = node.setdefault(part, {})
        node[self.path[-1]] = text
        self.owner.translations = translations


def entries(survey: Survey) -> list[Entry]:
    """The survey's strings in the order a respondent meets them; empty English is skipped."""
    found = [
        Entry(f"survey.{name}", f"Survey {name}", getattr(survey, name), survey, (name,))
        for name in ("title", "intro", "thanks")
    ]
    for number, section in enumerate(survey.sections, start=1):
        found += [
            Entry(
                f"section.{section.id}.{name}",
                f"Section {number} {name}",
                getattr(section, name),
                section,
                (name,),
            )
            for name in ("title", "intro")
        ]
        for question in section.questions:
            found += _question_entries(question)
    return [entry for entry in found if entry.english]


def _question_entries(question: Question) -> list[Entry]:
    code = question.code
    kind = "Likert label" if question.type == "likert" else "choice"
    found = [
        Entry(f"{code}.text", f"{code} question", question.text, question, ("text",)),
        Entry(f"{code}.help", f"{code} help text", question.help, question, ("help",)),
    ]
    found += [
        Entry(
            f"{code}.option.{o['value']}",
            f"{code} {kind}",
            o["label"],
            question,
            ("options", o["value"]),
        )
        for o in question.options or []
    ]
    found += [
        Entry(
            f"{code}.row.{r['value']}",
            f"{code} matrix row",
            r["label"],
            question,
            ("rows", r["value"]),
        )
        for r in (question.settings or {}).get("rows") or []
    ]
    return found
