"""Response headers and cookie rules that every page gets."""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, Response, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from itsdangerous import URLSafeTimedSerializer
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie ``Secure`` whenever the request came over HTTPS.

    A fixed ``SESSION_COOKIE_SECURE`` would either break plain-HTTP local use or leave
    production cookies sendable over HTTP; deciding per request does neither.
    """

    def __init__(self) -> None:
        self._serializers: dict[tuple[Any, ...], URLSafeTimedSerializer | None] = {}

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or _is_secure(request)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask builds a serializer on every request; keep one per set of keys instead."""
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        cached = self._serializers.get(keys)
        if cached is None:
            cached = super().get_signing_serializer(app)
            self._serializers[keys] = cached
        return cached

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Nothing to send for an empty, unchanged session (every respondent page).

        Flask looks up all seven cookie settings (config reads, ``request.is_secure``) before
        finding that out, on every request.
        """
        if session or session.modified:
            super().save_session(app, session, response)
        elif session.accessed:  # as Flask does: the page depended on the cookie
            if "Vary" in response.headers:
                response.vary.add("Cookie")
            else:
                response.headers["Vary"] = "Cookie"  # without parsing and rewriting the header


def _is_secure(req: Request) -> bool:
    return bool(req) and req.is_secure


#: (lower-case name, name, value): one pass over the response's headers instead of a
#: ``setdefault`` scan per header, which cost more than some whole respondent requests' views
_HEADERS = [(name.lower(), name, value) for name, value in HEADERS.items()]


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    present = {name.lower() for name, _value in headers}
    headers.extend([(name, value) for key, name, value in _HEADERS if key not in present])
    if request.is_secure and "strict-transport-security" not in present:
        headers.add("Strict-Transport-Security", "max-age=31536000")
    if response.mimetype == "text/html" and "cache-control" not in present:
        # Pages may show personal data: keep them out of shared caches and the back cache.
        headers.add("Cache-Control", "no-store")
    return response


def init_security(app: Flask) -> None:
    app.session_interface = HttpsAwareSessionInterface()
    app.after_request(add_security_headers)
    proxies = app.config["ENGAGE_TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
