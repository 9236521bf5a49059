"""The admin blueprint; its routes live in the view modules."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
