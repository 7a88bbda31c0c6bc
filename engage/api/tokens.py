"""Use cases for API tokens: create (shown once), find by bearer value, revoke, rate-limit."""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import timedelta
from typing import Any

from sqlalchemy import case, select, update

from engage.api.models import ApiToken
from engage.audit.services import record
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from engage.timeutil import utcnow

PREFIX = "eng_"
#: lifetimes offered on the tokens page, in days
LIFETIMES = (30, 90, 365)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(user: Any, name: str, *, write: bool, days: int) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the raw token (shown once, never stored).

    Raises:
        DomainError: no name, or a lifetime that is not offered.
    """
    name = name.strip()
    if not name:
        raise DomainError("Give the token a name so you can recognise it later.")
    if days not in LIFETIMES:
        raise DomainError(f"A token lasts {', '.join(map(str, LIFETIMES))} days.")
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name[:100],
        token_hash=token_hash(raw),
        prefix=raw[:10],
        write=write,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    record(user, "api_token.created", "api_token", token.id, scope=token.scope, days=days)
    return token, raw


def tokens_for(user: Any) -> list[ApiToken]:
    """The user's own tokens; an administrator sees everyone's (to revoke any)."""
    query = select(ApiToken).order_by(ApiToken.id.desc())
    if user.role != Role.ADMIN:
        query = query.where(ApiToken.user_id == user.id)
    return list(db.session.scalars(query))


def revoke_token(token_id: int, actor: Any) -> ApiToken:
    """Revoke a token: its owner or an administrator may.

    Raises:
        DomainError: no such token visible to ``actor``, or already revoked.
    """
    token = db.session.get(ApiToken, token_id)
    if token is None or (token.user_id != actor.id and actor.role != Role.ADMIN):
        raise DomainError("There is no such token.")
    if token.revoked_at is not None:
        raise DomainError("The token was already revoked.")
    token.revoked_at, token.revoked_by_id = utcnow(), actor.id
    db.session.flush()
    record(actor, "api_token.revoked", "api_token", token.id, owner=token.user_id)
    return token


def find_usable(raw: str) -> ApiToken | None:
    """The live token whose value is ``raw`` (None: unknown, expired, revoked, inactive user)."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(raw)))
    if token is None or not token.usable_at(utcnow()) or not token.user.active:
        return None
    return token


def count_use(token: ApiToken) -> int:
    """Count one request in the token's current minute; returns the count so far.

    A single UPDATE so concurrent workers and processes count correctly (the SET clause sees
    the old ``window_start``). Also stamps ``last_used_at``.
    """
    minute = int(time.time() // 60)
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.id == token.id)
        .values(
            window_count=case(
                (ApiToken.window_start == minute, ApiToken.window_count + 1), else_=1
            ),
            window_start=minute,
            last_used_at=utcnow(),
        )
    )
    return db.session.scalar(select(ApiToken.window_count).where(ApiToken.id == token.id)) or 0
