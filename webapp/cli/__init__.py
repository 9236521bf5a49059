"""Flask CLI commands: `flask --app wsgi <command>`."""
from flask import Flask


def register(app: Flask) -> None:
    """Attach every command group to the app."""
    from . import contacts, processes, users

    for command in (users.users, contacts.contacts, processes.worker, processes.cron):
        app.cli.add_command(command)
