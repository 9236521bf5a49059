"""Contacts: persons and companies, their addresses, notes and timelines."""
from flask import Blueprint

bp = Blueprint("contacts", __name__, url_prefix="/contacts")

from . import views, views_items  # noqa: E402,F401
