"""The settings blueprint; its routes live in the view modules."""
from flask import Blueprint

bp = Blueprint("settings", __name__, url_prefix="/settings")
