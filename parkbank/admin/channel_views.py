"""The channel list at /kanaler: add, edit, remove, reorder."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from parkbank.admin.forms import ChannelForm, ConfirmForm, MoveForm
from parkbank.admin.views import bp
from parkbank.channels import operations as channels
from parkbank.errors import InvalidInput
from parkbank.forms import refused, status_of


def _list_page(form=None):
    form = form or ChannelForm(formdata=None)
    return render_template("admin/channels.html", channels=channels.list_channels(), form=form,
                           confirm=ConfirmForm(formdata=None)), status_of(form)


@bp.get("/kanaler")
def channels_list():
    return _list_page()


@bp.post("/kanaler")
def add_channel():
    form = ChannelForm()
    if form.validate():
        try:
            channel = channels.add_channel(name=form.name.data, url=form.url.data,
                                           description=form.description.data, by=current_user)
        except InvalidInput as error:
            refused(form, error)
        else:
            flash(_("%(name)s is added to the list.", name=channel.name), "success")
            return redirect(url_for(".channels_list"), code=303)
    return _list_page(form)


@bp.route("/kanaler/<id:channel_id>", methods=["GET", "POST"])
def channel(channel_id: int):
    channel = channels.get_channel(channel_id)
    form = ChannelForm(obj=channel)
    if form.validate_on_submit():
        try:
            channels.update_channel(channel, name=form.name.data, url=form.url.data,
                                    description=form.description.data, by=current_user)
        except InvalidInput as error:
            refused(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for(".channels_list"), code=303)
    return render_template("admin/channel.html", channel=channel, form=form), status_of(form)


@bp.post("/kanaler/<id:channel_id>/ta-bort")
def remove_channel(channel_id: int):
    channel = channels.get_channel(channel_id)
    if ConfirmForm().validate():
        channels.remove_channel(channel, by=current_user)
        flash(_("%(name)s is removed from the list.", name=channel.name), "success")
    return redirect(url_for(".channels_list"), code=303)


@bp.post("/kanaler/<id:channel_id>/flytta")
def move_channel(channel_id: int):
    channel = channels.get_channel(channel_id)
    form = MoveForm()
    if form.validate():
        channels.move_channel(channel, form.step.data, by=current_user)
    return redirect(url_for(".channels_list", _anchor=f"kanal-{channel.id}"), code=303)
