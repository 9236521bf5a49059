"""Assigning messages to contacts: set-based SQL on the canonical address index.

A message goes to every person and company that has one of its From, To or Cc
addresses, and to every company whose domain one of those addresses is at
(free-mail domains never count). The team's own addresses never match. Each link
records why: `address` or `domain`.
"""
from __future__ import annotations

from sqlalchemy import bindparam, select, text

from ..extensions import db
from ..models import Company, MailAccount, Person, User
from .addresses import canonicalize

# Domains where anyone can open a mailbox: an address there says nothing about a company.
FREE_MAIL_DOMAINS = frozenset("""
gmail.com googlemail.com outlook.com hotmail.com live.com msn.com yahoo.com ymail.com icloud.com me.com mac.com
aol.com gmx.com gmx.net gmx.de web.de proton.me protonmail.com pm.me zoho.com zohomail.com yandex.com yandex.ru
mail.ru fastmail.com hey.com tutanota.com tuta.io mail.com
wp.pl onet.pl op.pl vp.pl onet.eu poczta.onet.pl interia.pl interia.eu poczta.fm o2.pl tlen.pl go2.pl
gazeta.pl autograf.pl buziaczek.pl spoko.pl int.pl
""".split())

_ADDRESS_LINKS = """
INSERT INTO message_links (message_id, person_id, company_id, reason, matched, message_date)
SELECT ma.message_id, ce.person_id, ce.company_id, 'address', ma.canonical, m.date
FROM message_addresses ma
JOIN contact_emails ce ON ce.canonical = ma.canonical
JOIN messages m ON m.id = ma.message_id
WHERE ma.role IN ('from', 'to', 'cc') AND ma.canonical NOT IN :team AND {scope}
ON CONFLICT DO NOTHING
"""
_DOMAIN_LINKS = """
INSERT INTO message_links (message_id, company_id, reason, matched, message_date)
SELECT ma.message_id, cd.company_id, 'domain', ma.canonical, m.date
FROM message_addresses ma
JOIN company_domains cd ON cd.domain = ma.domain
JOIN messages m ON m.id = ma.message_id
WHERE ma.role IN ('from', 'to', 'cc') AND ma.canonical NOT IN :team AND ma.domain NOT IN :free AND {scope}
ON CONFLICT DO NOTHING
"""


def team_addresses() -> list[str]:
    """Canonical addresses of every connected mailbox and every user: never a contact match."""
    raw = set(db.session.scalars(select(MailAccount.address))) | set(db.session.scalars(select(User.email)))
    found = {canonicalize(a) for a in raw} - {None}
    return sorted(found) or ["-"]


def _run(scope: str, params: dict, team: frozenset[str] | None = None) -> int:
    common = {"team": sorted(team) if team else team_addresses(), "free": sorted(FREE_MAIL_DOMAINS)}
    inserted = 0
    values = {**common, **params}
    for template in (_ADDRESS_LINKS, _DOMAIN_LINKS):
        sql = template.format(scope=scope)
        used = {name: value for name, value in values.items() if f":{name}" in sql}
        statement = text(sql).bindparams(*[bindparam(name, expanding=True) for name in used])
        inserted += db.session.execute(statement, used).rowcount or 0
    return inserted


def link_messages(message_ids: list[int], team: frozenset[str] | None = None) -> int:
    """Link freshly stored messages to their contacts; returns the number of links made.

    `team` is `team_addresses()` when the caller (a sync, once per run) has it already.
    """
    if not message_ids:
        return 0
    return _run("ma.message_id IN :ids", {"ids": list(message_ids)}, team)


def link_contact(contact: Person | Company) -> int:
    """Link stored mail to a contact that just gained an address or a domain."""
    addresses = [e.canonical for e in contact.emails] or ["-"]
    scope = "ma.canonical IN :addresses"
    params: dict = {"addresses": addresses}
    if isinstance(contact, Company):
        domains = [d.domain for d in contact.domains] or ["-"]
        scope = "(ma.canonical IN :addresses OR ma.domain IN :domains)"
        params["domains"] = domains
    return _run(scope, params)


def rematch_unassigned() -> int:
    """Link every message that has no contact yet (the daily job, and after a big import)."""
    return _run("NOT EXISTS (SELECT 1 FROM message_links l WHERE l.message_id = ma.message_id)", {})
