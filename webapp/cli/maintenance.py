"""`flask rematch` and `flask keys …`."""
import click
from sqlalchemy import select

from ..database import writing
from ..extensions import db
from ..models import MailAccount
from ..services import audit, crypto
from ..services.crypto import SecretUnavailable


@click.command("rematch")
def rematch() -> None:
    """Link unassigned mail to contacts now (the daily job does the same)."""
    from ..services.matching import rematch_unassigned

    with writing():
        linked = rematch_unassigned()
    click.echo(f"{linked} links made.")


@click.group("keys")
def keys() -> None:
    """Encryption keys of stored mail passwords."""


@keys.command("generate")
def generate() -> None:
    """Print a new key (for MAILTRAIL_KEYS)."""
    from cryptography.fernet import Fernet

    click.echo(Fernet.generate_key().decode())


@keys.command("rotate")
def rotate() -> None:
    """Re-encrypt every stored password under a new key.

    With keys in instance/fernet.key: a new key is generated, all passwords are
    re-encrypted, and the file keeps only the new key. With MAILTRAIL_KEYS: put the
    new key first (keep the old ones after it), run this, then drop the old ones.
    """
    from cryptography.fernet import Fernet

    file_mode = crypto.uses_key_file()
    if file_mode:
        old = crypto.keys()
        crypto.write_key_file([Fernet.generate_key().decode()] + old)
    unreadable = []
    with writing():
        for account in db.session.scalars(select(MailAccount)):
            try:
                account.password_enc = crypto.rotate_token(account.password_enc)
                if account.smtp_password_enc:
                    account.smtp_password_enc = crypto.rotate_token(account.smtp_password_enc)
            except SecretUnavailable:
                unreadable.append(account.login)
    with writing():
        audit.record("keys.rotated", details={"accounts": "all", "unreadable": len(unreadable)},
                     actor_email="(command line)")
    if file_mode:
        crypto.write_key_file(crypto.keys()[:1])
        click.echo("All passwords now use a new key; instance/fernet.key holds only that key.")
    else:
        click.echo("All passwords now use the first key of MAILTRAIL_KEYS; you may remove the others.")
    for login in unreadable:
        click.echo(f"{login}: the stored password could not be read; enter it again in the account settings.",
                   err=True)
