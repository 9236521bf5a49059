"""Failures of mail connections, classified and told in plain words."""
from __future__ import annotations

import imaplib
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass

from flask_babel import gettext as _

from . import providers
from .hostpolicy import HostRefused

# Kinds: dns, refused, timeout, tls, auth, imap_disabled, smtp_auth, policy, network, server, key
CONNECTION_KINDS = {"dns", "refused", "timeout", "tls", "network", "policy"}
_SEP = r"[\s_-]+"
_IMAP_DISABLED = re.compile(
    rf"not{_SEP}enabled{_SEP}for{_SEP}imap|imap{_SEP}(access{_SEP})?(is{_SEP})?(disabled|not{_SEP}enabled|turned{_SEP}off)"
    rf"|enable{_SEP}imap|imap.{{0,40}}(wyłączon|nieaktywn|zablokowan)|włącz.{{0,40}}imap", re.IGNORECASE)


@dataclass
class MailError(Exception):
    """A classified mail failure: `kind`, a user-facing `message`, the server's own words, a hint."""

    kind: str
    message: str
    detail: str = ""
    hint: str = ""

    def __str__(self) -> str:
        return self.message

    @property
    def full_message(self) -> str:
        return " ".join(part for part in (self.message, self.hint) if part)


def _server_text(error: BaseException) -> str:
    args = getattr(error, "args", ())
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
    else:
        text = args[0] if args else str(error)
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return str(text)[:300]


def provider_hint(host: str, login: str = "") -> str:
    """The provider's advice (app passwords, enabling IMAP) for this server or address."""
    provider = providers.for_host(host) or (providers.for_domain(login.rsplit("@", 1)[-1]) if "@" in login else None)
    return str(provider.hint) if provider and provider.hint else ""


def classify(error: BaseException, *, host: str, port: int, protocol: str, login: str = "",
             timed_out: bool = False, timeout: float = 10) -> MailError:
    """Turn an exception from connecting, TLS or login into a MailError."""
    detail = _server_text(error)
    if isinstance(error, MailError):
        return error
    if isinstance(error, HostRefused):
        return MailError("policy", str(error))
    if timed_out or isinstance(error, (socket.timeout, TimeoutError)):
        return MailError("timeout", _("%(host)s did not answer within %(n)d seconds. Check the server name and "
                                      "port, or try again later.", host=host, n=int(timeout)), detail)
    if isinstance(error, socket.gaierror):
        return MailError("dns", _("The server name “%(host)s” was not found. Check its spelling.", host=host),
                         detail)
    if isinstance(error, ConnectionRefusedError):
        return MailError("refused", _("%(host)s refused the connection on port %(port)d. Check the port and the "
                                      "security setting.", host=host, port=port), detail)
    if isinstance(error, ssl.SSLCertVerificationError):
        return MailError("tls", _("The certificate of %(host)s could not be verified (%(reason)s). The server name "
                                  "may be wrong, or the server uses a certificate nobody vouches for.",
                                  host=host, reason=error.verify_message or detail), detail)
    if isinstance(error, (ssl.SSLError, ssl.CertificateError)):
        return MailError("tls", _("The secure connection to %(host)s failed (%(reason)s). Check that the security "
                                  "setting (SSL/TLS or STARTTLS) matches the port.", host=host, reason=detail),
                         detail)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return MailError("smtp_auth", _("The outgoing server (SMTP) refused the login or password."), detail,
                         provider_hint(host, login))
    if isinstance(error, LoginRefused):
        if _IMAP_DISABLED.search(detail):
            return MailError("imap_disabled", _("The login is right, but IMAP access is not enabled for this "
                                                "mailbox. Enable IMAP in the mailbox's settings."), detail,
                             provider_hint(host, login))
        return MailError("auth", _("Wrong login or password."), detail, provider_hint(host, login))
    if isinstance(error, (smtplib.SMTPException, imaplib.IMAP4.error)):
        return MailError("server", _("The %(protocol)s server answered with an error: %(detail)s",
                                     protocol=protocol, detail=detail), detail)
    if isinstance(error, OSError):
        return MailError("network", _("The connection to %(host)s failed: %(detail)s", host=host,
                                      detail=error.strerror or detail), detail)
    return MailError("server", _("The %(protocol)s server answered with an error: %(detail)s", protocol=protocol,
                                 detail=detail), detail)


class LoginRefused(Exception):
    """The IMAP server said NO to LOGIN/AUTHENTICATE; args[0] is its text."""


def key_error() -> MailError:
    """The stored password cannot be decrypted: the user must type it again."""
    return MailError("key", _("The stored password can no longer be read (the encryption key changed). "
                              "Edit the account and enter the password again."))
