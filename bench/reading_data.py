"""The seeded world and mail of the reading benchmark (search, timelines, rematch), as the sync would store it.

No IMAP here: messages are generated straight into `webapp.services.parsed.ParsedMessage` objects
(the same fields the sync fills from a header block, BODYSTRUCTURE and the text parts), so that
`storing.store_batch` writes addresses, copies, the search index and links exactly as a sync does.

The world (depends on the seed and the contact count only):
- a team of six users (an admin, a manager with two reports, two others) and seven mailboxes with
  a mix of visibilities, so that the manager — who runs the searches — sees four of the seven;
- companies (half of them CRM contacts with their domain) and correspondents at them or on
  free-mail domains; `contacts` CRM contacts in all: contacts/20 companies, the rest persons;
- two special persons created later through the contact service: one in exactly `big` messages
  (5,000 by default) and one in exactly 10.
Mail: Polish-heavy business correspondence (Polish, English, German, French) from bench/corpus_words.py
with threads, quotes, signatures, disclaimers, HTML alternatives, newsletters and attachment metadata,
spread over two years; a few messages mention a "żółw" (turtle), so a folded query has a rare target.
"""
from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from itertools import accumulate

from . import corpus_words as W
from .corpus import OUTLOOK_STYLE, ascii_slug, mail_fields, make_message_id

VERSION = 1
END = datetime(2026, 10, 31, 17, 0, tzinfo=timezone.utc)
SPAN = timedelta(days=730)
SMALL_CONTACT_EMAILS = 10
TEAM_DOMAIN = "perf.example.com"
PASSWORD = "bench-password-1"  # every team user's password (the web path logs in with it)
LANG_WEIGHTS = {"pl": 62, "en": 16, "de": 13, "fr": 9}
MAILERS = ["outlook", "gmail", "thunderbird", "apple", "webmail"]
MAILER_WEIGHTS = [40, 25, 15, 10, 10]
EXTENSION_TYPES = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml"
                   ".document", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   "jpg": "image/jpeg", "JPG": "image/jpeg", "csv": "text/csv", "pptx": "application/vnd."
                   "openxmlformats-officedocument.presentationml.presentation", "png": "image/png"}
# Rare words with diacritics, so that folded queries have something specific to find.
TURTLE_SENTENCES = [
    "Przesyłka szła jak żółw – kurier dostarczył ją dopiero po dwóch tygodniach.",
    "W załączeniu logo kampanii „Żółw Eko” do akceptacji przed drukiem.",
    "Na zdjęciu nasz biurowy żółw Franek, który pozdrawia cały dział zakupów.",
    "Zamówienie figurek żółwia ceramicznego przesuwamy na przyszły miesiąc.",
]
TURTLE_SHARE = 0.004


@dataclass
class Org:
    key: str
    name: str
    domain: str
    lang: str
    known: bool  # a CRM company contact with its domain


@dataclass
class Correspondent:
    first: str
    last: str
    email: str
    lang: str
    org: Org | None
    title: str
    phone: str
    known: bool  # a CRM person contact
    mailer: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class TeamUser:
    key: str
    name: str
    email: str
    role: str
    supervisor: str | None


@dataclass
class Mailbox:
    key: str
    owner: str  # TeamUser.key
    login: str
    visibility: str
    weight: int
    visible_to_searcher: bool


TEAM = [TeamUser("admin", "Ola Admińska", f"ola.adminska@{TEAM_DOMAIN}", "admin", None),
        TeamUser("manager", "Marek Nowicki", f"marek.nowicki@{TEAM_DOMAIN}", "user", None),
        TeamUser("anna", "Anna Kowalska", f"anna.kowalska@{TEAM_DOMAIN}", "user", "manager"),
        TeamUser("jan", "Jan Mazur", f"jan.mazur@{TEAM_DOMAIN}", "user", "manager"),
        TeamUser("piotr", "Piotr Zieliński", f"piotr.zielinski@{TEAM_DOMAIN}", "user", "admin"),
        TeamUser("ewa", "Ewa Dąbrowska", f"ewa.dabrowska@{TEAM_DOMAIN}", "user", None)]
SEARCHER = "manager"
# The manager sees: his own mailbox (owner), Anna's (managers: she reports to him), Jan's and the office's
# (everyone); not Piotr's (managers, but Piotr reports to the admin), Ewa's (owner) or Anna's private one (owner).
MAILBOXES = [Mailbox("marek", "manager", f"marek.nowicki@{TEAM_DOMAIN}", "owner", 18, True),
             Mailbox("anna", "anna", f"anna.kowalska@{TEAM_DOMAIN}", "managers", 17, True),
             Mailbox("jan", "jan", f"jan.mazur@{TEAM_DOMAIN}", "everyone", 14, True),
             Mailbox("biuro", "admin", f"biuro@{TEAM_DOMAIN}", "everyone", 17, True),
             Mailbox("piotr", "piotr", f"piotr.zielinski@{TEAM_DOMAIN}", "managers", 14, False),
             Mailbox("ewa", "ewa", f"ewa.dabrowska@{TEAM_DOMAIN}", "owner", 12, False),
             Mailbox("anna-private", "anna", "anna.kowalska.prywatna@gmail.com", "owner", 8, False)]


@dataclass
class World:
    orgs: list[Org]
    known_people: list[Correspondent]  # CRM person contacts (company and free-mail)
    domain_people: list[Correspondent]  # not contacts themselves, at a known company's domain
    unknown_people: list[Correspondent]
    big: Correspondent  # in exactly `big` messages, created later via the contact service
    small: Correspondent  # in exactly 10 messages
    known_orgs: list[Org] = field(default_factory=list)

    def contacts(self) -> dict:
        """What the bulk import inserts: companies with domains, persons with one address and their company."""
        return {"companies": [{"key": o.key, "name": o.name, "domain": o.domain} for o in self.known_orgs],
                "persons": [{"first_name": p.first, "last_name": p.last, "email": p.email, "phone": p.phone,
                             "company": p.org.key if p.org and p.org.known else None} for p in self.known_people]}


def _pick_lang(rng: random.Random) -> str:
    return rng.choices(list(LANG_WEIGHTS), weights=list(LANG_WEIGHTS.values()))[0]


def _org_name(rng: random.Random, lang: str) -> str:
    prefixes, suffixes, forms, patterns, words = W.COMPANY_PARTS[lang]
    if patterns and rng.random() < 0.3:
        return rng.choice(patterns).format(w=rng.choice(words)) + rng.choice(forms)
    return rng.choice(prefixes) + rng.choice(suffixes) + rng.choice(forms)


def _correspondent(rng: random.Random, lang: str, org: Org | None, known: bool, used: set[str]) -> Correspondent:
    sex = rng.choice("mf")
    first = rng.choice(W.FIRST_NAMES[lang][sex])
    lasts = W.LAST_NAMES[lang]
    last = rng.choice(lasts.get(sex, lasts["m"]))
    f, l = ascii_slug(first).lower(), ascii_slug(last).lower()
    domain = org.domain if org else rng.choice(W.FREE_MAIL[lang])
    local = rng.choice([f"{f}.{l}", f"{f[0]}.{l}", f"{f}{l[0]}", f"{f[0]}{l}", f"{f}.{l}"])
    email, n = f"{local}@{domain}", 1
    while email in used:
        n += 1
        email = f"{local}{n}@{domain}"
    used.add(email)
    mailer = rng.choices(MAILERS, weights=MAILER_WEIGHTS)[0] if org else rng.choice(["gmail", "webmail", "apple"])
    phone = f"{rng.randint(500, 899)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
    return Correspondent(first, last, email, lang, org, rng.choice(W.TITLES[lang]), phone, known, mailer)


def build_world(seed: int, contacts: int) -> World:
    """contacts/20 known companies (as many unknown ones), contacts - contacts/20 known persons, and strangers."""
    rng = random.Random(f"mailtrail-reading-world-{seed}-{contacts}")
    n_companies = max(1, contacts // 20)
    n_persons = contacts - n_companies
    used_domains = {TEAM_DOMAIN} | {s[2] for s in W.SERVICES} | {d for ds in W.FREE_MAIL.values() for d in ds}
    used_emails = {m.login for m in MAILBOXES} | {u.email for u in TEAM}
    orgs = []
    for i in range(2 * n_companies):
        lang = _pick_lang(rng)
        name = _org_name(rng, lang)
        base = ascii_slug(name.split(" Sp.")[0].split(" GmbH")[0]).lower().replace(".", "")[:24] or f"firma{i}"
        domain = base + rng.choice(W.TLDS[lang])
        while domain in used_domains:
            domain = f"{base}{rng.randint(2, 999)}{rng.choice(W.TLDS[lang])}"
        used_domains.add(domain)
        orgs.append(Org(f"c{i}", name, domain, lang, known=i % 2 == 0))
    known_orgs = [o for o in orgs if o.known]
    known, domain_people, unknown = [], [], []
    for i in range(n_persons):
        roll = rng.random()
        if roll < 0.66:  # at a known company
            org = rng.choice(known_orgs)
        elif roll < 0.78:  # a person contact at a company that is not a contact
            org = rng.choice([o for o in orgs if not o.known][:n_companies])
        else:  # on a free-mail domain
            org = None
        known.append(_correspondent(rng, org.lang if org else _pick_lang(rng), org, True, used_emails))
    for i in range(n_persons * 3 // 10):  # colleagues at known companies: matched by domain only
        org = rng.choice(known_orgs)
        domain_people.append(_correspondent(rng, org.lang, org, False, used_emails))
    unknown_orgs = [o for o in orgs if not o.known]
    for i in range(n_persons // 2):  # strangers: at unknown companies or on free mail
        org = rng.choice(unknown_orgs) if rng.random() < 0.6 else None
        unknown.append(_correspondent(rng, org.lang if org else _pick_lang(rng), org, False, used_emails))
    # The two special persons: at a company that is no contact (so no domain links), Polish.
    hurtownia = Org("big-org", "Hurtownia Żuraw Sp. z o.o.", "hurtownia-zuraw.pl", "pl", False)
    big = Correspondent("Katarzyna", "Wiśniewska-Żak", "katarzyna.wisniewska@hurtownia-zuraw.pl", "pl", hurtownia,
                        "Kierownik ds. zakupów", "601 234 567", False, "outlook")
    small = Correspondent("Zbigniew", "Łuczak", "zbigniew.luczak@wp.pl", "pl", None, "Właściciel", "602 345 678",
                          False, "webmail")
    return World(orgs, known, domain_people, unknown, big, small, known_orgs)


# --------------------------------------------------------------------------- messages

@dataclass
class Thread:
    subject: str
    message_id: str
    refs: list[str]
    text: str
    date: datetime


@dataclass
class Planned:
    """One generated message: its ParsedMessage and the mailboxes (key, folder role) holding it."""

    parsed: object  # webapp.services.parsed.ParsedMessage
    holders: list[tuple[str, str]]  # [(mailbox key, "inbox" | "sent")]


class MailGenerator:
    """Yields `count` messages in date order; all randomness from one seeded RNG."""

    def __init__(self, world: World, count: int, seed: int, big: int):
        from webapp.services.addresses import canonicalize, domain_of
        from webapp.services.parsed import ParsedMessage

        self.world, self.count = world, count
        self._canonicalize, self._domain_of, self._parsed = canonicalize, domain_of, ParsedMessage
        self.rng = random.Random(f"mailtrail-reading-mail-{seed}-{count}")
        special = self.rng.sample(range(count), min(count, big + SMALL_CONTACT_EMAILS))
        self.big_at, self.small_at = set(special[:big]), set(special[big:])
        self.start, self.step = END - SPAN, SPAN / max(count, 1)
        # Some correspondents write far more than others (a Pareto tail), as in a real mailbox.
        self.known_cum = list(accumulate(self.rng.paretovariate(1.3) for _ in world.known_people))
        self.unknown_cum = list(accumulate(self.rng.paretovariate(1.3) for _ in world.unknown_people))
        self.box_cum = list(accumulate(m.weight for m in MAILBOXES))
        self.threads: dict[str, Thread] = {}
        self.addresses: dict[str, tuple[str | None, str | None]] = {}
        self.team_by_key = {u.key: u for u in TEAM}

    # ----- small helpers

    def _weighted(self, people: list, cum: list[float]):
        return people[bisect.bisect_left(cum, self.rng.random() * cum[-1])]

    def _mailbox(self) -> Mailbox:
        return MAILBOXES[bisect.bisect_left(self.box_cum, self.rng.random() * self.box_cum[-1])]

    def _row(self, role: str, name: str, address: str) -> tuple:
        known = self.addresses.get(address)
        if known is None:
            canonical = self._canonicalize(address)
            known = self.addresses[address] = (canonical, self._domain_of(canonical) if canonical else None)
        return (role, name, address, *known)

    def _paragraphs(self, lang: str, fields: dict, count: int) -> str:
        r = self.rng
        out = []
        for _ in range(count):
            sentences = [r.choice(W.SENTENCES[lang]) for _ in range(r.randint(1, 4))]
            if lang == "pl" and r.random() < TURTLE_SHARE:
                sentences.insert(r.randint(0, len(sentences)), r.choice(TURTLE_SENTENCES))
            out.append(" ".join(sentences).format_map(fields))
        return "\n\n".join(out)

    def _signature(self, name: str, title: str, org: Org | None, phone: str, lang: str, fields: dict) -> str:
        lines = [name, title]
        if org:
            lines += [org.name, f"tel. +48 {phone}" if lang == "pl" else f"tel. {phone}", f"www.{org.domain}"]
        signature = "\n".join(lines)
        if org and self.rng.random() < 0.4:
            signature += "\n\n" + W.DISCLAIMERS[lang].format_map({**fields, "company": org.name})
        return signature

    def _html(self, text: str, mailer: str) -> str:
        paragraphs = [p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>\n")
                      for p in text.split("\n\n")]
        if mailer == "outlook":
            body = "\n".join(f'<p class="MsoNormal"><span lang="PL" style="font-size:11.0pt;font-family:'
                             f'&quot;Calibri&quot;,sans-serif">{p}<o:p></o:p></span></p>' for p in paragraphs)
            return (f'<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" '
                    f'content="text/html; charset=utf-8">{OUTLOOK_STYLE}</head><body lang="PL" link="#0563C1">'
                    f'<div class="WordSection1">\n{body}\n</div></body></html>\n')
        if mailer == "gmail":
            return '<div dir="ltr">' + "<div><br></div>".join(f"<div>{p}</div>" for p in paragraphs) + "</div>\n"
        return "<html><body>" + "".join(f"<div>{p}</div><div><br></div>" for p in paragraphs) + "</body></html>\n"

    def _newsletter(self, lang: str, fields: dict, domain: str) -> str:
        r = self.rng
        rows = []
        for _ in range(r.randint(4, 14)):
            token = f"{r.getrandbits(96):024x}"
            rows.append(f'<tr><td style="padding:12px 24px;font-family:Arial,sans-serif;font-size:14px">'
                        f'<a href="https://click.{domain}/ls/click?upn={token}&amp;utm_source=newsletter">'
                        f'<img src="https://img.{domain}/p/{token[:12]}.jpg" width="120" height="90" alt=""></a>'
                        f'<h3>{r.choice(W.PRODUCTS[lang]).capitalize()} – {r.randint(9, 999)},99</h3>'
                        f'<p>{r.choice(W.SENTENCES[lang]).format_map(fields)}</p></td></tr>')
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{{margin:0}}</style></head><body>'
                f'<table width="600" align="center">{"".join(rows)}<tr><td style="font-size:11px">'
                f'<a href="https://{domain}/unsubscribe?u={r.getrandbits(64):016x}">Wypisz się / Unsubscribe</a>'
                f'</td></tr></table></body></html>')

    def _attachments(self, lang: str, fields: dict, first_part: int) -> list[dict]:
        r = self.rng
        out = []
        for i in range(r.choices([1, 2, 3], weights=[70, 22, 8])[0]):
            filename = r.choice(W.ATTACHMENT_NAMES[lang]).format_map(fields)
            extension = filename.rsplit(".", 1)[-1]
            out.append({"part": str(first_part + i), "filename": filename,
                        "content_type": EXTENSION_TYPES.get(extension, "application/octet-stream"),
                        "size": int(r.lognormvariate(11.5, 1.2)), "content_id": "", "encoding": "base64",
                        "is_inline": False})
        return out

    # ----- one message

    def _team_pair(self, box: Mailbox) -> tuple[str, str]:
        owner = self.team_by_key[box.owner]
        return owner.name, box.login

    def _person_message(self, i: int, date: datetime, person: Correspondent, box: Mailbox) -> Planned:
        r = self.rng
        lang = person.lang
        owner_name, owner_address = self._team_pair(box)
        outgoing = r.random() < 0.35
        thread = self.threads.get(person.email)
        reply = thread is not None and r.random() < 0.4
        fields = mail_fields(self.rng, lang, date, person.first if outgoing else owner_name.split()[0])
        if reply:
            prefix = r.choice(W.REPLY_PREFIX[lang])
            subject = thread.subject if thread.subject.startswith(prefix) else prefix + thread.subject
        else:
            subject = r.choice(W.SUBJECTS[lang]).format_map(fields)
        greeting = r.choice(W.GREETINGS[lang]).format_map(fields)
        body = self._paragraphs(lang, fields, r.choices([1, 2, 3, 4], weights=[30, 35, 25, 10])[0])
        if outgoing:
            signature = f"{owner_name}\nPerf Sp. z o.o.\ntel. +48 22 123 45 67"
            sender, mailer = (owner_name, owner_address), "thunderbird"
        else:
            signature = self._signature(person.name, person.title, person.org, person.phone, lang, fields)
            sender, mailer = (person.name, person.email), person.mailer
        text = f"{greeting}\n\n{body}\n\n{r.choice(W.CLOSINGS[lang])}\n{signature}\n"
        if reply and r.random() < 0.6:
            quoted = "\n".join("> " + line if line else ">" for line in thread.text[:2500].split("\n"))
            author = person.name if outgoing else owner_name  # the previous message came from the other side
            text += f"\n{thread.date.strftime('%d.%m.%Y %H:%M')}, {author} napisał(a):\n{quoted}\n"
        domain = sender[1].rsplit("@", 1)[1]
        message_id = make_message_id(self.rng, domain, mailer)
        refs = (thread.refs + [thread.message_id])[-20:] if reply else []
        rows = [self._row("from", *sender)]
        rows.append(self._row("to", *((person.name, person.email) if outgoing else (owner_name, owner_address))))
        holders = [(box.key, "sent" if outgoing else "inbox")]
        if r.random() < 0.22:  # copies: a colleague of the correspondent, or someone from the team
            if person.org and person.org.known and r.random() < 0.5 and self.world.domain_people:
                colleague = r.choice(self.world.domain_people)
                rows.append(self._row("cc", colleague.name, colleague.email))
            else:
                other = r.choice(MAILBOXES[:5])
                if other.key != box.key:
                    rows.append(self._row("cc", self.team_by_key[other.owner].name, other.login))
                    holders.append((other.key, "inbox"))
        html_only = not outgoing and mailer == "apple" and r.random() < 0.2
        with_html = mailer in ("outlook", "gmail", "apple")
        attachments = self._attachments(lang, fields, 3 if with_html else 2) if r.random() < 0.11 else []
        parsed = self._parsed(
            uid=0, key=message_id, message_id_header=message_id, subject=subject, date=date,
            in_reply_to=thread.message_id if reply else "", references=" ".join(refs),
            thread_key=(refs[0] if refs else message_id)[:255], addresses=rows,
            size=0, truncated=False, attachments=attachments,
            body_text="" if html_only else text, body_html=self._html(text, mailer) if with_html else "")
        parsed.size = 1800 + len(parsed.body_text) + len(parsed.body_html) + sum(a["size"] for a in attachments) * 4 // 3
        self.threads[person.email] = Thread(subject, message_id, refs, text, date)
        return Planned(parsed, holders)

    def _service_message(self, date: datetime, box: Mailbox) -> Planned:
        r = self.rng
        name, local, domain, lang = r.choice(W.SERVICES)
        fields = mail_fields(self.rng, lang, date, "")
        message_id = make_message_id(self.rng, domain, "newsletter")
        owner_name, owner_address = self._team_pair(box)
        parsed = self._parsed(
            uid=0, key=message_id, message_id_header=message_id,
            subject=r.choice(W.NEWSLETTER_SUBJECTS[lang]).format_map(fields), date=date, in_reply_to="",
            references="", thread_key=message_id,
            addresses=[self._row("from", name, f"{local}@{domain}"), self._row("to", owner_name, owner_address)],
            size=0, truncated=False, body_html=self._newsletter(lang, fields, domain))
        parsed.size = 2500 + len(parsed.body_html)
        return Planned(parsed, [(box.key, "inbox")])

    def _internal_message(self, date: datetime, box: Mailbox) -> Planned:
        r = self.rng
        sender = r.choice(MAILBOXES[:5])
        if sender.key == box.key:
            sender = MAILBOXES[(MAILBOXES.index(box) + 1) % 5]
        fields = mail_fields(self.rng, "pl", date, self.team_by_key[box.owner].name.split()[0])
        text = (f"{r.choice(W.GREETINGS['pl']).format_map(fields)}\n\n{self._paragraphs('pl', fields, 2)}\n\n"
                f"{r.choice(W.CLOSINGS['pl'])}\n{self.team_by_key[sender.owner].name}\n")
        message_id = make_message_id(self.rng, TEAM_DOMAIN, "thunderbird")
        parsed = self._parsed(
            uid=0, key=message_id, message_id_header=message_id, subject=r.choice(W.SUBJECTS["pl"]).format_map(fields),
            date=date, in_reply_to="", references="", thread_key=message_id,
            addresses=[self._row("from", self.team_by_key[sender.owner].name, sender.login),
                       self._row("to", *self._team_pair(box))],
            size=0, truncated=False, body_text=text)
        parsed.size = 1500 + len(text)
        return Planned(parsed, [(box.key, "inbox"), (sender.key, "sent")])

    def message(self, i: int) -> Planned:
        r = self.rng
        date = self.start + self.step * i + timedelta(seconds=r.randint(0, 3600))
        box = self._mailbox()
        if i in self.big_at:
            return self._person_message(i, date, self.world.big, box)
        if i in self.small_at:
            return self._person_message(i, date, self.world.small, box)
        roll = r.random()
        if roll < 0.60:
            return self._person_message(i, date, self._weighted(self.world.known_people, self.known_cum), box)
        if roll < 0.70 and self.world.domain_people:
            return self._person_message(i, date, r.choice(self.world.domain_people), box)
        if roll < 0.84:
            return self._person_message(i, date, self._weighted(self.world.unknown_people, self.unknown_cum), box)
        if roll < 0.95:
            return self._service_message(date, box)
        return self._internal_message(date, box)

    def batches(self, size: int):
        """Lists of Planned messages, `size` at a time, in date order."""
        batch = []
        for i in range(self.count):
            batch.append(self.message(i))
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch


NOTE_TEXTS = [
    "Rozmowa telefoniczna: klient pyta o rabat przy zamówieniu powyżej {n} sztuk. Oddzwonić w {month}.",
    "Spotkanie w Łodzi – omówiliśmy harmonogram dostaw i warunki płatności. Notatka od {first}.",
    "Klient zgłosił reklamację zamówienia {n}; przekazano do działu jakości.",
    "Call notes: they want a quote for {product} before the end of {month}.",
    "Płatność za fakturę FV/{n}/{year} nadal nieuregulowana – wysłać wezwanie do zapłaty.",
    "Ustalono nowy cennik od {date}; potwierdzenie mailowe do wysłania jutro.",
]


def note_text(rng: random.Random, date: datetime) -> str:
    fields = {"n": rng.randint(100, 9999), "month": W.MONTHS["pl"][date.month - 1], "first": "Marek",
              "product": rng.choice(W.PRODUCTS["en"]), "year": date.year, "date": date.strftime("%d.%m.%Y")}
    return rng.choice(NOTE_TEXTS).format_map(fields)
