"""The contacts blueprint; its routes live in the view modules."""
from flask import Blueprint

bp = Blueprint("contacts", __name__, url_prefix="/contacts")
