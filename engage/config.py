"""Settings for Engage. This is the only module that reads the environment."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DEFAULT_SUPPRESSION_K = 10
MIN_SUPPRESSION_K = 5


#: Retention periods in days, each overridable by the environment variable of that name.
RETENTION_DEFAULTS = {
    # responses of a closed survey, counted from its last activity (last response or close)
    "ENGAGE_RETENTION_RESPONSES_DAYS": 3 * 365,
    # invitations (who was invited, token hashes) and token-use receipts of a closed survey
    "ENGAGE_RETENTION_INVITATIONS_DAYS": 90,
    # finished or failed job rows and the export files they built
    "ENGAGE_RETENTION_JOBS_DAYS": 30,
    # audit log entries
    "ENGAGE_RETENTION_AUDIT_DAYS": 2 * 365,
    # sign-in attempts (emails and times kept for throttling)
    "ENGAGE_RETENTION_LOGIN_ATTEMPTS_DAYS": 30,
}


class ConfigError(ValueError):
    """A setting in the environment is unusable; the message names it."""


def _instance_secret(instance_path: Path) -> str:
    """Return the secret key stored in the instance folder, creating it once."""
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        # Written with 0600 so other local users cannot forge sessions.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def _whole_number(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    """The setting ``name`` as a whole number of at least ``minimum``; ``default`` when unset."""
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def _database_url(raw: str | None, instance_path: Path) -> str:
    if not raw:
        return f"sqlite:///{instance_path / 'engage.sqlite'}"
    # Heroku-style URLs name the old driver; SQLAlchemy needs the dialect+driver form.
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw.removeprefix("postgres://")
    if raw.startswith("postgresql://"):
        raw = "postgresql+psycopg://" + raw.removeprefix("postgresql://")
    return raw


def _trusted_hosts(raw: str | None, base_url: str) -> list[str]:
    if raw:
        return [host.strip() for host in raw.split(",") if host.strip()]
    return sorted({urlsplit(base_url).hostname or "127.0.0.1", "127.0.0.1", "localhost"})


def load_config(instance_path: Path, environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Build the Flask config mapping from the environment.

    Args:
        instance_path: the app's instance folder (SQLite file, generated secret key).
        environ: the environment to read; defaults to ``os.environ``.

    Returns:
        Config keys for ``app.config.update``.
    """
    env = os.environ if environ is None else environ
    jobs_backend = env.get("JOBS_BACKEND", "inline")
    if jobs_backend not in ("inline", "rq"):
        raise ConfigError(f"JOBS_BACKEND must be 'inline' or 'rq', got {jobs_backend!r}")
    base_url = env.get("ENGAGE_BASE_URL", "http://127.0.0.1:5000")
    return {
        "ENGAGE_ENV": env.get("ENGAGE_ENV", "development"),
        "SECRET_KEY": env.get("SECRET_KEY") or _instance_secret(instance_path),
        "SQLALCHEMY_DATABASE_URI": _database_url(env.get("DATABASE_URL"), instance_path),
        "JOBS_BACKEND": jobs_backend,
        "REDIS_URL": env.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "ENGAGE_SUPPRESSION_K": _whole_number(
            env, "ENGAGE_SUPPRESSION_K", DEFAULT_SUPPRESSION_K, MIN_SUPPRESSION_K
        ),
        # Requests per API token per minute.
        "ENGAGE_API_RATE_LIMIT": _whole_number(env, "ENGAGE_API_RATE_LIMIT", 600),
        # A running analysis with no sign of life for this long may be retried.
        "REPORTS_STALL_MINUTES": _whole_number(env, "REPORTS_STALL_MINUTES", 30),
        # Larger runs (evidence units) and surveys (responses) are exported by a job.
        "REPORTS_EXPORT_JOB_UNITS": _whole_number(env, "REPORTS_EXPORT_JOB_UNITS", 20_000),
        "SURVEYS_EXPORT_JOB_RESPONSES": _whole_number(env, "SURVEYS_EXPORT_JOB_RESPONSES", 5000),
        # engage retention: days data is kept (see engage/privacy/retention.py and README).
        **{key: _whole_number(env, key, days) for key, days in RETENTION_DEFAULTS.items()},
        "ENGAGE_BASE_URL": base_url,
        # Requests naming any other Host are refused (Host-header poisoning).
        "TRUSTED_HOSTS": _trusted_hosts(env.get("ENGAGE_TRUSTED_HOSTS"), base_url),
        "ENGAGE_CACHE_DIR": env.get("ENGAGE_CACHE_DIR", str(instance_path / "cache")),
        # Number of reverse proxies in front of the app whose X-Forwarded-* headers we trust.
        "ENGAGE_TRUSTED_PROXIES": int(env.get("ENGAGE_TRUSTED_PROXIES", "0") or 0),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_WINDOW_SECONDS": 15 * 60,
        "LANGUAGES": ("en", "es", "hmn"),
        **_mail(env),
    }


def _mail(env: Any) -> dict[str, Any]:
    """Outgoing e-mail (survey invitations, reminders); without ENGAGE_SMTP_HOST, none."""
    port = env.get("ENGAGE_SMTP_PORT", "587") or "587"
    if not port.isdigit():
        raise ConfigError(f"ENGAGE_SMTP_PORT must be a port number, got {port!r}")
    security = env.get("ENGAGE_SMTP_SECURITY", "starttls") or "starttls"
    if security not in ("starttls", "tls", "none"):
        raise ConfigError(f"ENGAGE_SMTP_SECURITY must be starttls, tls or none, got {security!r}")
    return {
        "SMTP_HOST": env.get("ENGAGE_SMTP_HOST", ""),
        "SMTP_PORT": int(port),
        "SMTP_SECURITY": security,
        "SMTP_USER": env.get("ENGAGE_SMTP_USER", ""),
        "SMTP_PASSWORD": env.get("ENGAGE_SMTP_PASSWORD", ""),
        "MAIL_FROM": env.get("ENGAGE_MAIL_FROM", "engage@localhost"),
    }
