"""The compose blueprint; its routes live in the view modules."""
from flask import Blueprint

bp = Blueprint("compose", __name__)
