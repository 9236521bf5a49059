"""The app context a job runs in."""
from __future__ import annotations

from contextlib import contextmanager

from flask import has_app_context


@contextmanager
def app_context():
    """Reuse the current app context (worker command, synchronous queue), or build the app."""
    if has_app_context():
        yield
        return
    from webapp import create_app

    with create_app().app_context():
        yield
