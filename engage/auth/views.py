"""Sign in and out, set and change passwords, choose a language."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from engage.access import public, signed_in
from engage.auth import services
from engage.auth.forms import ChangePasswordForm, LoginForm, SetPasswordForm
from engage.errors import DomainError
from engage.extensions import db

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an absolute or protocol-relative URL would be an open redirect."""
    if not target:
        return url_for("home.index")
    # Browsers drop tabs and line breaks inside URLs and read "\\" as "/": "/\\evil.example"
    # and "/<tab>/evil.example" both mean "//evil.example", another site.
    seen = re.sub(r"[\x00-\x1f\x7f]", "", target).replace("\\", "/")
    parts = urlsplit(seen)
    if parts.scheme or parts.netloc or not seen.startswith("/") or seen.startswith("//"):
        return url_for("home.index")
    return seen


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        cfg = current_app.config
        try:
            user = services.authenticate(
                form.email.data,
                form.password.data,
                cfg["LOGIN_MAX_FAILURES"],
                cfg["LOGIN_WINDOW_SECONDS"],
            )
        except DomainError as exc:
            db.session.commit()  # keep the failed attempt: it counts toward throttling
            form.form_errors.append(str(exc))
            status = 429 if isinstance(exc, services.SignInThrottled) else 401
        else:
            db.session.commit()
            # A fresh session at sign-in: nothing from before survives (session fixation).
            session.clear()
            login_user(user)
            if user.language:
                session["lang"] = user.language
            return redirect(_safe_next(form.next.data))
    elif form.is_submitted():
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@public
def logout() -> ResponseReturnValue:
    if current_user.is_authenticated:
        # The session lives in a signed cookie: a copy of it would outlive session.clear()
        # unless its nonce stops matching. This ends the user's other sessions too.
        services.end_sessions(current_user)
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            login_user(current_user)  # the nonce changed; re-issue this session's cookie
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/account/setup/<token>", methods=["GET", "POST"])
@public
def setup(token: str) -> ResponseReturnValue:
    try:
        services.find_token(token)
    except DomainError as exc:
        return render_template("auth/token_invalid.html", message=str(exc)), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.redeem_token(token, form.new_password.data)
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            session.clear()
            login_user(user)
            flash(_("Your password is set. Welcome to Engage."), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/setup.html", form=form)


@bp.post("/account/language")
@public
def set_language() -> ResponseReturnValue:
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        return redirect(url_for("home.index"))
    session["lang"] = lang
    if current_user.is_authenticated:
        current_user.language = lang
        db.session.commit()
    return redirect(_safe_next(request.form.get("next")))
