"""Parkbänk: moderated live citizen consultations.

create_app() binds extensions, blueprints, commands and error handlers; nothing else runs at
import time or start-up (no migrations, no network calls).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click
from flask import Flask
from flask_babel import lazy_gettext as _l

from parkbank import config as settings

LOGIN_MESSAGE = _l("Please log in to see this page.")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(settings.from_environment(os.environ, app.instance_path, app.debug))
    if config:
        app.config.update(config)
    _require_secret_key(app)
    os.makedirs(app.instance_path, exist_ok=True)

    _bind_extensions(app)
    from parkbank import cli, identity, mail, participants, security, web
    from parkbank.auth import idle
    from parkbank.follow import browser as follow_browser
    from parkbank.outcomes import reminders

    web.register(app)  # first: it adds the <id:…> URL converter that blueprints use
    identity.register(app)
    _register_blueprints(app)
    participants.register(app)
    follow_browser.register(app)
    idle.register(app)
    security.register(app)
    mail.register(app)  # the outbox's worker, started by the first request (OUTBOX_WORKER)
    reminders.register(app)  # which looks for due follow-up reminders hourly
    cli.register(app)
    return app


def _runs_a_command() -> bool:
    """True inside a `flask` command other than `run`: it serves nobody, so signs no cookies."""
    context = click.get_current_context(silent=True)
    return context is not None and context.info_name != "run"


def _require_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if app.debug or app.testing or _runs_a_command():
        if not _runs_a_command():
            app.logger.warning("SECRET_KEY is not set; using a random one (development only).")
        app.config["SECRET_KEY"] = secrets.token_hex(32)
        return
    raise settings.ConfigError(
        "SECRET_KEY must be set in production (for example: "
        "export SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))'))"
    )


def _bind_extensions(app: Flask) -> None:
    from parkbank.audit import operations as audit
    from parkbank.database import configure_engine
    from parkbank.export import jobs as export_jobs
    from parkbank.extensions import babel, csrf, db, limiter, login_manager, migrate, socketio
    from parkbank.i18n import select_locale
    from parkbank.live import admission, broadcast, events, manager, recent, wire

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    broadcast.install(db.session)
    audit.install(db.session)
    export_jobs.install(db.session)  # export processes start after commit, like live events
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.login_message = LOGIN_MESSAGE
    login_manager.localize_callback = str  # the message is a lazy string: translate per request
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(PROJECT_ROOT / "translations"))
    limiter.init_app(app)
    # SocketIO keeps options between init_app() calls; a stale queue manager must not carry over.
    socketio.server_options.pop("client_manager", None)
    socketio.init_app(
        app,
        channel=app.config["SOCKETIO_CHANNEL"],
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        # The queue's manager can also disconnect a room on every process (staff logout).
        client_manager=manager.client_manager(app.config["SOCKETIO_MESSAGE_QUEUE"],
                                              app.config["SOCKETIO_CHANNEL"]),
        cors_allowed_origins=app.config["SOCKETIO_CORS_ORIGINS"],
        manage_session=True,
        max_http_buffer_size=64 * 1024,
        json=wire,  # catch-up events go out as the store keeps them, serialised once
    )
    events.register(socketio)
    admission.install(app, socketio)  # after init_app: it wraps the Socket.IO middleware
    recent.init_app(app)  # the recent board events: in Redis with a Redis queue, else in memory


def _register_blueprints(app: Flask) -> None:
    from parkbank import pages
    from parkbank.admin.start import bp as staff_bp
    from parkbank.admin.views import bp as admin_bp
    from parkbank.api.views import bp as api_bp
    from parkbank.audit.views import bp as audit_bp
    from parkbank.auth.views import bp as auth_bp
    from parkbank.channels.views import bp as channels_bp
    from parkbank.consultations.views import bp as public_bp
    from parkbank.export.views import bp as export_bp
    from parkbank.follow.views import bp as follow_bp
    from parkbank.kiosk.projector import bp as projector_bp
    from parkbank.kiosk.views import bp as kiosk_bp
    from parkbank.mail.views import bp as mail_bp
    from parkbank.moderation import redaction_views, transcription_views  # noqa: F401  (join moderation)
    from parkbank.moderation.views import bp as moderation_bp
    from parkbank.official.views import bp as official_bp
    from parkbank.outcomes.views import bp as outcomes_bp
    from parkbank.posts.views import bp as posts_bp
    from parkbank.privacy.views import bp as privacy_bp
    from parkbank.retention.views import bp as retention_bp
    from parkbank.search.views import bp as search_bp
    from parkbank.similar.views import bp as similar_bp
    from parkbank.themes.views import bp as themes_bp

    for bp in (public_bp, posts_bp, auth_bp, moderation_bp, official_bp, api_bp, staff_bp, admin_bp,
               channels_bp, retention_bp, privacy_bp, audit_bp, kiosk_bp, projector_bp, export_bp,
               themes_bp, search_bp, similar_bp, follow_bp, mail_bp, outcomes_bp):
        app.register_blueprint(bp)
    pages.register(app)  # the privacy notice and accessibility statement, replaceable (PAGES_DIR)
