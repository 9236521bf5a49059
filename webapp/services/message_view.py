"""What the message view shows: the sanitized body document and the image policy for it."""
from __future__ import annotations

from flask import url_for
from markupsafe import Markup
from sqlalchemy import select

from ..extensions import db
from ..models import ImageSender, Message, User
from .addresses import canonicalize
from .sanitize import clean_html, has_remote_images, linkify


def sender_key(message: Message) -> str | None:
    """The canonical sender address, used for 'always show images from this sender'."""
    return canonicalize(message.from_address)


def images_always_allowed(user: User, message: Message) -> bool:
    key = sender_key(message)
    return bool(key) and db.session.scalar(select(ImageSender.id).where(
        ImageSender.user_id == user.id, ImageSender.address == key)) is not None


def allow_images_from_sender(user: User, message: Message) -> None:
    """Remember to show remote images from this message's sender."""
    key = sender_key(message)
    if key and not images_always_allowed(user, message):
        db.session.add(ImageSender(user_id=user.id, address=key))


def body_markup(message: Message, show_images: bool) -> Markup:
    """The message body as safe HTML: sanitized HTML, or escaped text with links."""
    if message.body_html:
        cid_url = lambda cid: url_for("mail.inline_image", message_id=message.id, content_id=cid)  # noqa: E731
        return Markup(clean_html(message.body_html, show_images=show_images, cid_url=cid_url))
    return Markup('<div class="plain">') + linkify(message.body_text) + Markup("</div>")


def blocks_images(message: Message) -> bool:
    """True when the message has remote images that are blocked until the reader allows them."""
    return has_remote_images(message.body_html)


def body_csp(show_images: bool, origin: str) -> str:
    """The Content-Security-Policy of the isolated body document: nothing runs, nothing loads remotely."""
    images = f"{origin} data:" + (" https: http:" if show_images else "")
    return "; ".join([
        "default-src 'none'", f"img-src {images}", "style-src 'unsafe-inline'", "font-src 'none'",
        "base-uri 'none'", "form-action 'none'", "frame-ancestors 'self'",
        "sandbox allow-popups allow-popups-to-escape-sandbox"])


SAFE_INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"}
SAFE_DOWNLOAD_TYPES = SAFE_INLINE_TYPES | {"application/pdf", "text/plain", "text/csv", "application/zip",
                                           "application/msword", "application/vnd.ms-excel"}
