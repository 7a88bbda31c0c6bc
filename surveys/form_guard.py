"""CSRF protection for respondent forms, without the Flask session.

Staff pages use Flask-WTF, whose token lives in the signed session cookie; for respondents
that meant signing, sending back and verifying a session cookie on every page, about a tenth
of a submission's server time. Respondent pages use the same double-submit scheme with a
cookie of their own: a random value in an HttpOnly, SameSite=Lax cookie limited to ``/s/``,
and in every form an HMAC-SHA256 of that value under the secret key. A POST is accepted only
when its token is the HMAC of the cookie it came with: another site can neither read the
cookie nor compute the HMAC. The cookie is never stored or logged, so it cannot link anyone
to a response. A token from the staff session is still accepted (Flask-WTF's own check), so
a form rendered before this scheme, or by a signed-in member of staff, keeps working.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Response, current_app, g, request
from flask_wtf.csrf import CSRFError, same_origin

from engage.extensions import csrf

COOKIE = "engage_respondent"
FIELD = "csrf_token"
#: secrets.token_urlsafe(32) is 43 characters; anything else is not a cookie we issued
_COOKIE_LENGTH = 43


def token() -> str:
    """The token for this browser's forms, issuing its cookie with the response if needed."""
    found = g.get("form_guard_token")
    if found is None:
        value = request.cookies.get(COOKIE, "")
        if len(value) != _COOKIE_LENGTH:
            value = secrets.token_urlsafe(32)
            g.form_guard_cookie = value
        found = g.form_guard_token = _sign(value)
    return found


def protect() -> None:
    """Refuse a POST whose token does not match its cookie (CSRFError: the 400 page).

    Over HTTPS the Referer must name this host too, as Flask-WTF requires on staff pages.
    """
    if request.method != "POST":
        return
    value = request.cookies.get(COOKIE, "")
    sent = request.form.get(FIELD, "")
    if len(value) != _COOKIE_LENGTH or not _matches(sent, value):
        csrf.protect()  # a staff-session token, or the refusal
        return
    strict = request.is_secure and current_app.config["WTF_CSRF_SSL_STRICT"]
    if strict and not same_origin(request.referrer or "", f"https://{request.host}/"):
        raise CSRFError("The referrer does not match the host.")


def issue_cookie(response: Response) -> Response:
    """After a respondent request: send the cookie ``token()`` created, if it created one."""
    value = g.get("form_guard_cookie")
    if value is not None:
        app = current_app
        response.set_cookie(
            COOKIE,
            value,
            path=f"{request.script_root}/s/",
            secure=app.session_interface.get_cookie_secure(app),
            httponly=True,
            samesite="Lax",
        )
    return response


def _matches(sent: str, value: str) -> bool:
    # Bytes: compare_digest refuses str with non-ASCII characters, which a forger may send.
    return hmac.compare_digest(sent.encode(), _sign(value).encode())


def _sign(value: str) -> str:
    config = current_app.config
    key = config.get("WTF_CSRF_SECRET_KEY") or config["SECRET_KEY"]
    message = f"engage.respondent-form:{value}".encode()
    return hmac.new(_bytes(key), message, hashlib.sha256).hexdigest()


def _bytes(key: str | bytes) -> bytes:
    return key if isinstance(key, bytes) else key.encode()
