"""The accounts blueprint; its routes live in the view modules."""
from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/settings/accounts")
