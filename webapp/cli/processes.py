"""The long-running processes: RQ worker and RQ cron scheduler."""
import click
from flask import current_app


@click.command("worker")
@click.option("--burst", is_flag=True, help="Exit when the queues are empty.")
def worker(burst: bool) -> None:
    """Run an RQ worker inside the app context."""
    from jobs.worker import run_worker

    run_worker(burst=burst)


@click.command("cron")
def cron() -> None:
    """Run the RQ cron scheduler with Mailtrail's periodic jobs."""
    from jobs.worker import build_cron

    build_cron(current_app.config).start()
