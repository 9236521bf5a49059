"""One message: expanded view, isolated body, images, attachments and inline images."""
from urllib.parse import quote

from flask import Response, abort, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..forms import EmptyForm
from ..htmx import render
from ..services import message_view, reading
from ..services.attachments import AttachmentGone, ServerUnavailable, open_attachment
from .blueprint import bp


@bp.route("/mail/<int:message_id>")
@login_required
def message(message_id: int):
    """A message in full: headers, body frame, attachments, its thread (fragment for htmx)."""
    item = reading.visible_message_or_404(current_user, message_id)
    return render("mail/message.html", "mail/_message.html", message=item,
                  mailboxes=reading.mailboxes_holding(current_user, [item.id]).get(item.id, []),
                  thread=reading.thread_of(current_user, item), contacts=reading.linked_contacts(item),
                  blocks_images=message_view.blocks_images(item), empty_form=EmptyForm(),
                  images_allowed=message_view.images_always_allowed(current_user, item))


@bp.route("/mail/<int:message_id>/body")
@login_required
def body(message_id: int):
    """The sanitized body as its own document, for a sandboxed iframe with a strict policy."""
    item = reading.visible_message_or_404(current_user, message_id)
    show = request.args.get("images") == "1" or message_view.images_always_allowed(current_user, item)
    response = Response(render_template("mail/body.html", body=message_view.body_markup(item, show)))
    response.headers["Content-Security-Policy"] = message_view.body_csp(show, request.host_url.rstrip("/"))
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/mail/<int:message_id>/images", methods=["POST"])
@login_required
def always_show_images(message_id: int):
    """Always show remote images from this message's sender."""
    item = reading.visible_message_or_404(current_user, message_id)
    if EmptyForm().validate_on_submit():
        message_view.allow_images_from_sender(current_user, item)
        db.session.commit()
    return redirect(url_for("mail.message", message_id=item.id))


def _disposition(filename: str, inline: bool = False) -> str:
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_").replace("\\", "_")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _stream_response(stream, content_type: str, disposition: str) -> Response:
    response = Response(stream_with_context(iter(stream)), content_type=content_type)
    response.headers["Content-Disposition"] = disposition
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _unavailable(error):
    if isinstance(error, AttachmentGone):
        title = _("Attachment no longer available")
        text = _("This message was deleted from the mail server, so its attachment can no longer be downloaded. "
                 "The message text stays readable in Mailtrail.")
        return render_template("errors/error.html", code=410, title=title, message=text), 410
    title = _("Mail server unavailable")
    text = _("The mail server could not be reached to fetch this attachment: %(reason)s Try again later.",
             reason=error.error.message if error.error else "")
    return render_template("errors/error.html", code=503, title=title, message=text), 503


@bp.route("/mail/<int:message_id>/attachments/<int:attachment_id>")
@login_required
def attachment(message_id: int, attachment_id: int):
    """Download one attachment, fetched from the mail server now."""
    item, part = reading.visible_attachment_or_404(current_user, message_id, attachment_id)
    try:
        stream = open_attachment(current_user, item, part)
    except (AttachmentGone, ServerUnavailable) as error:
        return _unavailable(error)
    content_type = part.content_type if part.content_type in message_view.SAFE_DOWNLOAD_TYPES \
        else "application/octet-stream"
    return _stream_response(stream, content_type, _disposition(part.filename))


@bp.route("/mail/<int:message_id>/cid/<path:content_id>")
@login_required
def inline_image(message_id: int, content_id: str):
    """An inline (cid:) image of a visible message, fetched from the mail server."""
    item = reading.visible_message_or_404(current_user, message_id)
    part = next((a for a in item.attachments if a.content_id and a.content_id == content_id), None)
    if part is None or part.content_type not in message_view.SAFE_INLINE_TYPES:
        abort(404)
    try:
        stream = open_attachment(current_user, item, part)
    except (AttachmentGone, ServerUnavailable):
        abort(404)
    return _stream_response(stream, part.content_type, _disposition(part.filename, inline=True))

