"""Spanish reading ease (Fernández-Huerta) and sentence length only for Hmong."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from engage.auth.models import User
from engage.auth.roles import Role
from engage.extensions import db
from engage.messaging import drafts
from engage.messaging.plain_languages import (
    fernandez_huerta,
    sentence_lengths,
    spanish_syllables,
)
from tests.conftest import EngageClient
from tests.messaging.conftest import add_run, new_draft

BUSES = "Los autobuses no pasan con frecuencia. Muchos trabajadores llegan tarde a su turno."


@pytest.mark.parametrize(
    ("word", "count"),
    [("comunicación", 5), ("país", 2), ("río", 2), ("aéreo", 4), ("ciudad", 2), ("agua", 2),
     ("guitarra", 3), ("que", 1), ("pingüino", 3), ("hoy", 1), ("y", 1), ("leer", 2)],
)  # fmt: skip
def test_spanish_syllables_split_hiatus_and_join_diphthongs(word: str, count: int) -> None:
    assert spanish_syllables(word) == count


def test_fernandez_huerta_by_hand() -> None:
    # 13 words, 27 syllables, 2 sentences: 206.84 - 60 * 27/13 - 1.02 * 6.5 = 75.6
    found = fernandez_huerta(BUSES)
    assert (found.score, found.grade, found.band) == (75.6, 6, "fairly easy")
    hard = fernandez_huerta(
        "La implementación de la metodología interdepartamental requiere consideraciones "
        "administrativas extraordinariamente complejas y procedimientos institucionales."
    )
    assert hard.score < 30 and hard.grade == 16 and hard.band == "very difficult"
    assert fernandez_huerta("¡!") is None


def test_hmong_has_sentence_length_only() -> None:
    found = sentence_lengths("Peb tau mloog nej. Nej hais tias lub tsheb npav tsis tuaj txaus.")
    assert (found.sentences, found.average, found.longest) == (2, 6.5, 9)
    assert sentence_lengths("") is None


def test_languages_page_shows_spanish_ease_and_says_hmong_has_no_formula(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    user = login_as(Role.COMMUNICATIONS)
    with app.app_context():
        draft = new_draft(add_run(), db.session.merge(user))
        claim = draft.blocks[1]
        drafts.save_translation(claim, "es", BUSES, db.session.merge(user))
        drafts.save_translation(claim, "hmn", "Lub tsheb npav tsis tuaj txaus.", user)
        draft_id = draft.id
        db.session.commit()
    page = client.get(f"/messaging/{draft_id}/languages").get_data(as_text=True)
    assert "Fernández-Huerta reading ease 75.6 (fairly easy, about grade 6)." in page
    assert "Sentences: 1; words per sentence: 6.0 on average, 6 at most." in page
    assert "No validated readability formula exists for Hmong" in page
