"""Error pages in the app's own look; never a traceback."""
from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger("mailtrail.errors")


def _page(code: int, title: str, message: str):
    return render_template("errors/error.html", code=code, title=title, message=message), code


def _http_error(error: HTTPException):
    messages = {
        400: (_("Bad request"), _("The request could not be understood.")),
        403: (_("Forbidden"), _("You are not allowed to do this.")),
        404: (_("Page not found"), _("The page you asked for does not exist or is not visible to you.")),
        405: (_("Not allowed"), _("This address does not accept that kind of request.")),
        413: (_("Too large"), _("The upload is larger than this server accepts.")),
        429: (_("Too many attempts"), _("Too many attempts. Wait a minute and try again.")),
    }
    title, message = messages.get(error.code, (error.name, error.description))
    return _page(error.code or 500, title, message)


def _csrf_error(error: CSRFError):
    return _page(400, _("Form expired"), _("The form has expired or was sent from another site. "
                                           "Go back, reload the page and try again."))


def _server_error(error: Exception):
    original = getattr(error, "original_exception", None) or error
    log.error("unhandled error: %s", type(original).__name__, exc_info=original)
    return _page(500, _("Something went wrong"),
                 _("An unexpected error occurred. It has been logged; please try again."))


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(500, _server_error)
    app.register_error_handler(HTTPException, _http_error)
