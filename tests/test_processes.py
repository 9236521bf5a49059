"""The worker and cron processes that `make run` starts, as Flask CLI commands."""
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from rq import Queue
from sqlalchemy import func, select

from jobs import DEFAULT_QUEUE
from jobs.worker import build_cron
from webapp.extensions import db
from webapp.models import UserSession
from webapp.models.types import utcnow

ROOT = Path(__file__).resolve().parents[1]


def flask_cli(app, *args, timeout=60):
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], REDIS_URL=app.config["REDIS_URL"],
               SECRET_KEY=app.config["SECRET_KEY"])
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_worker_command_runs_queued_jobs(app, redis_conn, make_user):
    user = make_user()
    db.session.add(UserSession(user_id=user.id, token_hash="old", created_at=utcnow() - timedelta(days=60)))
    db.session.add(UserSession(user_id=user.id, token_hash="new"))
    db.session.commit()
    Queue(DEFAULT_QUEUE, connection=redis_conn).enqueue("jobs.maintenance.purge_sessions")
    result = flask_cli(app, "worker", "--burst")
    assert result.returncode == 0, result.stderr
    db.session.commit()
    assert db.session.scalars(select(UserSession.token_hash)).all() == ["new"]


def test_jobs_run_at_a_lower_cpu_priority_than_the_web(app, redis_conn):
    job = Queue(DEFAULT_QUEUE, connection=redis_conn).enqueue("os.nice", 0)  # returns the job's niceness
    result = flask_cli(app, "worker", "--burst")
    assert result.returncode == 0, result.stderr
    assert job.return_value() == min(os.nice(0) + app.config["WORKER_NICE"], 19)
    assert app.config["WORKER_NICE"] > 0


def test_jobs_run_in_a_session_of_their_own_whose_autogroup_is_niced(app, redis_conn):
    # Linux shares the CPU between sessions (autogroups) before it looks at nice values, so a
    # niced job in the web server's session or a session shared with others would not yield.
    queue = Queue(DEFAULT_QUEUE, connection=redis_conn)
    session = queue.enqueue("os.getsid", 0)  # the worker itself runs in this test's session
    autogroup = queue.enqueue("linecache.getline", "/proc/self/autogroup", 1)
    result = flask_cli(app, "worker", "--burst")
    assert result.returncode == 0, result.stderr
    assert session.return_value() != os.getsid(0)
    if Path("/proc/self/autogroup").exists():
        assert autogroup.return_value().strip().endswith(f"nice {min(app.config['WORKER_NICE'], 19)}")


def test_cron_registers_every_periodic_job(app):
    from jobs.schedule import periodic_jobs

    scheduler = build_cron(app.config)
    assert {job.func_name for job in scheduler.get_jobs()} == {p.func for p in periodic_jobs(app.config)}


def test_db_upgrade_command_is_idempotent(app):
    result = flask_cli(app, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0
