"""Contact list, detail page, create, edit, delete and CSV import."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..forms import EmptyForm
from ..htmx import render
from ..services import contacts as contact_service
from ..services import outbox as outbox_service
from ..services import audit, reading, timeline
from ..services.timeline_email import count_visible_emails
from ..services.addresses import split_addresses
from ..services.csv_import import import_csv
from ..services.errors import ValidationError
from .blueprint import bp
from .forms import CompanyForm, DomainForm, EmailForm, ImportForm, NoteForm, PersonForm
from .loading import apply_error, company_by_name, load_contact

KINDS = "<any(person,company):kind>"


@bp.route("/")
@login_required
def index():
    """Persons or companies, searchable as you type, paged."""
    kind = request.args.get("kind", "person") if request.args.get("kind") in ("person", "company") else "person"
    q = request.args.get("q", "").strip()[:200]
    query = contact_service.person_query(q) if kind == "person" else contact_service.company_query(q)
    pagination = db.paginate(query, page=request.args.get("page", 1, type=int),
                             per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("contacts/index.html", "contacts/_results.html", kind=kind, q=q, pagination=pagination)


@bp.route(f"/{KINDS}/<int:contact_id>")
@login_required
def detail(kind: str, contact_id: int):
    """A contact's card and timeline."""
    contact = load_contact(kind, contact_id)
    entries, next_cursor = timeline.page(contact, current_user, limit=current_app.config["TIMELINE_PAGE_SIZE"],
                                         **timeline_filters())
    return render_template("contacts/detail.html", contact=contact, kind=kind, entries=entries,
                           next_cursor=next_cursor, filters=timeline_filters_raw(), note_form=NoteForm(),
                           email_form=EmailForm(), domain_form=DomainForm(), empty_form=EmptyForm(),
                           email_count=count_visible_emails(contact, current_user), **email_context(entries))


def email_context(entries) -> dict:
    """For the emails on a page: which visible mailboxes hold them, and the outbox state of mail sent from here."""
    ids = [e.id for e in entries if e.kind == "email"]
    return {"mailboxes": reading.mailboxes_holding(current_user, ids), "outbox": outbox_service.states(ids)}


def timeline_filters_raw() -> dict:
    """The timeline filter values from the query string, as given."""
    show = request.args.get("show", "all")
    return {"show": show if show in ("all", "emails", "notes") else "all",
            "attachments": request.args.get("attachments") == "1"}


def timeline_filters() -> dict:
    """The timeline filters as keyword arguments for services.timeline.page."""
    raw = timeline_filters_raw()
    kinds = {"emails": ("email",), "notes": ("note",)}.get(raw["show"])
    return {"kinds": kinds, "with_attachments": raw["attachments"]}


def _form_for(kind: str, contact):
    if kind == "person":
        form = PersonForm(obj=contact)
        if request.method == "GET" and contact is not None:
            form.company.data = contact.company.name if contact.company else ""
            form.email_list.data = ""
        elif request.method == "GET":  # prefilled from a message's sender ("create a contact")
            form.first_name.data = request.args.get("first_name", "")[:100]
            form.last_name.data = request.args.get("last_name", "")[:100]
            form.email_list.data = request.args.get("email", "")[:320]
        return form
    form = CompanyForm(obj=contact)
    if contact is not None and request.method == "GET":
        form.domain_list.data = form.email_list.data = ""
    return form


def _save(kind: str, contact, form):
    if kind == "person":
        company_id, created = company_by_name(form.company.data)
        if created:
            flash(_("Company “%(name)s” created.", name=form.company.data.strip()), "info")
        return contact_service.save_person(
            contact, first_name=form.first_name.data or "", last_name=form.last_name.data or "",
            phone=form.phone.data or "", company_id=company_id, emails=split_addresses(form.email_list.data))
    return contact_service.save_company(contact, name=form.name.data, domains=split_addresses(form.domain_list.data),
                                        emails=split_addresses(form.email_list.data))


@bp.route(f"/{KINDS}/new", methods=["GET", "POST"])
@bp.route(f"/{KINDS}/<int:contact_id>/edit", methods=["GET", "POST"])
@login_required
def edit(kind: str, contact_id: int | None = None):
    """Create a contact, or edit one's fields."""
    contact = load_contact(kind, contact_id) if contact_id else None
    form = _form_for(kind, contact)
    if form.validate_on_submit():
        try:
            contact = _save(kind, contact, form)
        except ValidationError as error:
            db.session.rollback()
            apply_error(form, error)
        else:
            db.session.commit()
            flash(_("Contact saved."), "success")
            return redirect(url_for("contacts.detail", kind=kind, contact_id=contact.id))
    return render_template(f"contacts/{kind}_form.html", form=form, contact=contact, kind=kind), \
        422 if form.errors else 200


@bp.route(f"/{KINDS}/<int:contact_id>/delete", methods=["POST"])
@login_required
def delete(kind: str, contact_id: int):
    """Delete a contact with its notes; its mail stays stored."""
    contact = load_contact(kind, contact_id)
    if EmptyForm().validate_on_submit():
        name = contact.display_name
        contact_service.delete_contact(contact)
        audit.record("contact.deleted", target=f"{kind} {contact_id}: {name}")
        db.session.commit()
        flash(_("“%(name)s” deleted.", name=name), "success")
    return redirect(url_for("contacts.index", kind=kind))


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_contacts():
    """Import persons and companies from a CSV file."""
    form, result = ImportForm(), None
    if form.validate_on_submit():
        result = import_csv(form.file.data.read())
        db.session.commit()
    return render_template("contacts/import.html", form=form, result=result)
