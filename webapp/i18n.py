"""Languages: the user's profile setting, else the browser's preference."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from functools import lru_cache

from babel import Locale, dates
from flask import Flask, current_app, has_request_context, request
from flask_babel import format_datetime, format_decimal, get_locale, get_timezone, get_translations
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

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


# The formats whose date and time parts carry no time-zone name (Babel's 'long' and 'full' do).
_FAST_FORMATS = ("short", "medium")


@lru_cache(maxsize=64)
def _named_format(locale: Locale, fmt: str) -> tuple[str, dates.DateTimePattern, dates.DateTimePattern]:
    """One language's parsed patterns for a named format: (how date and time combine, date, time)."""
    return (dates.get_datetime_format(fmt, locale=locale).replace("'", ""),
            dates.get_date_format(fmt, locale=locale), dates.get_time_format(fmt, locale=locale))


def format_when(value: datetime | None, fmt: str = "medium") -> str:
    """A date and time in the user's language and time zone, as Flask-Babel's format_datetime.

    A timeline formats dozens of dates per page: the patterns are parsed once per language
    instead of looked up in the locale data on every call.
    """
    if not value:
        return ""
    if fmt not in _FAST_FORMATS:
        return format_datetime(value, fmt)
    locale = get_locale()
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    local = value.astimezone(get_timezone())
    combine, date_pattern, time_pattern = _named_format(locale, fmt)
    return (combine.replace("{0}", time_pattern.apply(local, locale, reference_date=local.date()))
            .replace("{1}", date_pattern.apply(local, locale)))


def _bound_gettext(translations):
    @pass_context
    def gettext(context, string: str, **variables) -> str:
        text = translations.ugettext(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return gettext


def _bound_ngettext(translations):
    @pass_context
    def ngettext(context, singular: str, plural: str, num: int, **variables) -> str:
        variables.setdefault("num", num)
        text = translations.ungettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return ngettext


def _catalog_for_templates() -> dict:
    """gettext and ngettext bound to this render's catalog.

    They behave as Jinja's newstyle gettext (autoescaped, always %-formatted), which
    Flask-Babel installs as globals; those look the catalog up through the request
    context on each of the ~100 calls of a page, these once per render.
    """
    if not has_request_context():
        return {}
    translations = get_translations()
    return {"gettext": _bound_gettext(translations), "ngettext": _bound_ngettext(translations)}


def init_app(app: Flask) -> None:
    """Attach Flask-Babel with our selector and register formatting filters."""
    translations = os.path.join(os.path.dirname(__file__), "translations")
    babel.init_app(app, locale_selector=select_locale, default_translation_directories=translations)
    app.jinja_env.filters["datetime"] = format_when
    app.context_processor(_catalog_for_templates)
    app.jinja_env.filters["number"] = lambda value: format_decimal(value or 0)
    app.jinja_env.filters["filesize"] = _filesize
    app.jinja_env.filters["linkify"] = _linkify
    app.jinja_env.globals["current_locale"] = get_locale
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
