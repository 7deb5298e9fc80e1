from __future__ import annotations

from wtforms import HiddenField, StringField, TextAreaField

from parkbank.forms import Form
from parkbank.posts.forms import PostForm


class KioskPostForm(Form):
    """The kiosk's idea: the text and an optional alias (no e-mail on a shared screen), the
    visit it belongs to and its submission key. No CSRF token: a kiosk page runs all day (a token
    would expire), and the secret kiosk address in the path is what no other site can know."""

    class Meta:
        csrf = False

    body = TextAreaField(PostForm.body.args[0], validators=PostForm.body.kwargs["validators"])
    alias = StringField(PostForm.alias.args[0], validators=PostForm.alias.kwargs["validators"])
    visit = HiddenField()
    submission_key = HiddenField()
