"""The mail blueprint; its routes live in the view modules."""
from flask import Blueprint

bp = Blueprint("mail", __name__)
