"""The auth blueprint; its routes live in the view modules."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")
