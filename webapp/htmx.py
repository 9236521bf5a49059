"""The one place that decides whether a request gets a fragment or a whole page."""
from __future__ import annotations

from flask import make_response, render_template, request


def wants_fragment() -> bool:
    """True for htmx requests that swap part of a page (not boosted navigation, not history restore)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(page: str, fragment: str | None = None, **context):
    """Render `fragment` for htmx swaps, else the whole `page`; responses vary on HX-Request."""
    template = fragment if fragment and wants_fragment() else page
    response = make_response(render_template(template, **context))
    response.vary.add("HX-Request")
    return response


def redirect_to(url: str, status: int = 303):
    """A redirect that htmx follows as a full navigation (HX-Location) and browsers as usual."""
    from flask import redirect

    if wants_fragment():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, status)
