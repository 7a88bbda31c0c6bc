"""Template globals: navigation filtered by role, CSP-safe helpers."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from engage.access import may_use

#: Main navigation in display order; an entry shows only if its blueprint exists and the
#: signed-in user's role may use it.
NAVIGATION = (
    ("home.index", _l("Home")),
    ("surveys.index", _l("Surveys")),
    ("tours.index", _l("Listening tour")),
    ("directory.index", _l("Directory")),
    ("reports.index", _l("Reports")),
    ("messaging.index", _l("Messaging")),
    ("census.index", _l("Census")),
    ("admin.users", _l("Admin")),
)


def navigation() -> list[tuple[str, str]]:
    return [(endpoint, str(label)) for endpoint, label in NAVIGATION if may_use(endpoint)]


def init_templating(app: Flask) -> None:
    app.jinja_env.globals.update(navigation=navigation, may_use=may_use)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
