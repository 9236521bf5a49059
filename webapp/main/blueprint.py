"""The main blueprint; its routes live in the view modules."""
from flask import Blueprint

bp = Blueprint("main", __name__)
