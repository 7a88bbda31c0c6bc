"""Flask-Login wiring: load users by id and session nonce."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from engage.auth.models import User
from engage.extensions import db, login_manager


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    ident, _, nonce = user_id.partition(":")
    if not ident.isdigit():
        return None
    user = db.session.get(User, int(ident))
    # A changed nonce (password change, deactivation) ends every older session.
    if user is None or user.session_nonce != nonce or not user.active:
        return None
    return user


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open that page.")
    login_manager.session_protection = "strong"
