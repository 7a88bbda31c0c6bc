"""Outgoing e-mail through the configured SMTP server (``ENGAGE_SMTP_*`` in engage.config)."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from flask import current_app

TIMEOUT_SECONDS = 30


class MailError(Exception):
    """The SMTP server refused a message or could not be reached."""


class Refused(MailError):
    """The SMTP server refused this message's recipient; the session can send the next one."""


def configured() -> bool:
    """Whether an SMTP server is configured (otherwise features offer CSV for a mail merge)."""
    return bool(current_app.config.get("SMTP_HOST"))


def message(to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message from the configured sender.

    Line breaks in the subject (a survey title can carry one) become spaces: a header may not
    hold them, and the message would fail to build.
    """
    out = EmailMessage()
    out["From"], out["To"] = current_app.config["MAIL_FROM"], to
    out["Subject"] = " ".join(subject.split())
    out.set_content(body)
    return out


@contextmanager
def connection() -> Iterator[Any]:
    """One SMTP session for several messages; errors become MailError."""
    config = current_app.config
    host, port, security = config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_SECURITY"]
    try:
        if security == "tls":
            server = smtplib.SMTP_SSL(
                host, port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            server = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
        with server:
            if security == "starttls":
                server.starttls(context=ssl.create_default_context())
            if config["SMTP_USER"]:
                server.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
            yield server
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"The mail server {host}:{port} failed: {exc}") from exc


def send(server: Any, messages: Iterable[EmailMessage]) -> None:
    """Send on an open ``connection()``; raises at the first refused message: ``Refused`` when
    the server refused its recipient (smtplib has reset the session), else ``MailError``."""
    for item in messages:
        try:
            server.send_message(item)
        except smtplib.SMTPRecipientsRefused as exc:
            raise Refused(f"The mail server refused the recipient: {exc}") from exc
        except smtplib.SMTPException as exc:
            raise MailError(f"The mail server refused a message: {exc}") from exc
