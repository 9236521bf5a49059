"""Testing an account's settings before they are saved: IMAP login and folder list,
and SMTP EHLO + AUTH when sending is on. Nothing is sent; nothing is changed."""
from __future__ import annotations

import imaplib
import smtplib
from dataclasses import dataclass

from flask import current_app

from .mailconn import Deadline, open_imap, open_smtp
from .mailerrors import LoginRefused, MailError, classify


@dataclass
class ServerSettings:
    """Where to connect and as whom."""

    host: str
    port: int
    security: str
    login: str
    password: str


def imap_login(client: imaplib.IMAP4, login: str, password: str) -> None:
    """LOGIN, or AUTHENTICATE PLAIN in UTF-8 for non-ASCII credentials; LoginRefused on NO."""
    try:
        if (login + password).isascii():
            client.login(login, password)
        else:
            payload = b"\0" + login.encode() + b"\0" + password.encode()
            client.authenticate("PLAIN", lambda _challenge: payload)
    except imaplib.IMAP4.abort:
        raise
    except imaplib.IMAP4.error as error:
        raise LoginRefused(_decode(error.args[0] if error.args else "")) from None


def _decode(value) -> str:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)


def check_imap(settings: ServerSettings, timeout: float | None = None) -> list[str]:
    """Log in and list the folders; return their raw names or raise MailError."""
    timeout = timeout or current_app.config["MAIL_TIMEOUT"]
    with Deadline(timeout) as deadline:
        client = None
        try:
            client = open_imap(settings.host, settings.port, settings.security, timeout, deadline)
            imap_login(client, settings.login, settings.password)
            status, folders = client.list()
            return [_decode(f) for f in folders or [] if f]
        except Exception as error:  # every failure becomes a plain-words MailError
            raise classify(error, host=settings.host, port=settings.port, protocol="IMAP", login=settings.login,
                           timed_out=deadline.expired, timeout=timeout) from None
        finally:
            if client is not None:
                _quietly(client.logout)


def check_smtp(settings: ServerSettings, timeout: float | None = None) -> None:
    """EHLO, STARTTLS if configured, AUTH; raise MailError on failure. Sends nothing."""
    timeout = timeout or current_app.config["MAIL_TIMEOUT"]
    with Deadline(timeout) as deadline:
        client = None
        try:
            client = open_smtp(settings.host, settings.port, settings.security, timeout, deadline)
            client.login(settings.login, settings.password)
        except Exception as error:  # every failure becomes a plain-words MailError
            raise classify(error, host=settings.host, port=settings.port, protocol="SMTP", login=settings.login,
                           timed_out=deadline.expired, timeout=timeout) from None
        finally:
            if client is not None:
                _quietly(client.quit)


def _quietly(call) -> None:
    try:
        call()
    except (OSError, imaplib.IMAP4.error, smtplib.SMTPException):
        pass
    finally:
        client = getattr(call, "__self__", None)
        closer = getattr(client, "shutdown", None) or getattr(client, "close", None)
        if closer is not None:
            try:
                closer()
            except OSError:
                pass


__all__ = ["MailError", "ServerSettings", "check_imap", "check_smtp", "imap_login"]
