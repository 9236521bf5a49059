"""A seeded, deterministic generator of realistic business mail, written as a Maildir.

    python -m bench.corpus --count 10000 --seed 1            # generate (or reuse) and print the manifest
    python -m bench.corpus --count 200 --seed 1 --out DIR     # write a fresh corpus to DIR

What it writes (same count and seed → byte-identical message files):
- threads with Message-ID / In-Reply-To / References and Re:/Odp:/AW:/TR: subjects, quoted replies;
- Polish, English, German and French text in utf-8, iso-8859-2, windows-1250, iso-8859-1 and
  windows-1252, as quoted-printable, base64, 8bit and 7bit bodies, RFC 2047 B and Q encoded
  subjects and names, RFC 2231 and RFC 2047 attachment names;
- the house styles of Outlook, Gmail, Thunderbird, Apple Mail and newsletter software:
  text only, text+HTML, HTML only, attachments (~11% of messages; a few 1–5 MB), inline
  images, calendar invitations, forwarded messages;
- the awkward cases real mailboxes hold: missing and duplicate Message-IDs, exact duplicate
  deliveries, raw 8-bit headers, unknown charsets, broken encoded words, a header-only
  message, headerless messages, bad dates, huge recipient lists;
- about 60% of messages from, to or copying a *known contact*: contacts.json lists them
  (companies with their domains, persons with their addresses) for the benchmark to create.

The corpus directory holds `cur/` (Maildir files named `<time>.M<i>P<seed>.bench,S=<size>,W=<size
with CRLF>:2,<flags>`, mtime = delivery time, so Dovecot's INTERNALDATE is realistic),
`contacts.json` and `manifest.json`. `ensure_corpus` caches it under bench/.cache keyed by
count, seed and generator version.
"""
from __future__ import annotations

import argparse
import base64
import json
import re
import os
import random
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

from . import corpus_words as W
from . import mime

VERSION = 2
OWNER_NAME, OWNER = "Tomasz Wiśniewski", "bench@perf.example.com"
OWNER_FIRST = {"pl": "Tomaszu", "en": "Tomasz", "de": "Tomasz", "fr": "Tomasz"}  # Polish greets in the vocative
TEAM = [("Anna Kowalska", "anna.kowalska@perf.example.com"), ("Jan Mazur", "jan.mazur@perf.example.com"),
        ("Biuro Perf", "biuro@perf.example.com")]
END = datetime(2026, 10, 31, 17, 0, tzinfo=timezone.utc)
SPAN = timedelta(days=730)
KNOWN_SHARE = 0.60
ATTACHMENT_SHARE = 0.11
POOL_BYTES = 6 * 1024 * 1024
DEFAULT_CACHE = Path(__file__).resolve().parent / ".cache"
LANG_WEIGHTS = {"pl": 55, "en": 17, "de": 18, "fr": 10}
TZ = {"pl": ["+0100", "+0200"], "en": ["+0000", "+0100"], "de": ["+0100", "+0200"], "fr": ["+0100", "+0200"]}
MAILERS = ["outlook", "gmail", "thunderbird", "apple", "webmail"]
MAILER_WEIGHTS = [40, 25, 15, 10, 10]
_TRANSLIT = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "œ": "oe", "æ": "ae", "ø": "o", "'": "", " ": "",
                           "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "„": "", "”": ""})
_LATIN_SAFE = str.maketrans({"„": '"', "”": '"', "“": '"', "–": "-", "…": "...", "€": "EUR", "’": "'"})


# --------------------------------------------------------------------------- shared with reading_data

def mail_fields(rng: random.Random, lang: str, date: datetime, first: str) -> dict:
    """What template sentences and subjects fill in: numbers, an amount, a date near `date`, a product,
    the greeted first name."""
    when = date - timedelta(days=rng.randint(-20, 40))
    return {"n": rng.randint(100, 99999), "k": rng.randint(2, 9),
            "amount": f"{rng.randint(120, 98000):,}".replace(",", " "),
            "date": when.strftime("%d.%m.%Y" if lang != "en" else "%d %b %Y"), "hour": rng.randint(8, 17),
            "product": rng.choice(W.PRODUCTS[lang]), "first": first, "year": date.year,
            "month": W.MONTHS[lang][date.month - 1], "company": ""}


def make_message_id(rng: random.Random, domain: str, mailer: str) -> str:
    """A Message-ID shaped as the sender's mail program makes them."""
    if mailer == "gmail":
        return f"<CA{rng.randbytes(30).hex()[:44].upper()}@mail.gmail.com>"
    if mailer == "outlook":
        host = f"{rng.choice(['AM0PR', 'DB9PR', 'VI1PR', 'PAXPR'])}{rng.randint(10, 99)}MB{rng.randint(1000, 9999)}"
        return f"<{host}{rng.randbytes(12).hex().upper()}@{host}.eurprd0{rng.randint(1, 9)}.prod.outlook.com>"
    if mailer == "newsletter":
        return f"<{rng.randint(10**11, 10**12)}.{rng.randbytes(8).hex()}@mailer.{domain}>"
    return f"<{rng.randbytes(16).hex()[:8]}-{rng.randbytes(4).hex()}-{rng.randbytes(8).hex()}@{domain}>"


# --------------------------------------------------------------------------- the world

@dataclass
class Company:
    """A correspondent company; known companies are CRM contacts with their domain."""

    key: str
    name: str
    domain: str
    lang: str
    known: bool
    people: list = field(default_factory=list)


@dataclass
class Person:
    """Someone who writes to the mailbox: at a company or on a free-mail domain."""

    first: str
    last: str
    email: str
    lang: str
    known: bool  # a CRM person contact (people at known companies also match by domain)
    company: Company | None
    mailer: str
    charset: str
    title: str
    phone: str
    threads: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def matches(self) -> bool:
        """Whether mail from this address lands on a contact's timeline."""
        return self.known or (self.company is not None and self.company.known)


@dataclass
class World:
    """Everyone who appears in the corpus; depends on the seed only, never on the count."""

    companies: list[Company]
    known_company_people: list[Person]
    unknown_company_people: list[Person]
    known_free: list[Person]
    unknown_free: list[Person]


def ascii_slug(text: str) -> str:
    """'Łukasz Wójcik' → 'LukaszWojcik': transliterated for local parts and domains."""
    text = text.translate(_TRANSLIT)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in ".-"))


def _pick_lang(rng: random.Random) -> str:
    return rng.choices(list(LANG_WEIGHTS), weights=list(LANG_WEIGHTS.values()))[0]


def _charset_for(rng: random.Random, lang: str, mailer: str) -> str:
    """The charset a mail program in this language writes (Gmail and Apple: always UTF-8)."""
    if mailer in ("gmail", "apple") or lang == "en":
        return "utf-8"
    if lang == "pl":
        return rng.choices(["utf-8", "iso-8859-2", "windows-1250"], weights=[55, 28, 17])[0]
    return rng.choices(["utf-8", "iso-8859-1", "windows-1252"], weights=[55, 30, 15])[0]


def _company_name(rng: random.Random, lang: str) -> str:
    prefixes, suffixes, forms, patterns, words = W.COMPANY_PARTS[lang]
    if patterns and rng.random() < 0.3:
        return rng.choice(patterns).format(w=rng.choice(words)) + rng.choice(forms)
    return rng.choice(prefixes) + rng.choice(suffixes) + rng.choice(forms)


def _person(rng: random.Random, lang: str, company: Company | None, domain: str, known: bool,
            used: set[str]) -> Person:
    sex = rng.choice("mf")
    first = rng.choice(W.FIRST_NAMES[lang][sex])
    lasts = W.LAST_NAMES[lang]
    last = rng.choice(lasts.get(sex, lasts["m"]))
    f, l = ascii_slug(first).lower(), ascii_slug(last).lower()
    local = rng.choice([f"{f}.{l}", f"{f[0]}.{l}", f"{f}{l[0]}", f"{f[0]}{l}", f"{f}.{l}"])
    email, n = f"{local}@{domain}", 1
    while email in used:
        n += 1
        email = f"{local}{n}@{domain}"
    used.add(email)
    mailer = rng.choices(MAILERS, weights=MAILER_WEIGHTS)[0] if company else rng.choice(["gmail", "webmail", "apple"])
    return Person(first, last, email, lang, known, company, mailer, _charset_for(rng, lang, mailer),
                  rng.choice(W.TITLES[lang]), f"{rng.randint(500, 899)} {rng.randint(100, 999)} {rng.randint(100, 999)}")


def build_world(seed: int) -> World:
    """400 companies (60% known) with 2–8 people each and 600 free-mail correspondents (half known)."""
    rng = random.Random(f"mailtrail-bench-world-{seed}")
    used_domains = {"perf.example.com"} | {s[2] for s in W.SERVICES}
    used_emails: set[str] = set()
    companies, known_people, unknown_people, known_free, unknown_free = [], [], [], [], []
    for i in range(400):
        lang = _pick_lang(rng)
        name = _company_name(rng, lang)
        base = ascii_slug(name.split(" Sp.")[0].split(" GmbH")[0]).lower().replace(".", "")[:24] or f"firma{i}"
        domain = base + rng.choice(W.TLDS[lang])
        while domain in used_domains:
            domain = f"{base}{rng.randint(2, 99)}{rng.choice(W.TLDS[lang])}"
        used_domains.add(domain)
        company = Company(f"c{i}", name, domain, lang, rng.random() < 0.6)
        for _ in range(rng.randint(2, 8)):
            person = _person(rng, lang, company, domain, company.known and rng.random() < 0.6, used_emails)
            company.people.append(person)
            (known_people if company.known else unknown_people).append(person)
        companies.append(company)
    for i in range(600):
        lang = _pick_lang(rng)
        person = _person(rng, lang, None, rng.choice(W.FREE_MAIL[lang]), rng.random() < 0.5, used_emails)
        (known_free if person.known else unknown_free).append(person)
    return World(companies, known_people, unknown_people, known_free, unknown_free)


def contacts_json(world: World) -> dict:
    """The CRM contacts the benchmark creates: known companies (with domains) and known persons."""
    companies = [{"key": c.key, "name": c.name, "domains": [c.domain]} for c in world.companies if c.known]
    persons = [{"first_name": p.first, "last_name": p.last, "emails": [p.email],
                "company": p.company.key if p.company else None}
               for p in world.known_company_people + world.known_free if p.known]
    return {"owner": OWNER, "companies": companies, "persons": persons}


# --------------------------------------------------------------------------- one message

@dataclass
class Thread:
    """A conversation with one correspondent: what a reply needs to look real."""

    subject: str
    refs: list[str]
    last_text: str
    last_date: datetime


@dataclass
class Built:
    """One generated message and what the manifest counts about it."""

    raw: bytes
    date: datetime
    flags: str
    known: bool
    attachments: int = 0
    features: list[str] = field(default_factory=list)


class Generator:
    """Writes messages one by one; all randomness comes from one seeded RNG, in order."""

    def __init__(self, seed: int, count: int):
        self.seed, self.count = seed, count
        self.world = build_world(seed)
        self.rng = random.Random(f"mailtrail-bench-mail-{seed}")
        self.pool = random.Random(f"mailtrail-bench-pool-{seed}").randbytes(POOL_BYTES)
        self.recent: list[bytes] = []  # small recent messages, for exact duplicate deliveries
        self.recent_ids: list[str] = []
        self.active: dict[str, list[Person]] = {}  # recent correspondents per kind
        self.step = SPAN / max(count, 1)
        self.start = END - SPAN

    # ----- small helpers

    def _fields(self, lang: str, date: datetime) -> dict:
        return mail_fields(self.rng, lang, date, OWNER_FIRST[lang])

    def _date_header(self, date: datetime, lang: str) -> str:
        offset = self.rng.choice(TZ[lang])
        hours = int(offset[:3])
        local = date.astimezone(timezone(timedelta(hours=hours)))
        return format_datetime(local)

    def _text(self, lang: str, fields: dict, paragraphs: int) -> str:
        r = self.rng
        sentences = W.SENTENCES[lang]
        out = []
        for _ in range(paragraphs):
            out.append(" ".join(r.choice(sentences) for _ in range(r.randint(1, 4))).format_map(fields))
        return "\n\n".join(out)

    def _signature(self, person: Person, fields: dict) -> str:
        lines = [person.name, person.title]
        if person.company:
            lines += [person.company.name, f"tel. +48 {person.phone}" if person.lang == "pl" else f"tel. {person.phone}",
                      f"www.{person.company.domain}"]
        signature = "\n".join(lines)
        if person.company and self.rng.random() < 0.45:
            signature += "\n\n" + W.DISCLAIMERS[person.lang].format_map({**fields, "company": person.company.name})
        return signature

    # ----- choosing who writes

    def _choose_people(self) -> tuple[Person | None, list[Person], str]:
        """(sender or None for a service, people copied, category)."""
        r, w = self.rng, self.world
        if r.random() < KNOWN_SHARE:
            roll = r.random()
            if roll < 0.70:
                return self._correspondent("known-company", w.known_company_people), [], "known-company"
            if roll < 0.92:
                return self._correspondent("known-free", w.known_free), [], "known-free"
            return r.choice(w.unknown_free), [r.choice(w.known_company_people)], "known-cc"
        roll = r.random()
        if roll < 0.45:
            return None, [], "service"
        if roll < 0.80:
            return self._correspondent("unknown-company", w.unknown_company_people), [], "unknown-company"
        return self._correspondent("unknown-free", w.unknown_free), [], "unknown-free"

    def _correspondent(self, category: str, people: list[Person]) -> Person:
        """Half the time someone from the recent conversations of this kind: mail comes in threads."""
        active = self.active.setdefault(category, [])
        if active and self.rng.random() < 0.5:
            return self.rng.choice(active)
        person = self.rng.choice(people)
        active.append(person)
        if len(active) > 30:
            del active[0]
        return person

    # ----- bodies

    def _person_text(self, sender: Person, fields: dict, thread: Thread | None, reply: bool) -> str:
        r = self.rng
        lang = sender.lang
        greeting = r.choice(W.GREETINGS[lang]).format_map(fields)
        body = self._text(lang, fields, r.choices([1, 2, 3, 4], weights=[30, 35, 25, 10])[0])
        text = f"{greeting}\n\n{body}\n\n{r.choice(W.CLOSINGS[lang])}\n{self._signature(sender, fields)}\n"
        if r.random() < 0.03:
            text += "\n\n" + self._inline_forward(lang, fields)
        if reply and thread is not None and r.random() < 0.65:
            text += "\n" + self._quote(sender, thread)
        return text

    def _quote(self, sender: Person, thread: Thread) -> str:
        """The previous message quoted as the sender's mail program does."""
        r, lang = self.rng, sender.lang
        ours = self._text(lang, self._fields(lang, thread.last_date), 1)
        previous = (f"{ours}\n\n{OWNER_NAME}\n\n{thread.last_text}")[:3000]
        if sender.mailer == "outlook":
            fr, sent, to, subj = W.OUTLOOK_HEADER[lang]
            head = (f"{fr} {OWNER_NAME} <{OWNER}>\n{sent} {thread.last_date.strftime('%d.%m.%Y %H:%M')}\n"
                    f"{to} {sender.name} <{sender.email}>\n{subj} {thread.subject}")
            return f"-----Original Message-----\n{head}\n\n{previous}\n"
        attribution = r.choice(W.ATTRIBUTIONS[lang]).format(
            date=thread.last_date.strftime("%d.%m.%Y"), hour=f"{thread.last_date.hour:02d}",
            minute=f"{thread.last_date.minute:02d}", name=f"{OWNER_NAME} <{OWNER}>")
        quoted = "\n".join("> " + line if line else ">" for line in previous.split("\n"))
        return f"{attribution}\n{quoted}\n"

    def _inline_forward(self, lang: str, fields: dict) -> str:
        other = self.rng.choice(self.world.known_company_people + self.world.unknown_company_people)
        return (f"---------- Forwarded message ---------\nFrom: {other.name} <{other.email}>\n"
                f"Date: {fields['date']}\nSubject: {self.rng.choice(W.SUBJECTS[other.lang]).format_map(fields)}\n\n"
                f"{self._text(other.lang, fields, 1)}\n")

    def _html_from_text(self, text: str, mailer: str, charset: str) -> str:
        """The HTML alternative a mail program writes for `text`."""
        paragraphs = [p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>\n")
                      for p in text.split("\n\n")]
        if mailer == "outlook":
            body = "\n".join(f'<p class="MsoNormal"><span lang="PL" style="font-size:11.0pt;font-family:'
                             f'&quot;Calibri&quot;,sans-serif">{p}<o:p></o:p></span></p>\n<p class="MsoNormal">'
                             f'<o:p>&nbsp;</o:p></p>' for p in paragraphs)
            return (f'<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
                    f'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004'
                    f'/12/omml" xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv="Content-Type" '
                    f'content="text/html; charset={charset}"><meta name="Generator" content="Microsoft Word 15 '
                    f'(filtered medium)">{OUTLOOK_STYLE}</head><body lang="PL" link="#0563C1" vlink="#954F72" '
                    f'style="word-wrap:break-word"><div class="WordSection1">\n{body}\n</div></body></html>\n')
        if mailer == "gmail":
            body = "<div><br></div>".join(f"<div>{p}</div>" for p in paragraphs)
            return f'<div dir="ltr">{body}</div>\n'
        if mailer == "apple":
            body = "".join(f"<div>{p}</div><div><br></div>" for p in paragraphs)
            return (f'<html><head><meta http-equiv="content-type" content="text/html; charset={charset}"></head>'
                    f'<body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">'
                    f'{body}</body></html>\n')
        body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
        return (f'<!DOCTYPE html>\n<html>\n  <head>\n    <meta http-equiv="Content-Type" content="text/html; '
                f'charset={charset}">\n  </head>\n  <body>\n{body}\n  </body>\n</html>\n')

    def _newsletter_html(self, lang: str, fields: dict, domain: str) -> str:
        r = self.rng
        rows = []
        for i in range(r.randint(4, 22)):
            token = r.randbytes(18).hex()
            rows.append(
                f'<tr><td style="padding:12px 24px;border-bottom:1px solid #eeeeee;font-family:Arial,Helvetica,'
                f'sans-serif;font-size:14px;line-height:20px;color:#333333"><a href="https://click.{domain}/ls/click?'
                f'upn={token}&amp;utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=c{fields["n"]}" '
                f'style="color:#1a73e8;text-decoration:none"><img src="https://img.{domain}/p/{token[:12]}.jpg" '
                f'width="120" height="90" alt="" style="display:block;border:0"></a><h3 style="margin:8px 0;'
                f'font-size:16px">{r.choice(W.PRODUCTS[lang]).capitalize()} – {r.randint(9, 999)},99</h3>'
                f'<p style="margin:0">{r.choice(W.SENTENCES[lang]).format_map(fields)}</p></td></tr>')
        pixel = f'<img src="https://open.{domain}/o/{r.randbytes(16).hex()}.gif" width="1" height="1" alt="">'
        return (f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/'
                f'xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv='
                f'"Content-Type" content="text/html; charset=utf-8"><meta name="viewport" content="width=device-width">'
                f'<style type="text/css">body{{margin:0;padding:0}}table{{border-collapse:collapse}}img{{border:0;'
                f'outline:none}}@media only screen and (max-width:600px){{.container{{width:100%!important}}}}</style>'
                f'</head><body style="margin:0;padding:0;background:#f4f4f4"><table class="container" width="600" '
                f'align="center" cellpadding="0" cellspacing="0" border="0" style="background:#ffffff">'
                f'{"".join(rows)}<tr><td style="padding:24px;font-size:11px;color:#999999">'
                f'{r.choice(W.SENTENCES[lang]).format_map(fields)} <a href="https://{domain}/unsubscribe?u='
                f'{r.randbytes(10).hex()}">Wypisz się / Unsubscribe</a></td></tr></table>{pixel}</body></html>')

    # ----- encoding bodies

    def _encode_text(self, text: str, charset: str) -> bytes:
        if charset != "utf-8":
            text = text.translate(_LATIN_SAFE)
        return text.encode(charset, errors="replace")

    def _encode_html(self, html: str, charset: str) -> bytes:
        if charset != "utf-8" or self.rng.random() < 0.08:  # some generators write every letter as an entity
            return html.encode("ascii" if charset == "utf-8" else charset, errors="xmlcharrefreplace")
        return html.encode("utf-8")

    def _text_cte(self, mailer: str, data: bytes) -> str:
        if data.isascii() and self.rng.random() < 0.7:
            return "7bit"
        if mailer == "outlook":
            return "quoted-printable"
        if mailer == "gmail":
            return self.rng.choice(["quoted-printable", "base64"])
        if mailer == "thunderbird":
            return self.rng.choice(["8bit", "8bit", "quoted-printable"])
        if mailer == "newsletter":
            return self.rng.choice(["quoted-printable", "base64"])
        return self.rng.choice(["quoted-printable", "base64", "8bit"])

    def _text_part(self, text: str, subtype: str, charset: str, mailer: str) -> mime.Part:
        flowed = mailer == "thunderbird" and subtype == "plain"
        if flowed or (subtype == "plain" and mailer == "webmail"):
            text = mime.wrap(text, 72)
        data = self._encode_text(text, charset) if subtype == "plain" else self._encode_html(text, charset)
        cte = self._text_cte(mailer, data)
        if cte in ("7bit", "8bit"):
            data = mime.wrap(data.decode(charset, errors="replace"), 900).encode(charset, errors="replace")
        params = f'; charset="{charset}"' if mailer != "thunderbird" else f"; charset={charset}"
        if flowed:
            params += "; format=flowed"
        return mime.leaf(f"text/{subtype}{params}", cte, data)

    def _boundary(self, mailer: str) -> str:
        r = self.rng
        if mailer == "outlook":
            return f"_000_{r.randbytes(20).hex().upper()}_"
        if mailer == "gmail":
            return f"000000000000{r.randbytes(7).hex()}"
        if mailer == "apple":
            return f"Apple-Mail={r.randbytes(16).hex().upper()}"
        if mailer == "thunderbird":
            return f"------------{r.randbytes(12).hex()}"
        return f"----=_Part_{r.randint(1, 99999)}_{r.randint(10**8, 10**9)}.{r.randint(10**12, 10**13)}"

    # ----- attachments

    def _attachment_size(self, first: bool) -> int:
        r = self.rng
        roll = r.random()
        if first and roll < 0.015:  # 1–5 MB once base64-encoded
            return r.randint(750_000, 3_600_000)
        if roll < 0.74:
            return r.randint(5_000, 60_000)
        return r.randint(60_000, 320_000)

    def _attachment(self, lang: str, fields: dict, charset: str, first: bool) -> mime.Part:
        r = self.rng
        name = r.choice(W.ATTACHMENT_NAMES[lang]).format_map({**fields, "date": fields["date"].replace(" ", "-")})
        ext = name.rsplit(".", 1)[-1].lower()
        style = r.choices(["2231", "2047", "raw"], weights=[45, 50, 5])[0]
        type_param, disp_param = mime.filename_params(name, "utf-8" if style != "raw" else charset, style)
        if ext in ("csv", "ics"):
            rows = [";".join([str(r.randint(1, 9999)), r.choice(W.PRODUCTS[lang]), fields["amount"], fields["date"]])
                    for _ in range(r.randint(20, 400))]
            data = ("\r\n".join(rows) + "\r\n").translate(_LATIN_SAFE).encode("windows-1250" if lang == "pl"
                                                                              else "windows-1252", errors="replace")
            ctype = "text/csv" if ext == "csv" else "text/calendar"
            cte = r.choice(["base64", "quoted-printable"])
            ctype += f'; charset="{"windows-1250" if lang == "pl" else "windows-1252"}"'
        else:
            size = self._attachment_size(first)
            start = r.randrange(0, POOL_BYTES - size)
            magic = MAGIC.get(ext, b"")
            data = magic + self.pool[start:start + size - len(magic)]
            ctype, cte = CONTENT_TYPES.get(ext, "application/octet-stream"), "base64"
        extra = [f"Content-Disposition: attachment;\n\t{disp_param}"]
        if r.random() < 0.3:
            extra.append(f"Content-Description: {mime.header_text(name, 'utf-8', 'B')}")
        return mime.leaf(f"{ctype};\n\t{type_param}", cte, data, extra)

    def _inline_image(self, html: str) -> tuple[str, mime.Part]:
        r = self.rng
        cid = f"image001.png@01DA{r.randbytes(6).hex().upper()}"
        size = r.randint(3_000, 40_000)
        start = r.randrange(0, POOL_BYTES - size)
        part = mime.leaf('image/png;\n\tname="image001.png"', "base64", MAGIC["png"] + self.pool[start:start + size],
                         [f"Content-ID: <{cid}>", 'Content-Disposition: inline;\n\tfilename="image001.png"'])
        html = html.replace("</body>", f'<p><img width="180" height="60" src="cid:{cid}" alt="logo"></p></body>')
        if "</body>" not in html:
            html += f'<img src="cid:{cid}">'
        return html, part

    def _calendar(self, fields: dict, sender: Person) -> mime.Part:
        start = (END - timedelta(days=self.rng.randint(1, 700))).strftime("%Y%m%dT%H0000Z")
        ics = (f"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nPRODID:Microsoft Exchange Server 2010\r\nVERSION:2.0\r\n"
               f"BEGIN:VEVENT\r\nORGANIZER;CN={sender.name}:mailto:{sender.email}\r\nATTENDEE;ROLE=REQ-PARTICIPANT;"
               f"PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN={OWNER_NAME}:mailto:{OWNER}\r\nSUMMARY;LANGUAGE=pl-PL:"
               f"{self.rng.choice(W.SUBJECTS[sender.lang]).format_map(fields)}\r\nDTSTART:{start}\r\nDTEND:{start}\r\n"
               f"UID:{self.rng.randbytes(16).hex()}\r\nLOCATION:Sala konferencyjna 2\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        return mime.leaf('text/calendar; charset="utf-8"; method=REQUEST', "base64", ics.encode())

    # ----- whole messages

    def build(self, i: int) -> Built:
        """Message number i (call in order: the RNG and the thread state advance)."""
        r = self.rng
        date = self.start + self.step * i + self.step * r.random() * 0.9
        sender, cc_people, category = self._choose_people()
        if sender is None:
            built = self._service_message(date)
        else:
            built = self._person_message(sender, cc_people, date)
        built.known = category.startswith("known")
        flags = r.choices(["S", "RS", "", "FS"], weights=[85, 8, 6, 1])[0]
        built.flags = flags
        return self._edge_cases(built, i)

    def _person_message(self, sender: Person, cc_people: list[Person], date: datetime) -> Built:
        r = self.rng
        lang, mailer, charset = sender.lang, sender.mailer, sender.charset
        fields = self._fields(lang, date)
        thread = sender.threads[-1] if sender.threads and r.random() < 0.55 else None
        features = []
        if thread is not None:
            ours = make_message_id(self.rng, "perf.example.com", "thunderbird")
            in_reply_to, refs = ours, (thread.refs + [ours])[-12:]
            prefix = r.choice(W.REPLY_PREFIX[lang])
            subject = prefix + thread.subject if r.random() > 0.1 else prefix + "RE: " + thread.subject
            features.append("reply")
        else:
            subject = r.choice(W.SUBJECTS[lang]).format_map(fields)
            in_reply_to, refs = None, []
        text = self._person_text(sender, fields, thread, thread is not None)
        domain = sender.company.domain if sender.company else sender.email.split("@")[1]
        message_id = make_message_id(self.rng, domain, mailer)
        if thread is None:
            thread = Thread(subject, [], "", date)
            sender.threads = (sender.threads + [thread])[-3:]
        thread.refs = (refs + [message_id])[-12:]
        thread.last_text, thread.last_date = text[:1500], date

        structure = r.choices(["plain", "alternative", "html"], weights=[22, 72, 6])[0]
        if mailer == "gmail" or mailer == "outlook":
            structure = "alternative" if structure == "plain" and r.random() < 0.8 else structure
        html = self._html_from_text(text, mailer, charset) if structure != "plain" else ""
        related = None
        if html and mailer == "outlook" and r.random() < 0.04:
            html, related = self._inline_image(html)
            features.append("inline-image")
        parts = []
        if structure in ("plain", "alternative"):
            parts.append(self._text_part(text, "plain", charset, mailer))
        if html:
            html_part = self._text_part(html, "html", charset, mailer)
            if related is not None:
                html_part = mime.multipart("related", self._boundary(mailer), [html_part, related],
                                           ' type="text/html";')
            parts.append(html_part)
        if r.random() < 0.01:
            parts.append(self._calendar(fields, sender))
            features.append("calendar")
        body = parts[0] if len(parts) == 1 else mime.multipart("alternative", self._boundary(mailer), parts)
        attachments = 0
        if r.random() < ATTACHMENT_SHARE:
            attachments = r.choices([1, 2, 3, 4, 5], weights=[75, 15, 5, 3, 2])[0]
            atts = [self._attachment(lang, fields, charset, n == 0) for n in range(attachments)]
            body = mime.multipart("mixed", self._boundary(mailer), [body] + atts)
        elif r.random() < 0.006:
            body = mime.multipart("mixed", self._boundary(mailer), [body, self._forwarded(sender, date)])
            features.append("message/rfc822")
            attachments = 1
        to = [mime.address(OWNER_NAME, OWNER, "utf-8", "B" if mailer != "thunderbird" else "Q")]
        cc = [mime.address(p.name, p.email, charset, "Q") for p in cc_people]
        if r.random() < 0.15:
            to.append(mime.address(*r.choice(TEAM[:2]), "utf-8", "Q"))
        if sender.company and r.random() < 0.25:
            colleague = r.choice(sender.company.people)
            if colleague is not sender:
                cc.append(mime.address(colleague.name, colleague.email, charset, "Q"))
        sender_address = sender.email
        if r.random() < 0.03:  # 'Jan.Kowalski@Budmax.Pl': addresses match case-insensitively
            sender_address = sender_address.title()
        elif r.random() < 0.01:  # plus addressing
            local, domain = sender.email.split("@")
            sender_address = f"{local}+crm@{domain}"
        method = "Q" if charset != "utf-8" and r.random() < 0.6 else "B"
        headers = self._transport_headers(sender.email, date, sender.company.domain if sender.company else
                                          sender.email.split("@")[1])
        headers += [f"From: {mime.address(sender.name, sender_address, charset, method)}",
                    f"To: {mime.address_list(to)}"]
        if cc:
            headers.append(f"Cc: {mime.address_list(cc)}")
        headers += [f"Subject: {mime.header_text(subject, charset, method)}",
                    f"Date: {self._date_header(date, lang)}", f"Message-ID: {message_id}"]
        if in_reply_to:
            headers += [f"In-Reply-To: {in_reply_to}", "References: " + "\n\t".join(refs)]
        headers += self._mailer_headers(mailer, lang)
        headers.append("MIME-Version: 1.0")
        raw = mime.serialize(headers + body[0], body[1])
        return Built(raw, date, "", False, attachments, features)

    def _forwarded(self, sender: Person, date: datetime) -> mime.Part:
        other = self.rng.choice(self.world.known_company_people + self.world.unknown_company_people)
        fields = self._fields(other.lang, date)
        inner_text = self._person_text(other, fields, None, False)
        inner_headers = [f"From: {mime.address(other.name, other.email, 'utf-8', 'B')}",
                         f"To: {mime.address(sender.name, sender.email, 'utf-8', 'B')}",
                         f"Subject: {mime.header_text(self.rng.choice(W.SUBJECTS[other.lang]).format_map(fields), 'utf-8', 'Q')}",
                         f"Date: {self._date_header(date - timedelta(days=2), other.lang)}",
                         f"Message-ID: {make_message_id(self.rng, other.email.split('@')[1], other.mailer)}",
                         "MIME-Version: 1.0"]
        text_headers, text_body = self._text_part(inner_text, "plain", "utf-8", other.mailer)
        inner = mime.serialize(inner_headers + text_headers, text_body)
        return ["Content-Type: message/rfc822", "Content-Disposition: attachment"], inner

    def _service_message(self, date: datetime) -> Built:
        r = self.rng
        name, local, domain, lang = r.choice(W.SERVICES)
        fields = self._fields(lang, date)
        subject = r.choice(W.NEWSLETTER_SUBJECTS[lang]).format_map(fields)
        html = self._newsletter_html(lang, fields, domain)
        parts = [self._text_part(html, "html", "utf-8", "newsletter")]
        if r.random() < 0.6:
            text = self._text(lang, fields, r.randint(2, 6)) + f"\n\nhttps://{domain}/unsubscribe\n"
            parts.insert(0, self._text_part(text, "plain", "utf-8", "newsletter"))
        body = parts[0] if len(parts) == 1 else mime.multipart("alternative", self._boundary("webmail"), parts)
        attachments = 0
        if r.random() < ATTACHMENT_SHARE:
            attachments = 1
            body = mime.multipart("mixed", self._boundary("webmail"), [body, self._attachment(lang, fields, "utf-8", True)])
        headers = self._transport_headers(f"bounce-{r.randint(1000, 9999)}@{domain}", date, domain)
        headers += [f"From: {mime.address(name, f'{local}@{domain}', 'utf-8', 'B')}", f"To: {OWNER}",
                    f"Subject: {mime.header_text(subject, 'utf-8', r.choice('BQ'))}",
                    f"Date: {self._date_header(date, lang)}",
                    f"Message-ID: {make_message_id(self.rng, domain, 'newsletter')}",
                    f"List-Unsubscribe: <https://{domain}/u/{r.randbytes(12).hex()}>, <mailto:unsub@{domain}>",
                    "List-Unsubscribe-Post: List-Unsubscribe=One-Click", "Precedence: bulk",
                    f"X-Campaign-Id: {r.randint(10**6, 10**7)}", "MIME-Version: 1.0"]
        return Built(mime.serialize(headers + body[0], body[1]), date, "", False, attachments, ["service"])

    def _transport_headers(self, envelope: str, date: datetime, domain: str) -> list[str]:
        r = self.rng
        stamp = format_datetime(date)
        ip = f"{r.randint(11, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
        queue = r.randbytes(5).hex().upper()
        headers = [f"Return-Path: <{envelope}>", f"Delivered-To: {OWNER}",
                   f"Received: from mx1.perf.example.com\n\tby mail.perf.example.com with LMTP\n\tid {r.randbytes(8).hex()}"
                   f"\n\t(envelope-from <{envelope}>)\n\tfor <{OWNER}>; {stamp}",
                   f"Received: from mail-out.{domain} (mail-out.{domain} [{ip}])\n\t(using TLSv1.3 with cipher "
                   f"TLS_AES_256_GCM_SHA384 (256/256 bits))\n\t(No client certificate requested)\n\tby mx1.perf.example.com "
                   f"(Postfix) with ESMTPS id {queue}\n\tfor <{OWNER}>; {stamp}"]
        if r.random() < 0.7:
            blob = base64.b64encode(r.randbytes(256)).decode()
            signature = "\n\t ".join(blob[k:k + 70] for k in range(0, len(blob), 70))
            headers.append(f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain};\n\ts=default; "
                           f"t={int(date.timestamp())}; bh={r.randbytes(22).hex()[:43]}=;\n\th=From:To:Subject:Date:"
                           f"Message-ID:MIME-Version:Content-Type;\n\tb={signature}")
            headers.append(f"Authentication-Results: mx1.perf.example.com;\n\tdkim=pass (2048-bit key) header.d={domain};"
                           f"\n\tspf=pass smtp.mailfrom={domain};\n\tdmarc=pass header.from={domain}")
        if r.random() < 0.3:
            headers.append(f"X-Spam-Status: No, score={r.randint(-50, 30) / 10} required=5.0 tests=BAYES_00,"
                           "DKIM_SIGNED,DKIM_VALID,HTML_MESSAGE,SPF_PASS autolearn=ham")
        return headers

    def _mailer_headers(self, mailer: str, lang: str) -> list[str]:
        r = self.rng
        language = {"pl": "pl-PL", "en": "en-GB", "de": "de-DE", "fr": "fr-FR"}[lang]
        if mailer == "outlook":
            return ["X-Mailer: Microsoft Outlook 16.0",
                    f"Thread-Index: A{r.randbytes(20).hex()[:30]}==", f"Content-Language: {language}",
                    "X-MS-Has-Attach: ", "X-MS-TNEF-Correlator: "]
        if mailer == "thunderbird":
            return ["User-Agent: Mozilla Thunderbird", f"Content-Language: {language}"]
        if mailer == "apple":
            return ["X-Mailer: Apple Mail (2.3774.500.171.1.1)"]
        if mailer == "webmail":
            return [f"X-Mailer: {r.choice(['Roundcube Webmail/1.6.5', 'Horde Application Framework 5', 'Zimbra 9.0'])}"]
        return []

    # ----- awkward cases

    def _edge_cases(self, built: Built, i: int) -> Built:
        """Rarely, turn the message into one of the cases that trip parsers (each recorded in the manifest)."""
        r = self.rng
        roll = r.random()
        raw = built.raw
        head, sep, body = raw.partition(b"\n\n")
        if i % 20011 == 7777:
            built.raw = head + b"\n"
            built.features.append("header-only")
        elif i % 15013 == 4242:
            text = self._text("pl", self._fields("pl", built.date), 2)
            built.raw = f"Notatka bez nagłówków\n\n{text}\n".encode()
            built.features.append("headerless")
        elif roll < 0.003 and self.recent:
            built.raw, built.features = r.choice(self.recent), built.features + ["exact-duplicate"]
        elif roll < 0.006 and self.recent_ids:
            old = r.choice(self.recent_ids)
            built.raw = _replace_header(head, b"Message-ID", old.encode()) + sep + body
            built.features.append("duplicate-message-id")
        elif roll < 0.009:
            built.raw = _drop_header(head, b"Message-ID") + sep + body
            built.features.append("no-message-id")
        elif roll < 0.012:
            subject = r.choice(W.SUBJECTS["pl"]).format_map(self._fields("pl", built.date))
            built.raw = _replace_header(head, b"Subject", subject.translate(_LATIN_SAFE).encode(r.choice(["iso-8859-2", "utf-8"]))) + sep + body
            built.features.append("raw-8bit-subject")
        elif roll < 0.014:
            bogus = r.choice([b'"x-unknown-8bit"', b'"cp-1250"', b"utf8", b'"iso-8859-22"', b'"unknown"'])
            built.raw = _CHARSET.sub(b"charset=" + bogus, raw, count=1)
            built.features.append("unknown-charset")
        elif roll < 0.016:
            built.raw = _replace_header(head, b"Subject", b"=?utf-8?B?WmFtw7N3aWVuaWU=?= =?iso-8859-2?Q?Zam=F3wienie_nr_12"
                                        b" =?utf-8?B?!!!?=") + sep + body
            built.features.append("broken-encoded-word")
        elif roll < 0.018:
            built.raw = _replace_header(head, b"Date", r.choice([b"Poniedzia\xc5\x82ek, 12 marca 2024", b"", b"32/13/2024"])) \
                + sep + body
            built.features.append("bad-date")
        elif roll < 0.0195:
            built.raw = _replace_header(head, b"Subject", ("Długi temat " * 180).encode()) + sep + body
            built.features.append("long-subject")
        elif roll < 0.0215:
            everyone = self.world.unknown_company_people[:150] + self.world.unknown_free[:100]
            listing = ",\n\t".join(mime.address(p.name, p.email, "utf-8", "B") for p in everyone)
            built.raw = _replace_header(head, b"To", listing.encode()) + sep + body
            built.features.append("many-recipients")
        if len(built.raw) < 60_000 and "exact-duplicate" not in built.features:
            self.recent = (self.recent + [built.raw])[-40:]
            found = _header(head, b"Message-ID")
            if found:
                self.recent_ids = (self.recent_ids + [found.decode(errors="replace")])[-40:]
        return built


_CHARSET = re.compile(rb'charset="?[\w.:-]+"?', re.IGNORECASE)


def _header(head: bytes, name: bytes) -> bytes | None:
    start = head.find(b"\n" + name + b": ")
    if start == -1:
        return None
    end = head.find(b"\n", start + len(name) + 3)
    return head[start + len(name) + 3:end if end != -1 else len(head)]


def _header_span(head: bytes, name: bytes) -> tuple[int, int] | None:
    """(start, end) of a header field with its continuation lines, `start` at its leading newline."""
    start = head.find(b"\n" + name + b": ")
    if start == -1:
        return None
    end = head.find(b"\n", start + 1)
    while end != -1 and end + 1 < len(head) and head[end + 1:end + 2] in (b" ", b"\t"):
        end = head.find(b"\n", end + 1)
    return start, end if end != -1 else len(head)


def _replace_header(head: bytes, name: bytes, value: bytes) -> bytes:
    span = _header_span(head, name)
    if span is None:
        return head + b"\n" + name + b": " + value
    return head[:span[0]] + b"\n" + name + b": " + value + head[span[1]:]


def _drop_header(head: bytes, name: bytes) -> bytes:
    span = _header_span(head, name)
    return head if span is None else head[:span[0]] + head[span[1]:]


OUTLOOK_STYLE = """<style><!--
/* Font Definitions */
@font-face
	{font-family:"Cambria Math";
	panose-1:2 4 5 3 5 4 6 3 2 4;}
@font-face
	{font-family:Calibri;
	panose-1:2 15 5 2 2 2 4 3 2 4;}
@font-face
	{font-family:Aptos;}
/* Style Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{margin:0cm;
	font-size:11.0pt;
	font-family:"Calibri",sans-serif;
	mso-ligatures:standardcontextual;
	mso-fareast-language:EN-US;}
a:link, span.MsoHyperlink
	{mso-style-priority:99;
	color:#0563C1;
	text-decoration:underline;}
span.StylWiadomociEmail17
	{mso-style-type:personal-compose;
	font-family:"Calibri",sans-serif;
	color:windowtext;}
.MsoChpDefault
	{mso-style-type:export-only;
	font-size:10.0pt;
	mso-ligatures:none;
	mso-fareast-language:EN-US;}
@page WordSection1
	{size:612.0pt 792.0pt;
	margin:70.85pt 70.85pt 70.85pt 70.85pt;}
div.WordSection1
	{page:WordSection1;}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--><!--[if gte mso 9]><xml>
<o:shapelayout v:ext="edit">
<o:idmap v:ext="edit" data="1" />
</o:shapelayout></xml><![endif]-->"""

MAGIC = {"pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
         "docx": b"PK\x03\x04\x14\x00\x06\x00", "xlsx": b"PK\x03\x04\x14\x00\x06\x00", "pptx": b"PK\x03\x04\x14\x00\x06\x00"}
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


# --------------------------------------------------------------------------- the Maildir

@dataclass
class Corpus:
    """A generated corpus on disk."""

    path: Path
    manifest: dict
    contacts: dict

    @property
    def messages_dir(self) -> Path:
        return self.path / "cur"

    def files(self) -> list[Path]:
        return sorted(self.messages_dir.iterdir())


def generate(count: int, seed: int, out: Path, progress: bool = False) -> dict:
    """Write `count` messages into out/cur, plus contacts.json and manifest.json; returns the manifest."""
    started = time.monotonic()
    cur = out / "cur"
    for sub in ("cur", "new", "tmp"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    gen = Generator(seed, count)
    stats = {"bytes": 0, "known": 0, "with_attachments": 0, "attachments": 0, "over_1mb": 0, "largest": 0,
             "features": {}}
    for i in range(count):
        built = gen.build(i)
        size = len(built.raw)
        stamp = int(built.date.timestamp())
        wire_size = size + built.raw.count(b"\n") - built.raw.count(b"\r\n")  # as sent: bare LF becomes CRLF
        name = f"{stamp}.M{i:06d}P{seed}.bench,S={size},W={wire_size}:2,{built.flags}"
        path = cur / name
        path.write_bytes(built.raw)
        os.utime(path, (stamp, stamp))
        _count(stats, built, size)
        if progress and (i + 1) % 10000 == 0:
            print(f"  generated {i + 1:,} messages in {time.monotonic() - started:.1f} s", file=sys.stderr)
    manifest = {"version": VERSION, "count": count, "seed": seed, "owner": OWNER, "bytes": stats["bytes"],
                "mean_bytes": round(stats["bytes"] / max(count, 1)), "known_messages": stats["known"],
                "known_share": round(stats["known"] / max(count, 1), 3),
                "with_attachments": stats["with_attachments"],
                "attachment_share": round(stats["with_attachments"] / max(count, 1), 3),
                "attachments": stats["attachments"], "over_1mb": stats["over_1mb"], "largest": stats["largest"],
                "features": dict(sorted(stats["features"].items())),
                "generate_seconds": round(time.monotonic() - started, 1)}
    (out / "contacts.json").write_text(json.dumps(contacts_json(gen.world), ensure_ascii=False, indent=1))
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def _count(stats: dict, built: Built, size: int) -> None:
    stats["bytes"] += size
    stats["known"] += built.known
    stats["with_attachments"] += built.attachments > 0
    stats["attachments"] += built.attachments
    stats["over_1mb"] += size > 1_000_000
    stats["largest"] = max(stats["largest"], size)
    for feature in built.features:
        stats["features"][feature] = stats["features"].get(feature, 0) + 1


def corpus_path(count: int, seed: int, cache_dir: Path | None = None) -> Path:
    """Where the cached corpus for (count, seed) lives."""
    return Path(cache_dir or os.environ.get("MAILTRAIL_BENCH_CACHE") or DEFAULT_CACHE) / f"corpus-v{VERSION}-{count}-s{seed}"


def load(path: Path) -> Corpus:
    """A corpus already on disk."""
    return Corpus(path, json.loads((path / "manifest.json").read_text()),
                  json.loads((path / "contacts.json").read_text()))


def ensure_corpus(count: int, seed: int, cache_dir: Path | None = None, progress: bool = True) -> Corpus:
    """The cached corpus for (count, seed), generated first when missing (atomically: a rename at the end)."""
    path = corpus_path(count, seed, cache_dir)
    if (path / "manifest.json").exists():
        return load(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + f".partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    if progress:
        print(f"generating {count:,} messages (seed {seed}) into {path}", file=sys.stderr)
    try:
        generate(count, seed, partial, progress)
        partial.rename(path)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return load(path)


def main(argv: list[str] | None = None) -> int:
    """Command line: generate (or reuse) a corpus and print its manifest."""
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="write a fresh corpus here instead of the cache")
    parser.add_argument("--cache-dir", type=Path)
    args = parser.parse_args(argv)
    if args.out:
        manifest = generate(args.count, args.seed, args.out, progress=True)
    else:
        manifest = ensure_corpus(args.count, args.seed, args.cache_dir).manifest
    print(json.dumps(manifest, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
