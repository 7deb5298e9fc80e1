from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from parkbank.auth.forms import LoginForm
from parkbank.auth.models import User
from parkbank.auth.operations import authenticate
from parkbank.extensions import db, limiter, login_manager
from parkbank.http import safe_next

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str):
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


@bp.route("/logga-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), url_for("moderation.index")),
                            code=303)
        form.password.errors.append(_("Wrong e-mail address or password."))
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.post("/logga-ut")
def logout():
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("public.index"), code=303)
