"""In-place parts of a contact page: addresses, domains, notes and timeline pages."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..forms import EmptyForm
from ..htmx import render, wants_fragment
from ..models import Note
from ..services import audit
from ..services import contacts as contact_service
from ..services import notes as note_service
from ..services import timeline
from ..services.errors import ValidationError
from .blueprint import bp
from .forms import DomainForm, EmailForm, NoteForm
from .loading import apply_error, load_contact
from .views import KINDS, email_context, timeline_filters, timeline_filters_raw


def _back(kind: str, contact_id: int):
    return redirect(url_for("contacts.detail", kind=kind, contact_id=contact_id))


def _addresses_response(contact, kind, email_form=None, domain_form=None, status=200):
    """The addresses box (fragment) for htmx, else back to the contact page."""
    if not wants_fragment():
        for form in (email_form, domain_form):
            for error in (form.errors.values() if form else []):
                flash(" ".join(map(str, error)), "error")
        return _back(kind, contact.id)
    return render_template("contacts/_addresses.html", contact=contact, kind=kind,
                           email_form=email_form or EmailForm(formdata=None),
                           domain_form=domain_form or DomainForm(formdata=None), empty_form=EmptyForm()), status


@bp.route(f"/{KINDS}/<int:contact_id>/emails", methods=["POST"])
@login_required
def add_email(kind: str, contact_id: int):
    """Add an address to a contact."""
    contact = load_contact(kind, contact_id)
    form = EmailForm()
    if form.validate_on_submit():
        try:
            contact_service.add_email(contact, form.email.data)
        except ValidationError as error:
            db.session.rollback()
            apply_error(form, error)
        else:
            db.session.commit()
            return _addresses_response(contact, kind)
    return _addresses_response(contact, kind, email_form=form, status=422)


@bp.route(f"/{KINDS}/<int:contact_id>/emails/<int:email_id>/delete", methods=["POST"])
@login_required
def remove_email(kind: str, contact_id: int, email_id: int):
    """Remove an address from a contact."""
    contact = load_contact(kind, contact_id)
    if EmptyForm().validate_on_submit():
        try:
            contact_service.remove_email(contact, email_id)
        except ValidationError:
            abort(404)
        db.session.commit()
    return _addresses_response(contact, kind)


@bp.route("/company/<int:contact_id>/domains", methods=["POST"])
@login_required
def add_domain(contact_id: int):
    """Add a mail domain to a company."""
    company = load_contact("company", contact_id)
    form = DomainForm()
    if form.validate_on_submit():
        try:
            contact_service.add_domain(company, form.domain.data)
        except ValidationError as error:
            db.session.rollback()
            apply_error(form, error)
        else:
            db.session.commit()
            return _addresses_response(company, "company")
    return _addresses_response(company, "company", domain_form=form, status=422)


@bp.route("/company/<int:contact_id>/domains/<int:domain_id>/delete", methods=["POST"])
@login_required
def remove_domain(contact_id: int, domain_id: int):
    """Remove a mail domain from a company."""
    company = load_contact("company", contact_id)
    if EmptyForm().validate_on_submit():
        try:
            contact_service.remove_domain(company, domain_id)
        except ValidationError:
            abort(404)
        db.session.commit()
    return _addresses_response(company, "company")


@bp.route(f"/{KINDS}/<int:contact_id>/notes", methods=["POST"])
@login_required
def add_note(kind: str, contact_id: int):
    """Write a note; htmx puts it at the top of the timeline."""
    contact = load_contact(kind, contact_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            note = note_service.add_note(contact, current_user, form.body.data)
        except ValidationError as error:
            db.session.rollback()
            apply_error(form, error)
        else:
            db.session.commit()
            if not wants_fragment():
                return _back(kind, contact_id)
            entry = timeline.Entry("note", note.id, note.created_at, note)
            return render_template("contacts/_note_created.html", entry=entry, contact=contact, kind=kind,
                                   note_form=NoteForm(formdata=None), empty_form=EmptyForm())
    if not wants_fragment():
        flash(" ".join(form.body.errors) or _("The note is empty."), "error")
        return _back(kind, contact_id)
    return render_template("contacts/_note_form.html", note_form=form, contact=contact, kind=kind), 422


@bp.route("/notes/<int:note_id>/delete", methods=["POST"])
@login_required
def delete_note(note_id: int):
    """Delete a note (its author or an admin)."""
    note = db.get_or_404(Note, note_id)
    if not note_service.can_delete(note, current_user):
        abort(404)
    kind, contact_id = ("person", note.person_id) if note.person_id else ("company", note.company_id)
    if EmptyForm().validate_on_submit():
        audit.record("note.deleted", target=f"{kind} {contact_id}", details={"note": note.body[:200]})
        note_service.delete_note(note)
        db.session.commit()
    if wants_fragment():
        return ""
    return _back(kind, contact_id)


@bp.route(f"/{KINDS}/<int:contact_id>/timeline")
@login_required
def timeline_page(kind: str, contact_id: int):
    """The next page of a timeline (htmx 'load more'), or the page from that point without JS."""
    contact = load_contact(kind, contact_id)
    cursor = timeline.Cursor.decode(request.args.get("cursor"))
    entries, next_cursor = timeline.page(contact, current_user, cursor=cursor,
                                         limit=current_app.config["TIMELINE_PAGE_SIZE"], **timeline_filters())
    return render("contacts/timeline_page.html", "contacts/_entries.html", contact=contact, kind=kind,
                  entries=entries, next_cursor=next_cursor, filters=timeline_filters_raw(), empty_form=EmptyForm(),
                  **email_context(entries))
