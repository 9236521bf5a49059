"""Mailtrail: a self-hosted, small-team CRM whose heart is the mailbox."""
from __future__ import annotations

import logging
import os

from flask import Flask

from .config import load_config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Flask app: config, extensions, blueprints, CLI commands."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=os.environ.get("MAILTRAIL_INSTANCE") or os.path.join(root, "instance"),
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(load_config(app.instance_path))
    if test_config:
        app.config.update(test_config)

    from . import database, errors, i18n, security, sessions
    from .extensions import csrf, db, login_manager, migrate

    logging.getLogger("mailtrail").setLevel(app.config["LOG_LEVEL"])
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(root, "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    sessions.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    _register_cli(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from .accounts import bp as accounts_bp
    from .admin import bp as admin_bp
    from .compose import bp as compose_bp
    from .auth import bp as auth_bp
    from .contacts import bp as contacts_bp
    from .mail import bp as mail_bp
    from .search import bp as search_bp
    from .main import bp as main_bp
    from .settings import bp as settings_bp

    for blueprint in (main_bp, auth_bp, admin_bp, contacts_bp, settings_bp, accounts_bp, mail_bp, search_bp, compose_bp):
        app.register_blueprint(blueprint)


def _register_cli(app: Flask) -> None:
    from .cli import register

    register(app)
