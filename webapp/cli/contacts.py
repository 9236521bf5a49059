"""`flask contacts …`: import contacts from CSV."""
import click

from ..extensions import db
from ..services.csv_import import import_csv


@click.group("contacts")
def contacts() -> None:
    """Manage contacts."""


@contacts.command("import")
@click.argument("file", type=click.File("rb"))
def import_file(file) -> None:
    """Import persons and companies from a CSV file (kind,name,first_name,last_name,company,emails,domains)."""
    result = import_csv(file.read())
    db.session.commit()
    click.echo(f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}, "
               f"rejected {len(result.errors)}")
    for line, reason in result.errors:
        click.echo(f"line {line}: {reason}", err=True)
    if result.errors:
        raise SystemExit(1)
