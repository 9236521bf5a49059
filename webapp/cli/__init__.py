"""Flask CLI commands: `flask --app wsgi <command>`."""
from flask import Flask


def register(app: Flask) -> None:
    """Attach every command group to the app."""
    from . import accounts, contacts, maintenance, processes, search, users

    for command in (users.users, contacts.contacts, accounts.accounts, processes.worker, processes.cron,
                    maintenance.rematch, maintenance.keys, search.search):
        app.cli.add_command(command)
