"""The kiosk's doors (blueprint "kiosk"), all under its secret address: the full-screen view,
posting and supporting as one visit, and the way in for staff. Limits count per kiosk, never per
client address (a library's kiosks may share one). The rules are posts/operations.py."""

from __future__ import annotations

import secrets

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from parkbank.auth import idle
from parkbank.auth.permissions import can_moderate
from parkbank.errors import InvalidInput
from parkbank.extensions import csrf, limiter
from parkbank.follow import operations as follow
from parkbank.http import external_url, wants_json
from parkbank.kiosk import staff
from parkbank.kiosk.forms import KioskPostForm
from parkbank.kiosk.operations import hash_token, open_kiosk
from parkbank.kiosk.projector import qr_svg
from parkbank.participants import kiosk_visit
from parkbank.posts.models import Channel
from parkbank.posts.operations import Origin, new_submission_key, submit_post, support_post
from parkbank.posts.queries import board_page

bp = Blueprint("kiosk", __name__)
csrf.exempt(bp)  # the secret address is the kiosk's credential (kiosk/forms.py)
SHOWN = 30  # ideas on the screen; older ones are on the web board


def _kiosk_key() -> str:
    return f"kiosk:{hash_token((request.view_args or {}).get('token', ''))[:32]}"


def _counts(response) -> bool:
    return response.status_code < 400


@bp.app_context_processor
def _kiosk_globals():
    return {"kiosk_home": staff.home, "external_url": external_url}


@bp.get("/kiosk/<token>")
def screen(token: str):
    kiosk = open_kiosk(token)
    if staff.home():  # the public view never runs under a staff login made on the kiosk
        if current_user.is_authenticated:
            logout_user()
            idle.forget()
        staff.end()
    consultation = kiosk.consultation
    page = board_page(consultation.id, 1, SHOWN)
    return render_template(
        "kiosk/screen.html", kiosk=kiosk, consultation=consultation, page=page,
        form=KioskPostForm(formdata=None, submission_key=new_submission_key()),
        last_event_id=consultation.event_seq, token=token,
        idle_seconds=current_app.config["KIOSK_IDLE_SECONDS"])


def _visit(kiosk):
    """This request's visit: the one the kiosk's script names, or (without script) a visit of
    its own for this one post or support."""
    return kiosk_visit(kiosk.id, request.form.get("visit")) or kiosk_visit(
        kiosk.id, secrets.token_urlsafe(18))


@bp.post("/kiosk/<token>/inlagg")
@limiter.limit(lambda: current_app.config["RATELIMIT_KIOSK_POSTS"], key_func=_kiosk_key,
               deduct_when=_counts)
def submit(token: str):
    kiosk = open_kiosk(token)
    form = KioskPostForm()
    try:
        if not form.validate():
            raise InvalidInput(fields=form.errors)
        post, created = submit_post(
            kiosk.consultation, participant=_visit(kiosk), body=form.body.data,
            alias=form.alias.data, submission_key=form.submission_key.data or None,
            origin=Origin(Channel.KIOSK, place=kiosk.place, kiosk_id=kiosk.id))
    except InvalidInput as refusal:
        if wants_json():
            return jsonify(error="invalid_input", message=_("Please check the form."),
                           fields=refusal.details.get("fields", {})), 400
        for name, messages in refusal.details.get("fields", {}).items():
            field = getattr(form, name, None)
            if field is not None and messages != field.errors:
                field.errors = [*field.errors, *messages]
        return _screen_again(kiosk, token, form), 400
    # The visitor's own link, as a QR code to photograph: in this answer only, never in the
    # kiosk's cookies or storage (kiosk.js drops it at the reset), so the next visitor cannot see it.
    link = follow.issue(post)
    address = follow.follow_url(link) if link else None
    qr = qr_svg(address, _("QR code to the page that follows your idea"), private=True) if address else None
    if wants_json():
        return jsonify(id=post.id, status=post.state.value, created=created, follow_url=address,
                       follow_qr=str(qr) if qr else None), 201 if created else 200
    if qr is not None:  # without script: the thank-you with the code, gone after the idle time
        response = make_response(render_template(
            "kiosk/screen.html", kiosk=kiosk, consultation=kiosk.consultation,
            page=board_page(kiosk.consultation.id, 1, SHOWN),
            form=KioskPostForm(formdata=None, submission_key=new_submission_key()),
            last_event_id=kiosk.consultation.event_seq, token=token, follow_qr=qr,
            idle_seconds=current_app.config["KIOSK_IDLE_SECONDS"]))
        response.headers["Cache-Control"] = "no-store"
        return response
    flash(_("Thank you! Your idea is waiting for a moderator and is shown here once approved."),
          "success")
    return redirect(url_for(".screen", token=token), code=303)


def _screen_again(kiosk, token, form):
    """The kiosk view with a refused form open and its text kept (a kiosk without script)."""
    consultation = kiosk.consultation
    return render_template(
        "kiosk/screen.html", kiosk=kiosk, consultation=consultation,
        page=board_page(consultation.id, 1, SHOWN), form=form, form_open=True,
        last_event_id=consultation.event_seq, token=token,
        idle_seconds=current_app.config["KIOSK_IDLE_SECONDS"])


@bp.post("/kiosk/<token>/inlagg/<id:post_id>/instam")
@limiter.limit(lambda: current_app.config["RATELIMIT_KIOSK_SUPPORT"], key_func=_kiosk_key)
def support(token: str, post_id: int):
    kiosk = open_kiosk(token)
    result = support_post(kiosk.consultation, post_id, _visit(kiosk),
                          undo=request.form.get("undo") == "1")
    if wants_json():
        return jsonify(id=post_id, support_count=result.count, counted=result.counted,
                       supported=result.supported)
    flash(_("Thank you for your support."), "success")
    return redirect(url_for(".screen", token=token, _anchor=f"inlagg-{post_id}"), code=303)


@bp.get("/kiosk/<token>/personal")
def staff_login(token: str):
    """Staff on a kiosk: the login ends after a short idle time and leads back here."""
    kiosk = open_kiosk(token)
    staff.begin(token)
    queue = url_for("moderation.queue", slug=kiosk.consultation.slug)
    if current_user.is_authenticated:
        return redirect(queue if can_moderate(current_user, kiosk.consultation)
                        else url_for("staff.start"), code=303)
    return redirect(url_for("auth.login", next=queue), code=303)
