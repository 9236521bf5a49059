"""Settings → Email accounts: connect mailboxes, edit, delete, sync now."""
from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/settings/accounts")

from . import views  # noqa: E402,F401
