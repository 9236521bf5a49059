"""The user's own settings: profile, language, password."""
from flask import Blueprint

bp = Blueprint("settings", __name__, url_prefix="/settings")

from . import views  # noqa: E402,F401
