"""Errors that services raise with a message meant for the user."""
from __future__ import annotations


class ValidationError(Exception):
    """Input that cannot be saved; `message` is translated and shown as is, `field` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
