"""Writing email: compose and reply from a timeline, the outbox's state, sending again."""
from flask import Blueprint

bp = Blueprint("compose", __name__)

from . import views  # noqa: E402,F401
