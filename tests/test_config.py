import pytest

from parkbank import create_app
from parkbank.config import ConfigError, database_url, env_bool, from_environment


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_secret_key_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["SESSION_COOKIE_SECURE"] is True  # production default
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_database_url_defaults_to_sqlite_in_the_instance_folder():
    assert database_url({}, "/srv/parkbank/instance") == "sqlite:////srv/parkbank/instance/parkbank.db"


@pytest.mark.parametrize("given", ["postgres://u@h/db", "postgresql://u@h/db"])
def test_postgres_urls_use_psycopg3(given):
    assert database_url({"DATABASE_URL": given}, "") == "postgresql+psycopg://u@h/db"


def test_rate_limits_are_configurable_and_switchable_off():
    config = from_environment({"RATELIMIT_ENABLED": "false", "RATELIMIT_POSTS": "1 per second"},
                              "/tmp", debug=False)
    assert config["RATELIMIT_ENABLED"] is False
    assert config["RATELIMIT_POSTS"] == "1 per second"


def test_bad_boolean_is_a_clear_error():
    with pytest.raises(ConfigError, match="RATELIMIT_ENABLED"):
        env_bool({"RATELIMIT_ENABLED": "kanske"}, "RATELIMIT_ENABLED", True)


def test_message_queue_from_environment():
    config = from_environment({"SOCKETIO_MESSAGE_QUEUE": "redis://127.0.0.1:6379/0"}, "/tmp", False)
    assert config["SOCKETIO_MESSAGE_QUEUE"] == "redis://127.0.0.1:6379/0"


def test_sqlite_runs_in_wal_mode(app):
    from sqlalchemy import text

    from parkbank.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite only")
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def _flask(*args, tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "FLASK_DEBUG")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/cmd.db"
    return subprocess.run([sys.executable, "-m", "flask", "--app", "parkbank", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_commands_other_than_run_need_no_secret_key(tmp_path):
    result = _flask("db", "upgrade", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr


def test_production_server_refuses_to_start_without_secret_key(tmp_path):
    result = _flask("run", "--port", "1", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_mail_server_needs_the_sites_address_for_the_links_in_messages(tmp_path):
    """Without it the links in a message would start with whatever Host header the request that
    caused it came with (a confirmation to any address, linking to another site)."""
    from parkbank.config import mail_settings

    with pytest.raises(ConfigError, match="PARKBANK_BASE_URL"):
        mail_settings({"MAIL_SERVER": "smtp.kommun.se"})
    assert mail_settings({"MAIL_SERVER": "smtp.kommun.se",
                          "PARKBANK_PUBLIC_URL": "https://samrad.kommun.se"})["BASE_URL"]
    assert mail_settings({})["BASE_URL"] == ""  # the demo: messages to the log, nothing needed
