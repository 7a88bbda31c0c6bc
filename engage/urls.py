"""Absolute links for people to open later (invites, resets, survey invitations)."""

from typing import Any

from flask import current_app, url_for


def external_url(endpoint: str, **values: Any) -> str:
    """Build an absolute URL from the configured base, never from the request's Host header.

    A link built from the Host header can be pointed at an attacker's site by whoever sends
    the request (Host-header poisoning of reset links).
    """
    base = current_app.config["ENGAGE_BASE_URL"].rstrip("/")
    return base + url_for(endpoint, **values)
