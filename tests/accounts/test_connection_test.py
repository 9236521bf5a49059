"""Saving an account tests the connection and names every failure in plain words."""
import time

import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import MailAccount
from webapp.services.accounts import AccountInput, save_account
from webapp.services.errors import ValidationError
from webapp.services.mailerrors import MailError


def attempt(owner, login, password="secret-pass", host="localhost", port=None, security="plain", **extra):
    return save_account(None, AccountInput(login=login, password=password, imap_host=host, imap_port=port,
                                           imap_security=security, **extra), owner)


def accounts_count():
    return db.session.scalar(select(func.count()).select_from(MailAccount))


def test_right_credentials_save_the_account(mail_server, make_user):
    owner = make_user()
    login = mail_server.add_user()
    account = attempt(owner, login, port=mail_server.imap_port)
    assert account.id and account.status == "new" and account.owner_id == owner.id


def test_imaps_and_starttls_verify_the_certificate(mail_server, make_user):
    owner = make_user()
    assert attempt(owner, mail_server.add_user(), port=mail_server.imaps_port, security="ssl")
    assert attempt(owner, mail_server.add_user(), port=mail_server.imap_port, security="starttls")


def test_wrong_password(mail_server, make_user):
    with pytest.raises(MailError) as caught:
        attempt(make_user(), mail_server.add_user(), password="not it", port=mail_server.imap_port)
    assert caught.value.kind == "auth" and caught.value.message == "Wrong login or password."
    assert "AUTHENTICATIONFAILED" in caught.value.detail
    assert accounts_count() == 0


def test_wrong_password_for_gmail_shows_the_app_password_hint(mail_server, make_user):
    login = mail_server.add_user("someone@gmail.com", password="the real one")
    with pytest.raises(MailError) as caught:
        attempt(make_user(), login, password="x", port=mail_server.imap_port)
    assert caught.value.kind == "auth" and "app password" in caught.value.hint


def test_imap_not_enabled(mail_server, make_user):
    login = mail_server.add_user(extra="nologin reason=IMAP-access-is-disabled-for-this-mailbox")
    with pytest.raises(MailError) as caught:
        attempt(make_user(), login, port=mail_server.imap_port)
    assert caught.value.kind == "imap_disabled" and "IMAP access is not enabled" in caught.value.message


def test_closed_port(make_user, closed_port):
    with pytest.raises(MailError) as caught:
        attempt(make_user(), "a@mail.example.com", port=closed_port)
    assert caught.value.kind == "refused" and "refused the connection" in caught.value.message


def test_name_that_does_not_resolve(make_user):
    with pytest.raises(MailError) as caught:
        attempt(make_user(), "a@mail.example.com", host="imap.nonexistent.invalid", port=993, security="ssl")
    assert caught.value.kind == "dns" and "was not found" in caught.value.message


def test_stalled_server_times_out_within_the_limit(app, make_user, stalled_server):
    started = time.monotonic()
    with pytest.raises(MailError) as caught:
        attempt(make_user(), "a@mail.example.com", port=stalled_server.port)
    elapsed = time.monotonic() - started
    assert caught.value.kind == "timeout" and "did not answer within" in caught.value.message
    assert elapsed < app.config["MAIL_TIMEOUT"] + 3  # the deadline, plus scheduling slack on a busy machine


def test_untrusted_certificate(make_user, untrusted_tls_server):
    with pytest.raises(MailError) as caught:
        attempt(make_user(), "a@mail.example.com", port=untrusted_tls_server.port, security="ssl")
    assert caught.value.kind == "tls" and "could not be verified" in caught.value.message


def test_smtp_login_is_tested_when_sending_is_on(mail_server, smtp, make_user):
    owner = make_user()
    login = mail_server.add_user()
    smtp.add_user(login, "secret-pass")
    assert attempt(owner, login, port=mail_server.imap_port, sending_enabled=True, smtp_host="localhost",
                   smtp_port=smtp.port, smtp_security="starttls")
    other = mail_server.add_user(password="imap-only")
    with pytest.raises(MailError) as caught:
        attempt(owner, other, password="imap-only", port=mail_server.imap_port, sending_enabled=True,
                smtp_host="localhost", smtp_port=smtp.ssl_port, smtp_security="ssl")
    assert caught.value.kind == "smtp_auth" and "SMTP" in caught.value.message


def test_plaintext_needs_the_setting(app, mail_server, make_user):
    app.config["MAIL_ALLOW_PLAINTEXT"] = False
    try:
        with pytest.raises(ValidationError):
            attempt(make_user(), mail_server.add_user(), port=mail_server.imap_port)
    finally:
        app.config["MAIL_ALLOW_PLAINTEXT"] = True


def test_at_most_three_accounts_and_no_duplicate_login(mail_server, make_user):
    owner = make_user()
    logins = [mail_server.add_user() for _ in range(4)]
    for login in logins[:3]:
        attempt(owner, login, port=mail_server.imap_port)
    with pytest.raises(ValidationError) as too_many:
        attempt(owner, logins[3], port=mail_server.imap_port)
    assert "at most 3" in too_many.value.message
    other = make_user()
    attempt(other, logins[0], port=mail_server.imap_port)  # another user may connect the same mailbox
    with pytest.raises(ValidationError) as twice:
        attempt(other, logins[0].upper(), port=mail_server.imap_port)
    assert "already connected" in twice.value.message
