"""Interface language: English, Spanish and Hmong.

Babel's CLDR data has no Hmong (``hmn``) locale, so Flask-Babel cannot parse it. We keep the
language code ourselves and load its gettext catalogue directly; number and date formats for
Hmong fall back to English conventions, which Hmong speakers in the US use.
"""

from __future__ import annotations

from pathlib import Path

from babel import support
from flask import Flask, current_app, g, request, session
from flask_babel import Domain

from engage.extensions import babel

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
LANGUAGE_NAMES = {"en": "English", "es": "Español", "hmn": "Hmoob"}
_FORMAT_LOCALE = {"en": "en", "es": "es", "hmn": "en"}


def current_language() -> str:
    """The request's language: ``?lang=``, then the user's or session's choice, then the browser."""
    if "engage_lang" in g:
        return g.engage_lang
    supported = current_app.config["LANGUAGES"]
    lang = request.args.get("lang")
    if lang in supported:
        session["lang"] = lang
    else:
        lang = _remembered_language(supported) or request.accept_languages.best_match(
            supported, default="en"
        )
    g.engage_lang = lang
    return lang


def _remembered_language(supported: tuple[str, ...]) -> str | None:
    # The user's saved choice is copied into the session at sign-in. Reading current_user here
    # would recurse: Flask-Login translates its own messages while loading the user.
    lang = session.get("lang")
    return lang if lang in supported else None


class LanguageDomain(Domain):
    """Loads catalogues by our language code rather than by Babel locale."""

    def get_translations(self) -> support.NullTranslations:
        if not request:
            return support.NullTranslations()
        lang = current_language()
        cached = self.cache.get(lang)
        if cached is None:
            cached = support.Translations.load(str(TRANSLATIONS_DIR), [lang], "messages")
            self.cache[lang] = cached
        return cached


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=lambda: _FORMAT_LOCALE[current_language()])
    # Flask-Babel's gettext, lazy_gettext and Jinja's _() all read this domain.
    babel.domain_instance = LanguageDomain()

    @app.context_processor
    def language_context() -> dict[str, object]:
        return {"current_language": current_language, "language_names": LANGUAGE_NAMES}
