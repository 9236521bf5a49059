"""Simulated users for the load benchmark: threads with http.client, one keep-alive connection each.

A user logs in as a browser does (GET the form, send the hidden csrf_token back with the
session cookie), then loops: open a contact page (a person's, sometimes a company's), load its
timeline's next page the way htmx
does (the load-more URL from the page, with HX-Request: true), search as the search box does
(HX-Request: true), open the dashboard — with a think time between requests. Every request's
latency (first byte sent to last byte read) and status is recorded; anything but the expected
status is an error.
"""
from __future__ import annotations

import html
import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
VALUE = re.compile(r'value="([^"]*)"')
LOAD_MORE = re.compile(r'hx-get="([^"]*/timeline\?cursor=[^"]*)"')

# What people type into the search box: Polish business words (with and without diacritics, and
# half-typed, as the search-as-you-type box sends them), English, German and French ones.
SEARCH_WORDS = [
    "faktura", "faktury", "fakt", "zamówienie", "zamowienie", "zamów", "płatność", "platnosc", "umowa",
    "umowy", "spotkanie", "reklamacja", "dostawy", "wycenę", "harmonogram", "cennik", "szkolenie",
    "zapłaty", "aneks", "korekta faktury", "termin dostawy", "magazynie", "podpisu", "oferta", "urlop",
    "invoice", "meeting", "order confirmation", "quote", "payment", "Rechnung", "Angebot", "Lieferverzögerung",
    "facture", "devis", "commande",
]


@dataclass
class Sample:
    """One request: when it started (monotonic), its kind, status, latency and size."""

    started: float
    kind: str
    status: int
    seconds: float
    size: int
    phase: str
    error: str = ""


@dataclass
class Recorder:
    """All samples of a run, appended from many threads (list.append is atomic)."""

    samples: list[Sample] = field(default_factory=list)
    phase: str = "setup"

    def add(self, sample: Sample) -> None:
        self.samples.append(sample)


class ContactPool:
    """Contacts worth opening: persons (and companies) with mail, weighted by how much mail they have
    (the busy contacts are the ones people open most), refreshed by the driver while mail arrives."""

    def __init__(self, persons: list[int], company_share: float = 0.0):
        self.company_share = company_share
        self._lists = {"person": ([(i, 1) for i in persons], None), "company": ([], None)}
        self._lock = threading.Lock()
        for kind in self._lists:
            self._lists[kind] = self._weighted(self._lists[kind][0])

    @staticmethod
    def _weighted(counts: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
        ids, cumulative, total = [], [], 0
        for ident, count in counts:
            total += count
            ids.append(ident)
            cumulative.append(total)
        return ids, cumulative

    def update(self, kind: str, counts: list[tuple[int, int]]) -> None:
        if counts:
            weighted = self._weighted(counts)
            with self._lock:
                self._lists[kind] = weighted

    def pick(self, rng: random.Random) -> tuple[str, int]:
        with self._lock:
            kind = "company" if self._lists["company"][0] and rng.random() < self.company_share else "person"
            ids, cumulative = self._lists[kind]
            return kind, rng.choices(ids, cum_weights=cumulative)[0]

    def __len__(self) -> int:
        return sum(len(ids) for ids, _ in self._lists.values())


class Browser:
    """A cookie-keeping HTTP/1.1 client on one keep-alive connection."""

    def __init__(self, port: int, language: str, timeout: float = 60):
        self.port, self.timeout = port, timeout
        self.language = language
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                phase: str = "") -> tuple[int, dict, bytes]:
        sent = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": self.language, "X-Bench-Phase": phase,
                **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=sent)
                response = conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, http.client.BadStatusLine, BrokenPipeError,
                    ConnectionResetError):
                # The server closed an idle keep-alive connection: a browser silently reconnects.
                self.close()
                if attempt == 2:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                self._store_cookie(value)
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def _store_cookie(self, header: str) -> None:
        pair, _, attributes = header.partition(";")
        name, _, value = pair.strip().partition("=")
        expired = "max-age=0" in attributes.lower().replace(" ", "") or "1970" in attributes
        if expired or value == "":
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value


class SimulatedUser:
    """One user's session: logs in once, then browses until the phase's `stop` event is set.

    The session (cookies, connection, random stream) outlives a phase: the same users log in
    during the sync and browse on, without logging in again, for the baseline.
    """

    def __init__(self, index: int, port: int, email: str, password: str, pool: ContactPool, recorder: Recorder,
                 think: tuple[float, float], seed: int, dashboard: bool = True):
        self.name, self.email, self.password = f"user-{index}", email, password
        self.dashboard = dashboard
        self.pool, self.recorder, self.think_range = pool, recorder, think
        self.rng = random.Random(f"load-user-{seed}-{index}")
        self.browser = Browser(port, "pl,en;q=0.8" if index % 2 == 0 else "en-US,en;q=0.9")
        self.stop = threading.Event()
        self.logged_in = False

    # ------------------------------------------------------------------ one request, recorded

    def _get(self, kind: str, path: str, expect: tuple[int, ...] = (200,), htmx: bool = False,
             method: str = "GET", body: bytes | None = None, headers: dict | None = None) -> bytes | None:
        headers = dict(headers or {})
        if htmx:
            headers["HX-Request"] = "true"
        phase = self.recorder.phase
        started = time.monotonic()
        try:
            status, _, data = self.browser.request(method, path, body, headers, phase=phase)
        except Exception as error:  # a timeout or a dropped connection is an error too
            self.browser.close()
            self.recorder.add(Sample(started, kind, 0, time.monotonic() - started, 0, phase,
                                     f"{type(error).__name__}: {error}"))
            return None
        seconds = time.monotonic() - started
        error = "" if status in expect else f"HTTP {status} for {path}"
        self.recorder.add(Sample(started, kind, status, seconds, len(data), phase, error))
        return data if not error else None

    def _think(self) -> None:
        self.stop.wait(self.rng.uniform(*self.think_range))

    # ------------------------------------------------------------------ the session

    def login(self) -> bool:
        page = self._get("login form", "/auth/login")
        if page is None:
            return False
        tag = CSRF.search(page.decode("utf-8", "replace"))
        token = VALUE.search(tag.group(0)).group(1) if tag else ""
        form = urlencode({"csrf_token": html.unescape(token), "email": self.email, "password": self.password})
        done = self._get("login", "/auth/login", expect=(302, 303), method="POST", body=form.encode(),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.logged_in = done is not None
        return self.logged_in

    def browse_once(self) -> None:
        kind, ident = self.pool.pick(self.rng)
        page = self._get("timeline", f"/contacts/{kind}/{ident}")
        self._think()
        more = LOAD_MORE.search(page.decode("utf-8", "replace")) if page else None
        if more and not self.stop.is_set():
            self._get("timeline next page", html.unescape(more.group(1)), htmx=True)
            self._think()
        if self.stop.is_set():
            return
        word = self.rng.choice(SEARCH_WORDS)
        self._get("search", "/search?q=" + quote(word), htmx=True)
        self._think()
        if self.stop.is_set():
            return
        if self.dashboard:
            self._get("dashboard", "/dashboard")
            self._think()

    def run(self) -> None:
        self._think()  # users do not all arrive in the same millisecond
        while not self.logged_in and not self.stop.is_set():
            if not self.login():
                self.stop.wait(1.0)
        while not self.stop.is_set():
            self.browse_once()


class Crowd:
    """The simulated users, each on its own thread, started and stopped together per phase."""

    def __init__(self, users: list[SimulatedUser]):
        self.users = users
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        self.threads = []
        for user in self.users:
            user.stop = threading.Event()
            thread = threading.Thread(target=user.run, name=user.name, daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self, timeout: float = 90) -> list[str]:
        """Ask every user to stop, wait for the requests in flight; returns the names still running."""
        for user in self.users:
            user.stop.set()
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return [thread.name for thread in self.threads if thread.is_alive()]

    def close(self) -> None:
        for user in self.users:
            user.browser.close()

    @property
    def logged_in(self) -> int:
        return sum(user.logged_in for user in self.users)
