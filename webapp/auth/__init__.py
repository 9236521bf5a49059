"""Log in and log out."""
from . import views  # the view modules register their routes on bp
from .blueprint import bp

__all__ = ["bp"]
