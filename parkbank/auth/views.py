from __future__ import annotations

import hashlib
import hmac

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.auth import idle
from parkbank.auth.forms import LoginForm
from parkbank.auth.models import User
from parkbank.auth.operations import authenticate, end_sessions
from parkbank.extensions import db, limiter, login_manager
from parkbank.http import safe_next
from parkbank.kiosk import staff as kiosk_staff

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(login_id: str):
    """`login_id` is User.get_id() as stored at login: "<id>:<session token>". A login made
    before the token changed (logout, new password, deactivation) finds no user."""
    user_id, _sep, token = login_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(user.session_token.encode(), token.encode()):
        return None
    return user


def account_key() -> str:
    """The per-account login limit's key: the normalised address, as an HMAC, so that the limiter's
    storage (Redis in production) holds no e-mail addresses."""
    email = request.form.get("email", "")[:254].strip().lower()
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), email.encode(), hashlib.sha256)
    return f"account:{digest.hexdigest()[:32]}"


def _failed(response) -> bool:
    """A refused attempt counts against the account; a login (303) does not, nor does an attempt
    the limit already stopped (429), which tried no password."""
    return response.status_code == 400


@bp.route("/logga-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_PER_ACCOUNT"], methods=["POST"],
               key_func=account_key, deduct_when=_failed)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            # On a kiosk a login is never kept: the next person at the screen is a stranger.
            login_user(user, remember=form.remember.data and not kiosk_staff.home())
            idle.note_login()
            record(AuditAction.LOGIN, user=user)
            return redirect(safe_next(request.args.get("next"), url_for("staff.start")),
                            code=303)
        form.password.errors.append(_("Wrong e-mail address or password."))
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.post("/logga-ut")
def logout():
    if current_user.is_authenticated:
        # Every login of this user ends, here and on their other computers, with their sockets.
        end_sessions(current_user._get_current_object())  # committed by the request
        record(AuditAction.LOGOUT, user=current_user)
    logout_user()
    idle.forget()
    kiosk = kiosk_staff.home()
    if kiosk:  # back to the kiosk's public view
        kiosk_staff.end()
        return redirect(kiosk, code=303)
    flash(_("You are logged out."), "info")
    return redirect(url_for("public.index"), code=303)
