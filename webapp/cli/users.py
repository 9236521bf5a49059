"""`flask users …`: create and list users."""
import sys

import click
from sqlalchemy import func, select

from ..extensions import db
from ..models import ROLES, User
from ..services import users as user_service
from ..services.auth import generate_password
from ..services.errors import ValidationError


@click.group("users")
def users() -> None:
    """Manage users."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice(ROLES), default="user", show_default=True)
@click.option("--manager", "manager_email", help="Email of the user's supervisor.")
@click.option("--name", default="")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create(email: str, role: str, manager_email: str | None, name: str, password_stdin: bool) -> None:
    """Create a user; prints a generated password when none is given."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else generate_password()
    supervisor_id = None
    if manager_email:
        manager = user_service.find_by_email(manager_email)
        if manager is None:
            raise click.ClickException(f"No user with the email {manager_email}.")
        supervisor_id = manager.id
    try:
        user = user_service.create_user(email, password, role=role, name=name, supervisor_id=supervisor_id)
    except ValidationError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")
    if not password_stdin:
        click.echo(f"Password: {password}")


@users.command("list")
def list_users() -> None:
    """Print one line per user: id, email, role, supervisor, status."""
    for user in db.session.scalars(select(User).order_by(User.id)):
        supervisor = user.supervisor.email if user.supervisor else "-"
        status = "active" if user.active else "deactivated"
        click.echo(f"{user.id}\t{user.email}\t{user.role}\t{supervisor}\t{status}")


@users.command("ensure-admin")
@click.option("--email", default="admin@example.com", show_default=True)
def ensure_admin(email: str) -> None:
    """Create the first admin when there are no users at all; prints its password once."""
    if db.session.scalar(select(func.count()).select_from(User)):
        return
    password = generate_password()
    user_service.create_user(email, password, role="admin", name="Admin")
    db.session.commit()
    click.echo(f"First admin created. Log in as {email} with the password {password}")
    click.echo("This password is shown only once; change it under Settings.")
