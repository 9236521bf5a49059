"""Passwords at rest: encrypted, never shown, rotatable; a lost key asks for the password again."""
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import MailAccount
from webapp.services import crypto
from webapp.services.crypto import SecretUnavailable
from webapp.services.sync import sync_account


def test_two_encryptions_differ_and_both_decrypt():
    first, second = crypto.encrypt("hasło-żółw"), crypto.encrypt("hasło-żółw")
    assert first != second
    assert crypto.decrypt(first) == crypto.decrypt(second) == "hasło-żółw"


def test_a_tampered_token_is_refused():
    token = crypto.encrypt("secret")
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(SecretUnavailable):
        crypto.decrypt(tampered)


def test_the_database_holds_no_password_in_plain_text(app, mail_server, make_user, make_account):
    password = "Canary-Pass-7f3a9"
    account = make_account(make_user(), password=password)
    db.session.commit()
    stored = db.session.scalar(select(MailAccount.password_enc).where(MailAccount.id == account.id))
    assert password not in stored
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
        for suffix in ("", "-wal"):
            try:
                with open(path + suffix, "rb") as handle:
                    data = handle.read()
            except FileNotFoundError:
                continue
            assert password.encode() not in data


def test_key_rotation_keeps_every_account_working(app, runner, mail_server, make_user, make_account):
    account = make_account(make_user())
    db.session.commit()
    old_keys = crypto.keys()
    result = runner.invoke(args=["keys", "rotate"])
    assert result.exit_code == 0, result.output
    new_keys = crypto.keys()
    assert len(new_keys) == 1 and new_keys[0] not in old_keys
    db.session.expire_all()
    assert crypto.decrypt(db.session.get(MailAccount, account.id).password_enc) == "secret-pass"
    assert sync_account(account.id).status == "ok"


def test_a_lost_key_marks_the_account_for_a_new_password(app, mail_server, make_user, make_account):
    account = make_account(make_user())
    db.session.commit()
    app.config["ENCRYPTION_KEYS"] = [Fernet.generate_key().decode()]
    try:
        run = sync_account(account.id)
    finally:
        app.config["ENCRYPTION_KEYS"] = []
    db.session.refresh(account)
    assert run.status == "failed" and run.error_kind == "key"
    assert account.status == "reauth" and account.failure_count == 0
