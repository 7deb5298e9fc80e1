"""Staff accounts: list, create, edit, assignments, password, deactivate and reactivate."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from parkbank.admin.forms import AssignmentsForm, ConfirmForm, NewUserForm, PasswordForm, UserForm
from parkbank.admin.views import bp
from parkbank.auth import operations as staff
from parkbank.auth.models import Role
from parkbank.auth.permissions import ASSIGNABLE_ROLES
from parkbank.consultations.operations import listed_for_staff
from parkbank.errors import InvalidInput
from parkbank.forms import refused, status_of


@bp.get("/personal")
def users():
    return render_template("admin/users.html", users=staff.staff_list(),
                           assigned=staff.assignments_by_user(),
                           consultations={c.id: c for c in listed_for_staff()})


@bp.route("/personal/ny", methods=["GET", "POST"])
def new_user():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = staff.create_user(email=form.email.data, name=form.name.data,
                                     title=form.title.data, role=Role(form.role.data),
                                     password=form.password.data, by=current_user)
        except InvalidInput as error:
            refused(form, error)
        else:
            flash(_("The account for %(name)s is created.", name=user.name), "success")
            return redirect(url_for(".user", user_id=user.id), code=303)
    return render_template("admin/user_new.html", form=form), status_of(form)


def _user_page(user, form=None, password_form=None, assignments_form=None):
    form = form or UserForm(formdata=None, obj=user)
    password_form = password_form or PasswordForm(formdata=None)
    if assignments_form is None:
        assignments_form = AssignmentsForm(formdata=None,
                                           consultations=staff.assignments_by_user().get(user.id, []))
    assignments_form.consultations.choices = [SelectChoice(c.id, c.title) for c in listed_for_staff()]
    failed = any(f.errors for f in (form, password_form, assignments_form))
    return render_template("admin/user.html", user=user, form=form, password_form=password_form,
                           assignments_form=assignments_form, confirm=ConfirmForm(formdata=None),
                           assignable=user.role in ASSIGNABLE_ROLES), 400 if failed else 200


@bp.route("/personal/<id:user_id>", methods=["GET", "POST"])
def user(user_id: int):
    user = staff.get_user(user_id)
    form = UserForm(obj=user)
    if not form.validate_on_submit():
        return _user_page(user, form=form if form.is_submitted() else None)
    try:
        changed = staff.update_user(user, email=form.email.data, name=form.name.data,
                                    title=form.title.data, role=Role(form.role.data), by=current_user)
    except InvalidInput as error:
        refused(form, error)
        return _user_page(user, form=form)
    flash(_("Saved.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for(".user", user_id=user.id), code=303)


@bp.post("/personal/<id:user_id>/samrad")
def user_assignments(user_id: int):
    user = staff.get_user(user_id)
    consultations = {c.id: c for c in listed_for_staff()}
    form = AssignmentsForm()
    form.consultations.choices = [SelectChoice(c.id, c.title) for c in consultations.values()]
    if not form.validate():
        return _user_page(user, assignments_form=form)
    try:
        added, removed = staff.set_assignments(
            user, [consultations[i] for i in form.consultations.data or []], by=current_user)
    except InvalidInput as error:
        refused(form, error)
        return _user_page(user, assignments_form=form)
    flash(_("Assignments saved: %(added)s added, %(removed)s removed.", added=added,
            removed=removed), "success")
    return redirect(url_for(".user", user_id=user.id, _anchor="assignments"), code=303)


@bp.post("/personal/<id:user_id>/losenord")
def user_password(user_id: int):
    user = staff.get_user(user_id)
    form = PasswordForm()
    if form.validate():
        try:
            staff.set_password(user, form.password.data, by=current_user)
        except InvalidInput as error:
            refused(form, error)
        else:
            flash(_("The new password is set; every login of %(name)s has ended.", name=user.name),
                  "success")
            return redirect(url_for(".user", user_id=user.id), code=303)
    return _user_page(user, password_form=form)


@bp.post("/personal/<id:user_id>/avaktivera")
def deactivate(user_id: int):
    user = staff.get_user(user_id)
    if ConfirmForm().validate():
        try:
            staff.deactivate_user(user, by=current_user)
        except InvalidInput as error:  # refused before anything changed
            flash(str(error.message), "error")
        else:
            flash(_("%(name)s can no longer log in; their logins have ended.", name=user.name),
                  "success")
    return redirect(url_for(".user", user_id=user.id), code=303)


@bp.post("/personal/<id:user_id>/aktivera")
def reactivate(user_id: int):
    user = staff.get_user(user_id)
    if ConfirmForm().validate():
        staff.reactivate_user(user, by=current_user)
        flash(_("%(name)s can log in again.", name=user.name), "success")
    return redirect(url_for(".user", user_id=user.id), code=303)
