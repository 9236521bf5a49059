"""Sending fixtures: a user with a sending account on the test Dovecot + SMTP server."""
import email
from email import policy

import pytest


@pytest.fixture
def sender(mail_server, smtp, make_user, make_account, make_person):
    """(user, account, contact): the account sends through the test SMTP server with STARTTLS."""
    user = make_user(email="ola@example.com", name="Ola Sprzedawca")
    account = make_account(user, sending_enabled=True, smtp_host="localhost", smtp_port=smtp.port,
                           smtp_security="starttls", smtp_same_login=True, is_default_sender=True)
    smtp.add_user(account.login, "secret-pass")
    mail_server.create_folder(account.login, "Sent")
    contact = make_person(first_name="Karol", last_name="Klient", emails=["karol@klient.example"])
    return user, account, contact


def parsed(received):
    """The email the SMTP server received, parsed."""
    return email.message_from_bytes(received.data, policy=policy.default)
