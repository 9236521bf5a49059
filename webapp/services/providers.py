"""Settings of common mail providers, so that typing an address fills in the servers.

Hosting providers whose servers depend on the customer (home.pl, nazwa.pl) are
matched by their MX records and offered as presets with a hint.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Provider:
    """One provider's IMAP and SMTP endpoints and what the user must know."""

    key: str
    name: str
    imap_host: str
    smtp_host: str
    imap_port: int = 993
    imap_security: str = "ssl"
    smtp_port: int = 465
    smtp_security: str = "ssl"
    domains: tuple[str, ...] = ()
    mx_suffixes: tuple[str, ...] = ()
    hint: str = ""
    needs_app_password: bool = False
    extra: dict = field(default_factory=dict)


APP_PASSWORD = _l("With two-step verification on, this provider needs an app password instead of your "
                  "normal password.")

PROVIDERS: tuple[Provider, ...] = (
    Provider("gmail", "Gmail / Google Workspace", "imap.gmail.com", "smtp.gmail.com",
             domains=("gmail.com", "googlemail.com"), mx_suffixes=("google.com", "googlemail.com"),
             needs_app_password=True,
             hint=_l("Gmail needs an app password (Google Account → Security → App passwords) and IMAP "
                     "enabled in Gmail settings → Forwarding and POP/IMAP.")),
    Provider("outlook", "Outlook.com / Microsoft 365", "outlook.office365.com", "smtp.office365.com",
             smtp_port=587, smtp_security="starttls",
             domains=("outlook.com", "hotmail.com", "live.com", "msn.com", "outlook.pl", "hotmail.pl"),
             mx_suffixes=("mail.protection.outlook.com", "olc.protection.outlook.com"), needs_app_password=True,
             hint=_l("Microsoft accounts with two-step verification need an app password; in Microsoft 365 "
                     "your administrator must allow IMAP and authenticated SMTP for the mailbox.")),
    Provider("yahoo", "Yahoo Mail", "imap.mail.yahoo.com", "smtp.mail.yahoo.com",
             domains=("yahoo.com", "yahoo.pl", "ymail.com", "rocketmail.com"), mx_suffixes=("yahoodns.net",),
             needs_app_password=True,
             hint=_l("Yahoo needs an app password: Account security → Generate app password.")),
    Provider("icloud", "iCloud Mail", "imap.mail.me.com", "smtp.mail.me.com", smtp_port=587,
             smtp_security="starttls", domains=("icloud.com", "me.com", "mac.com"), mx_suffixes=("icloud.com",),
             needs_app_password=True,
             hint=_l("iCloud needs an app-specific password from appleid.apple.com → Sign-In and Security.")),
    Provider("fastmail", "Fastmail", "imap.fastmail.com", "smtp.fastmail.com",
             domains=("fastmail.com", "fastmail.fm"), mx_suffixes=("messagingengine.com",), needs_app_password=True,
             hint=_l("Fastmail needs an app password: Settings → Privacy & Security → App passwords.")),
    Provider("zoho", "Zoho Mail", "imap.zoho.eu", "smtp.zoho.eu", domains=("zoho.com", "zohomail.com", "zoho.eu"),
             mx_suffixes=("zoho.com", "zoho.eu"), needs_app_password=True,
             hint=_l("Enable IMAP access in Zoho Mail settings; with two-factor login use an app-specific "
                     "password. Accounts outside the EU use imap.zoho.com and smtp.zoho.com.")),
    Provider("gmx", "GMX", "imap.gmx.net", "mail.gmx.net", smtp_port=587, smtp_security="starttls",
             domains=("gmx.com", "gmx.net", "gmx.de", "gmx.at", "gmx.ch"), mx_suffixes=("gmx.net", "gmx.com"),
             hint=_l("Allow access by POP3 and IMAP in the GMX settings (E-Mail → POP3 & IMAP) first.")),
    Provider("wp", "WP Poczta", "imap.wp.pl", "smtp.wp.pl", domains=("wp.pl",), mx_suffixes=("wp.pl",),
             hint=_l("In WP Poczta turn on access for mail programs (Ustawienia → Konta pocztowe → POP3/IMAP).")),
    Provider("onet", "Onet Poczta", "imap.poczta.onet.pl", "smtp.poczta.onet.pl",
             domains=("onet.pl", "op.pl", "onet.eu", "vp.pl", "poczta.onet.pl", "onet.com.pl", "spoko.pl",
                      "autograf.pl", "buziaczek.pl", "amorki.pl"), mx_suffixes=("onet.pl",),
             hint=_l("In Onet Poczta turn on access for mail programs (Ustawienia → Aplikacje → IMAP/POP3).")),
    Provider("interia", "Interia Poczta", "poczta.interia.pl", "poczta.interia.pl",
             domains=("interia.pl", "interia.eu", "interia.com", "poczta.fm", "intmail.pl", "pacz.to", "adresik.net",
                      "vip.interia.pl", "ogarnij.se"), mx_suffixes=("interia.pl",),
             hint=_l("In Interia Poczta turn on access for mail programs (Ustawienia → Parametry → "
                     "Programy pocztowe).")),
    Provider("o2", "o2 Poczta", "poczta.o2.pl", "poczta.o2.pl", domains=("o2.pl", "tlen.pl", "go2.pl", "prokonto.pl"),
             mx_suffixes=("o2.pl",),
             hint=_l("In o2 Poczta turn on IMAP access in the settings (Ustawienia → Konto → Dostęp do konta).")),
    Provider("homepl", "home.pl", "imap.home.pl", "smtp.home.pl", mx_suffixes=("home.pl",),
             hint=_l("home.pl: use the full address as login; the server names are in the home.pl panel "
                     "(Poczta → Konfiguracja programu), often serwerNNNN.home.pl.")),
    Provider("ovh", "OVHcloud (MX Plan)", "ssl0.ovh.net", "ssl0.ovh.net", mx_suffixes=("mail.ovh.net", "ovh.net"),
             hint=_l("OVHcloud MX Plan uses ssl0.ovh.net; Exchange plans use the server shown in the OVH panel.")),
    Provider("nazwapl", "nazwa.pl", "poczta.nazwa.pl", "poczta.nazwa.pl", mx_suffixes=("nazwa.pl",),
             hint=_l("nazwa.pl: the server is shown in the nazwa.pl panel (e.g. serverNNNNNN.nazwa.pl); "
                     "the login is the full address.")),
)

_BY_KEY = {p.key: p for p in PROVIDERS}
_BY_DOMAIN = {d: p for p in PROVIDERS for d in p.domains}


def by_key(key: str) -> Provider | None:
    """The provider preset with this key."""
    return _BY_KEY.get(key)


def for_domain(domain: str) -> Provider | None:
    """The provider whose own domain this is (gmail.com → Gmail)."""
    return _BY_DOMAIN.get((domain or "").lower().rstrip("."))


def for_mx_hosts(hosts: list[str]) -> Provider | None:
    """The provider that runs these MX hosts (a company domain hosted at Google, OVH…)."""
    for host in hosts:
        host = host.lower().rstrip(".")
        for provider in PROVIDERS:
            if any(host == s or host.endswith("." + s) for s in provider.mx_suffixes):
                return provider
    return None


def for_host(host: str) -> Provider | None:
    """The provider that runs this IMAP or SMTP host (for its hint after a failure)."""
    host = (host or "").lower()
    return next((p for p in PROVIDERS if host in (p.imap_host, p.smtp_host)), None)


def lookup_mx(domain: str, timeout: float = 2.0) -> list[str]:
    """The domain's MX hosts, or [] when DNS does not answer quickly."""
    import dns.exception
    import dns.resolver

    try:
        answer = dns.resolver.resolve(domain, "MX", lifetime=timeout)
    except (dns.exception.DNSException, OSError):
        return []
    return [str(r.exchange) for r in sorted(answer, key=lambda r: r.preference)]


def detect(address: str, use_dns: bool = True) -> Provider | None:
    """The provider for a mail address: by its domain, else by the domain's MX records."""
    domain = address.rsplit("@", 1)[-1].strip().lower() if "@" in (address or "") else ""
    if not domain:
        return None
    return for_domain(domain) or (for_mx_hosts(lookup_mx(domain)) if use_dns else None)
