"""The search blueprint; its routes live in the view modules."""
from flask import Blueprint

bp = Blueprint("search", __name__)
