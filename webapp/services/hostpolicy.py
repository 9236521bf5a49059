"""Which mail servers Mailtrail may connect to (a guard against server-side request forgery).

Checked on the addresses a name resolves to, so numeric tricks (`2130706433`,
`0x7f000001`, `127.1`, `::ffff:127.0.0.1`) are caught like a plain 127.0.0.1.
By default: loopback, link-local, unspecified, multicast and cloud metadata
addresses are refused, private LAN ranges are allowed, and only the usual mail
ports. MAIL_ALLOWED_NETWORKS adds networks (e.g. 127.0.0.0/8 for a local test
server); MAIL_ALLOWED_PORTS replaces the port list.
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

# Cloud instance-metadata endpoints (AWS, GCP, Azure, OpenStack, Alibaba, Oracle, AWS IPv6).
METADATA_ADDRESSES = {ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "100.100.100.200", "192.0.0.192", "fd00:ec2::254")}


class HostRefused(Exception):
    """The host or port is not allowed by the mail host policy (message is user-facing)."""


@dataclass(frozen=True)
class Endpoint:
    """A host name and the checked addresses to connect to (the connection is pinned to them)."""

    host: str
    port: int
    addresses: tuple[str, ...]


def _allowed_networks() -> list[ipaddress._BaseNetwork]:
    networks = []
    for item in current_app.config["MAIL_ALLOWED_NETWORKS"]:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            current_app.logger.warning("ignoring malformed MAIL_ALLOWED_NETWORKS entry %s", item)
    return networks


def address_allowed(address: str) -> bool:
    """True when the policy lets Mailtrail connect to this IP address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in network for network in _allowed_networks()):
        return True
    if ip in METADATA_ADDRESSES:
        return False
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast or ip.is_reserved)


def check_port(port: int) -> None:
    """Refuse ports outside MAIL_ALLOWED_PORTS."""
    allowed = current_app.config["MAIL_ALLOWED_PORTS"]
    if port not in allowed:
        raise HostRefused(_("Port %(port)d is not allowed for mail servers here (allowed: %(ports)s).",
                            port=port, ports=", ".join(map(str, allowed))))


def resolve(host: str, port: int) -> Endpoint:
    """Resolve `host` and check every address; raise HostRefused or socket.gaierror."""
    check_port(port)
    host = (host or "").strip().rstrip(".")
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = tuple(dict.fromkeys(info[4][0] for info in infos))
    refused = [a for a in addresses if not address_allowed(a)]
    if refused:
        # One bad address is enough: DNS answers can be chosen by whoever controls the name.
        raise HostRefused(_("Mailtrail may not connect to %(host)s (%(address)s): loopback, link-local and "
                            "cloud metadata addresses are refused by the mail host policy.",
                            host=host, address=refused[0]))
    return Endpoint(host, port, addresses)
