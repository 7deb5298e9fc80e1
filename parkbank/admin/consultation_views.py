"""Consultations: list (drafts too), create, edit every field and the status, choose the staff."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from parkbank.admin.forms import ConsultationForm, StaffForm
from parkbank.admin.views import bp
from parkbank.auth import operations as staff
from parkbank.auth.labels import ROLE_LABELS
from parkbank.auth.models import Role
from parkbank.auth.permissions import ASSIGNABLE_ROLES
from parkbank.consultations import operations as consultations
from parkbank.consultations.models import ConsultationStatus
from parkbank.errors import InvalidInput
from parkbank.forms import refused, status_of


@bp.get("/samrad")
def consultations_list():
    listed = consultations.listed_for_staff()
    return render_template("admin/consultations.html", consultations=listed,
                           pending=consultations.pending_counts([c.id for c in listed]))


@bp.route("/samrad/ny", methods=["GET", "POST"])
def new_consultation():
    form = ConsultationForm()
    if form.validate_on_submit():
        values = form.values()
        values["status"] = ConsultationStatus(values["status"])
        values["case_number"] = values["case_number"] or None
        values["department"] = values["department"] or None
        try:
            consultations.check_consultation(**{k: values[k] for k in (
                "slug", "title", "question", "case_number", "department", "opens_at", "closes_at")})
            consultation = consultations.create_consultation(**values, by=current_user)
        except InvalidInput as error:
            refused(form, error)
        else:
            flash(_("The consultation is created."), "success")
            return redirect(url_for(".consultation", slug=consultation.slug), code=303)
    return render_template("admin/consultation_new.html", form=form), status_of(form)


def _assignable_staff():
    return [u for u in staff.staff_list() if u.active and u.role in ASSIGNABLE_ROLES]


def _staff_choices(people) -> list[tuple[int, str]]:
    return [SelectChoice(u.id, f"{u.name} ({ROLE_LABELS[u.role]})") for u in people]


def _consultation_page(consultation, form=None, staff_form=None):
    form = form or ConsultationForm(formdata=None, obj=consultation)
    if staff_form is None:
        working = [u.id for u in _assignable_staff()
                   if consultation.id in staff.assignments_by_user().get(u.id, set())]
        staff_form = StaffForm(formdata=None, staff=working)
    staff_form.staff.choices = _staff_choices(_assignable_staff())
    admins = [u for u in staff.staff_list() if u.active and u.role is Role.ADMIN]
    failed = bool(form.errors or staff_form.errors)
    return render_template("admin/consultation.html", consultation=consultation, form=form,
                           staff_form=staff_form, admins=admins,
                           pending=consultations.pending_counts([consultation.id])), \
        400 if failed else 200


@bp.route("/samrad/<slug>", methods=["GET", "POST"])
def consultation(slug: str):
    consultation = consultations.get_for_staff(slug)
    form = ConsultationForm(obj=consultation)
    if not form.validate_on_submit():
        return _consultation_page(consultation, form=form if form.is_submitted() else None)
    try:
        changed = consultations.update_consultation(consultation, by=current_user, **form.values())
    except InvalidInput as error:
        refused(form, error)
        return _consultation_page(consultation, form=form)
    flash(_("Saved.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for(".consultation", slug=consultation.slug), code=303)


@bp.post("/samrad/<slug>/personal")
def consultation_staff(slug: str):
    consultation = consultations.get_for_staff(slug)
    people = {u.id: u for u in _assignable_staff()}
    form = StaffForm()
    form.staff.choices = _staff_choices(people.values())
    if not form.validate():
        return _consultation_page(consultation, staff_form=form)
    added, removed = staff.set_consultation_staff(
        consultation, [people[i] for i in form.staff.data or []], by=current_user)
    flash(_("Assignments saved: %(added)s added, %(removed)s removed.", added=added,
            removed=removed), "success")
    return redirect(url_for(".consultation", slug=consultation.slug, _anchor="staff"), code=303)
