"""Filling server settings from the typed address (known providers)."""
from __future__ import annotations

from flask import current_app

from ..services import providers
from ..services.providers import Provider


def provider_for_form(form) -> Provider | None:
    """The provider of the address in the form, if known (used for the hint)."""
    login = (form.login.data or "").strip()
    return providers.detect(login, use_dns=current_app.config.get("MAIL_MX_LOOKUP", True)) if "@" in login else None


def apply_provider(form) -> Provider | None:
    """Overwrite the form's server fields with the provider's; unknown providers leave them alone."""
    provider = provider_for_form(form)
    if provider is None:
        return None
    form.imap_host.data, form.imap_port.data, form.imap_security.data = (
        provider.imap_host, provider.imap_port, provider.imap_security)
    form.smtp_host.data, form.smtp_port.data, form.smtp_security.data = (
        provider.smtp_host, provider.smtp_port, provider.smtp_security)
    return provider
