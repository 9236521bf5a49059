"""The mail host policy, as a table: checked on resolved addresses, numeric tricks included."""
import socket

import pytest

from webapp.services.hostpolicy import HostRefused, address_allowed, resolve


@pytest.fixture
def default_policy(app):
    saved = app.config["MAIL_ALLOWED_NETWORKS"]
    app.config["MAIL_ALLOWED_NETWORKS"] = []
    yield
    app.config["MAIL_ALLOWED_NETWORKS"] = saved


@pytest.mark.parametrize("address, allowed", [
    ("127.0.0.1", False), ("127.8.9.10", False), ("::1", False), ("::ffff:127.0.0.1", False),
    ("0.0.0.0", False), ("::", False), ("169.254.169.254", False), ("169.254.10.1", False),
    ("fe80::1", False), ("fd00:ec2::254", False), ("100.100.100.200", False), ("224.0.0.1", False),
    ("192.168.1.10", True), ("10.0.0.5", True), ("172.16.3.4", True), ("fd12:3456::1", True),
    ("8.8.8.8", True), ("2a00:1450:4001:80b::200e", True),
])
def test_address_table(default_policy, address, allowed):
    assert address_allowed(address) is allowed


@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.1", "localhost",
                                  "[::1]", "::1", "::ffff:127.0.0.1", "169.254.169.254", "0251.0376.0251.0376"])
def test_loopback_and_metadata_in_any_spelling_are_refused(default_policy, host):
    with pytest.raises((HostRefused, socket.gaierror)) as caught:
        resolve(host.strip("[]"), 993)
    if host not in ("[::1]",):
        assert caught.type is HostRefused


def test_allowed_networks_widen_the_policy(app, default_policy):
    app.config["MAIL_ALLOWED_NETWORKS"] = ["127.0.0.0/8"]
    assert resolve("127.0.0.1", 993).addresses == ("127.0.0.1",)


def test_ports_are_limited(app):
    with pytest.raises(HostRefused) as caught:
        resolve("192.168.1.10", 8080)
    assert "8080" in str(caught.value)
    for port in (143, 993, 465, 587, 25):
        assert resolve("192.168.1.10", port).port == port


def test_config_reads_the_environment(tmp_path):
    from webapp.config import load_config

    config = load_config(str(tmp_path), {"MAIL_ALLOWED_NETWORKS": "127.0.0.0/8, 10.1.0.0/16",
                                         "MAIL_ALLOW_PLAINTEXT": "1", "MAIL_ALLOWED_PORTS": "993,1143",
                                         "SECRET_KEY": "x"})
    assert config["MAIL_ALLOWED_NETWORKS"] == ["127.0.0.0/8", "10.1.0.0/16"]
    assert config["MAIL_ALLOW_PLAINTEXT"] is True and config["MAIL_ALLOWED_PORTS"] == [993, 1143]
    default = load_config(str(tmp_path), {"SECRET_KEY": "x"})
    assert default["MAIL_ALLOWED_NETWORKS"] == [] and default["MAIL_ALLOW_PLAINTEXT"] is False
