"""Reading mail: a message in full, its body in an isolated frame, attachments, unassigned mail, team review."""
from flask import Blueprint

bp = Blueprint("mail", __name__)

from . import views, views_lists  # noqa: E402,F401
