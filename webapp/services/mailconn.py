"""IMAP and SMTP connections to checked, pinned addresses, with timeouts and errors in plain words.

Every connection: resolves the host through the mail host policy, connects to one
of the checked addresses (never re-resolving, so DNS cannot swap in another
address), verifies TLS certificates against the host *name*, and applies a socket
timeout to every operation. A `Deadline` can additionally bound the whole
conversation: when it expires it shuts the sockets down, so a server that
trickles bytes cannot hold a web worker.
"""
from __future__ import annotations

import imaplib
import smtplib
import socket
import ssl
import threading
import time
from dataclasses import dataclass

from flask import current_app

from .hostpolicy import Endpoint, resolve


class Deadline:
    """Shuts down registered sockets once `seconds` have passed."""

    def __init__(self, seconds: float):
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shutdown(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)

    def cancel(self) -> None:
        self._timer.cancel()

    def __enter__(self) -> Deadline:
        return self

    def __exit__(self, *exc) -> None:
        self.cancel()


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def tls_context() -> ssl.SSLContext:
    """A verifying TLS context (system CAs, plus MAIL_CA_FILE when set)."""
    context = ssl.create_default_context()
    ca_file = current_app.config.get("MAIL_CA_FILE")
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


@dataclass
class ConnectOptions:
    """Where and how to connect; `deadline` is optional."""

    endpoint: Endpoint
    security: str
    timeout: float
    deadline: Deadline | None = None
    counter: list | None = None  # [bytes_read] when the caller wants to measure traffic


def _connect_pinned(options: ConnectOptions) -> socket.socket:
    last_error: OSError | None = None
    for address in options.endpoint.addresses:
        try:
            sock = socket.create_connection((address, options.endpoint.port), options.timeout)
        except OSError as error:
            last_error = error
            continue
        if options.deadline is not None:
            options.deadline.track(sock)
        return sock
    raise last_error or OSError("no address to connect to")


class _CountingFile:
    """Wraps imaplib's socket file to count the bytes read from the server."""

    def __init__(self, raw, counter: list):
        self._raw, self._counter = raw, counter

    def read(self, size=-1):
        data = self._raw.read(size)
        self._counter[0] += len(data)
        return data

    def readline(self, limit=-1):
        data = self._raw.readline(limit)
        self._counter[0] += len(data)
        return data

    def __getattr__(self, name):
        return getattr(self._raw, name)


class PinnedIMAP4(imaplib.IMAP4):
    """imaplib.IMAP4 (plain or STARTTLS) connected to a checked address."""

    def __init__(self, options: ConnectOptions):
        self._options = options
        super().__init__(options.endpoint.host, options.endpoint.port, options.timeout)

    def _create_socket(self, timeout):
        return _connect_pinned(self._options)

    def open(self, host="", port=imaplib.IMAP4_PORT, timeout=None):
        super().open(host, port, timeout)
        if self._options.counter is not None:
            self.file = _CountingFile(self.file, self._options.counter)


class PinnedIMAP4_SSL(imaplib.IMAP4_SSL):
    """imaplib.IMAP4_SSL connected to a checked address, verifying the certificate for the host name."""

    def __init__(self, options: ConnectOptions):
        self._options = options
        super().__init__(options.endpoint.host, options.endpoint.port, ssl_context=tls_context(),
                         timeout=options.timeout)

    def _create_socket(self, timeout):
        sock = _connect_pinned(self._options)
        return self.ssl_context.wrap_socket(sock, server_hostname=self.host)

    def open(self, host="", port=imaplib.IMAP4_SSL_PORT, timeout=None):
        super().open(host, port, timeout)
        if self._options.counter is not None:
            self.file = _CountingFile(self.file, self._options.counter)


def open_imap(host: str, port: int, security: str, timeout: float | None = None,
              deadline: Deadline | None = None, counter: list | None = None) -> imaplib.IMAP4:
    """A connected (not logged-in) imaplib client; STARTTLS is done before returning."""
    options = ConnectOptions(resolve(host, port), security, timeout or current_app.config["MAIL_TIMEOUT"],
                             deadline, counter)
    _check_plain_allowed(security)
    if security == "ssl":
        return PinnedIMAP4_SSL(options)
    client = PinnedIMAP4(options)
    if security == "starttls":
        if "STARTTLS" not in client.capabilities:
            client.shutdown()
            raise ssl.SSLError("the server does not offer STARTTLS")
        client.starttls(tls_context())
    return client


class PinnedSMTP(smtplib.SMTP):
    """smtplib.SMTP (plain or STARTTLS) connected to a checked address."""

    def __init__(self, options: ConnectOptions):
        self._options = options
        super().__init__(timeout=options.timeout)

    def _get_socket(self, host, port, timeout):
        return _connect_pinned(self._options)


class PinnedSMTP_SSL(smtplib.SMTP_SSL):
    """smtplib.SMTP_SSL connected to a checked address, verifying the certificate for the host name."""

    def __init__(self, options: ConnectOptions):
        self._options = options
        super().__init__(timeout=options.timeout, context=tls_context())

    def _get_socket(self, host, port, timeout):
        sock = _connect_pinned(self._options)
        return self.context.wrap_socket(sock, server_hostname=self._host)


def open_smtp(host: str, port: int, security: str, timeout: float | None = None,
              deadline: Deadline | None = None) -> smtplib.SMTP:
    """A connected SMTP client after EHLO (and STARTTLS with a second EHLO)."""
    options = ConnectOptions(resolve(host, port), security, timeout or current_app.config["MAIL_TIMEOUT"],
                             deadline)
    _check_plain_allowed(security)
    client = PinnedSMTP_SSL(options) if security == "ssl" else PinnedSMTP(options)
    client._host = host  # smtplib verifies TLS against _host, which only __init__ would set
    client.connect(host, port)
    client.ehlo()
    if security == "starttls":
        if not client.has_extn("starttls"):
            client.close()
            raise ssl.SSLError("the server does not offer STARTTLS")
        client.starttls(context=tls_context())
        client.ehlo()
    return client


def _check_plain_allowed(security: str) -> None:
    from .hostpolicy import HostRefused

    if security == "plain" and not current_app.config["MAIL_ALLOW_PLAINTEXT"]:
        from flask_babel import gettext as _

        raise HostRefused(_("Unencrypted connections are switched off on this server (MAIL_ALLOW_PLAINTEXT)."))
    if security not in ("ssl", "starttls", "plain"):
        raise ValueError(f"unknown security {security!r}")


def elapsed_since(start: float) -> float:
    """Seconds since `start` (time.monotonic)."""
    return time.monotonic() - start
