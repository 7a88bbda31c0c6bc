"""English, Spanish and Hmong: catalogues are complete and chosen as documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from engage.i18n import TRANSLATIONS_DIR
from tests.conftest import EngageClient

REPO = Path(__file__).resolve().parents[2]

#: msgids whose translation may legitimately equal the English: true cognates, proper names,
#: file formats and strings made only of placeholders
SAME_IN_TRANSLATION = {
    "es": {
        "Error", "Error:", "CSV", "Kappa", "Neutral", "%(unit)s: %(wave)s",
        # demographic categories spelt the same in Spanish
        "Chamorro", "Filipino", "Hmong", "Maya",
        # Fernández-Huerta's band names its middle band "normal" in Spanish too
        "normal",
    },
    "hmn": {"Email", "Email address", "CSV", "Kappa", "%(unit)s: %(wave)s"},
}  # fmt: skip


@pytest.mark.parametrize("lang", ["es", "hmn"])
def test_catalogue_is_complete_and_really_translated(lang: str) -> None:
    with (TRANSLATIONS_DIR / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    with (TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    wanted = {m.id for m in template if m.id}
    translated = {m.id: m.string for m in catalogue if m.id and m.string}
    assert wanted - set(translated) == set(), "untranslated; run make extract-messages"
    copies = {i for i, s in translated.items() if i == s} - SAME_IN_TRANSLATION[lang]
    assert copies == set()


def test_catalogue_template_is_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every string marked in the source is in messages.pot (same options as the Makefile)."""
    monkeypatch.chdir(REPO)
    fresh = tmp_path / "fresh.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", "babel.cfg", "-k", "_l", "--ignore-dirs=.venv",
         "--project=Engage", "-o", str(fresh), "."]
    )  # fmt: skip
    with fresh.open("rb") as handle:
        extracted = {m.id for m in read_po(handle) if m.id}
    with (TRANSLATIONS_DIR / "messages.pot").open("rb") as handle:
        known = {m.id for m in read_po(handle) if m.id}
    missing = sorted(map(str, extracted - known))
    assert missing == [], "run make extract-messages and translate"


@pytest.mark.parametrize("lang", ["es", "hmn"])
def test_compiled_catalogue_is_current(lang: str) -> None:
    folder = Path(TRANSLATIONS_DIR) / lang / "LC_MESSAGES"
    mo, po = folder / "messages.mo", folder / "messages.po"
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, "run make translations"


def test_language_from_query_then_session(client: EngageClient) -> None:
    page = client.get("/login?lang=es").get_data(as_text=True)
    assert 'lang="es"' in page and "Iniciar sesión" in page
    page = client.get("/login").get_data(as_text=True)  # remembered for the visit
    assert "Iniciar sesión" in page


def test_language_from_browser(client: EngageClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "hmn, en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="hmn">' in page and "Nkag rau hauv" in page
    page = client.get("/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Sign in" in page


def test_signed_in_users_choice_wins_over_the_browser(client: EngageClient, make_user) -> None:
    from engage.auth.roles import Role

    user = make_user(Role.FELLOW, language="es")
    client.login(user.email)
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Le damos la bienvenida" in page
    client.post_form("/account/language", {"lang": "hmn", "next": "/"})
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Zoo siab txais tos" in page
