"""`flask search QUERY --as EMAIL`: what a user can find, through the same service as the page."""
import json

import click

from ..services.search import search as run_search
from ..services.users import find_by_email


@click.command("search")
@click.argument("query")
@click.option("--as", "as_email", required=True, help="Search as this user (visibility applies).")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def search(query: str, as_email: str, limit: int, as_json: bool) -> None:
    """Search mail and notes as a given user."""
    user = find_by_email(as_email)
    if user is None:
        raise click.ClickException(f"No user with the email {as_email}.")
    hits = run_search(user, query, limit=limit, prefix_last=False)
    rows = [{"kind": h.kind, "id": h.id, "subject": h.subject, "date": h.date.isoformat(),
             "snippet": h.snippet.striptags()} for h in hits]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        click.echo(f"{row['kind']}\t{row['id']}\t{row['date']}\t{row['subject']}\t{row['snippet']}")
