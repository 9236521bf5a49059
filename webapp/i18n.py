"""Languages: the user's profile setting, else the browser's preference."""
from __future__ import annotations

import os

from flask import Flask, current_app, has_request_context, request
from flask_babel import format_datetime, format_decimal, get_locale
from flask_login import current_user

from .extensions import babel

LANGUAGE_NAMES = {"en": "English", "pl": "Polski"}


def select_locale() -> str:
    """Pick the language for this request."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    user = current_user if current_user and current_user.is_authenticated else None
    if user is not None and user.locale in languages:
        return user.locale
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def _filesize(value: int | None) -> str:
    """A byte count as a short human size in the current language."""
    size = float(value or 0)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            pattern = "#,##0" if unit == "B" else "#,##0.#"
            return f"{format_decimal(size, format=pattern)} {unit}"
        size /= 1024
    return ""


def _linkify(text: str):
    from .services.sanitize import linkify

    return linkify(text)


def init_app(app: Flask) -> None:
    """Attach Flask-Babel with our selector and register formatting filters."""
    translations = os.path.join(os.path.dirname(__file__), "translations")
    babel.init_app(app, locale_selector=select_locale, default_translation_directories=translations)
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
    app.jinja_env.filters["number"] = lambda value: format_decimal(value or 0)
    app.jinja_env.filters["filesize"] = _filesize
    app.jinja_env.filters["linkify"] = _linkify
    app.jinja_env.globals["current_locale"] = get_locale
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
