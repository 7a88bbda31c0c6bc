"""Account use cases: sign-in with throttling, invites, passwords, roles."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select

from engage.audit.services import record
from engage.auth.models import AccountToken, LoginAttempt, User
from engage.auth.passwords import check_password_policy
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from engage.timeutil import utcnow

INVITE_TTL = timedelta(days=7)
RESET_TTL = timedelta(hours=2)


class SignInRefused(DomainError):
    """Wrong email or password, or a deactivated account (not said which)."""


class SignInThrottled(DomainError):
    """Too many recent failures for this account."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _new_nonce() -> str:
    return secrets.token_hex(16)


def _recent_failures(email: str, window: timedelta, now: datetime) -> int:
    query = select(func.count(LoginAttempt.id)).where(
        LoginAttempt.email == email,
        LoginAttempt.succeeded.is_(False),
        LoginAttempt.at >= now - window,
    )
    return db.session.scalar(query) or 0


def authenticate(email: str, password: str, max_failures: int, window_seconds: int) -> User:
    """Check credentials, recording the attempt and throttling repeated failures.

    Raises:
        SignInThrottled: ``max_failures`` failures within the window (checked first, so a
            correct password does not reveal itself during the lock).
        SignInRefused: unknown email, wrong password or deactivated account.
    """
    email, now = normalise_email(email), utcnow()
    window = timedelta(seconds=window_seconds)
    if _recent_failures(email, window, now) >= max_failures:
        record(email, "login.throttled", "user", email)
        minutes = max(1, window_seconds // 60)
        raise SignInThrottled(
            f"Too many failed sign-ins for this account. Wait {minutes} minutes and try again, "
            "or ask an administrator to reset your password."
        )
    user = db.session.scalar(select(User).where(User.email == email))
    ok = user is not None and user.active and user.check_password(password)
    db.session.add(LoginAttempt(email=email, succeeded=ok, at=now))
    if not ok:
        record(email, "login.failure", "user", user.id if user else None)
        raise SignInRefused("The email or password is not right, or the account is inactive.")
    user.last_login_at = now
    record(user, "login.success", "user", user.id)
    return user


def create_user(email: str, name: str, role: Role, actor: User) -> tuple[User, str]:
    """Create an account with no password and return it with a one-time invite token."""
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise DomainError(f"An account for {email} already exists.")
    user = User(email=email, name=name.strip(), role=role, session_nonce=_new_nonce())
    db.session.add(user)
    db.session.flush()
    record(actor, "user.created", "user", user.id, role=str(role))
    return user, issue_token(user, "invite")


def issue_token(user: User, purpose: str) -> str:
    """Create a single-use token; only its hash is stored."""
    raw = secrets.token_urlsafe(32)
    ttl = INVITE_TTL if purpose == "invite" else RESET_TTL
    db.session.add(
        AccountToken(
            user_id=user.id, token_hash=_hash(raw), purpose=purpose, expires_at=utcnow() + ttl
        )
    )
    db.session.flush()
    return raw


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def find_token(raw: str) -> AccountToken:
    token = db.session.scalar(select(AccountToken).where(AccountToken.token_hash == _hash(raw)))
    if token is None or token.used_at is not None or token.expires_at < utcnow():
        raise DomainError("This link is not valid any more. Ask an administrator for a new one.")
    return token


def redeem_token(raw: str, password: str) -> User:
    """Set the password from an invite or reset link; the link then stops working."""
    token = find_token(raw)
    user = db.session.get(User, token.user_id)
    check_password_policy(password, user.email)
    token.used_at = utcnow()
    _set_password(user, password)
    record(user, f"password.set_from_{token.purpose}", "user", user.id)
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise DomainError("The current password is not right.")
    check_password_policy(new, user.email)
    _set_password(user, new)
    record(user, "password.changed", "user", user.id)


def _set_password(user: User, password: str) -> None:
    user.set_password(password)
    user.session_nonce = _new_nonce()
    db.session.flush()


def end_sessions(user: User) -> None:
    """Sign ``user`` out everywhere: every session cookie issued so far stops working."""
    user.session_nonce = _new_nonce()
    db.session.flush()


def _admin_count_excluding(user: User) -> int:
    query = select(func.count(User.id)).where(
        User.role == Role.ADMIN, User.active.is_(True), User.id != user.id
    )
    return db.session.scalar(query) or 0


def update_user(user: User, *, role: Role, active: bool, name: str, actor: User) -> None:
    """Change role, name or active state; the last active admin cannot lose admin rights."""
    losing_admin = user.role == Role.ADMIN and (role != Role.ADMIN or not active)
    if losing_admin and _admin_count_excluding(user) == 0:
        raise DomainError("This is the only active administrator; appoint another one first.")
    if role != user.role:
        record(actor, "user.role_changed", "user", user.id, before=str(user.role), after=str(role))
        user.role = role
    if active != user.active:
        record(actor, "user.activated" if active else "user.deactivated", "user", user.id)
        user.active = active
        user.session_nonce = _new_nonce()
    user.name = name.strip()
    db.session.flush()
