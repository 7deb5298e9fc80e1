"""deploy/ is the single source of production settings: gunicorn's config loads with gunicorn's own
parser and holds what README "Deployment" promises, and the systemd unit and nginx file agree."""

from __future__ import annotations

import re
from configparser import ConfigParser
from pathlib import Path

import pytest
from gunicorn.app.base import Application

from parkbank.config import from_environment

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
CONFIG = DEPLOY / "gunicorn.conf.py"


class _Probe(Application):
    """Gunicorn's application loader reading only the config file (no command line)."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__()

    def load_config(self):
        self.load_config_from_file(str(self.path))

    def init(self, parser, opts, args):
        return None

    def load(self):
        raise AssertionError("not run")


def gunicorn_config(monkeypatch, **env: str):
    for name in ("PARKBANK_BIND", "PARKBANK_LIVE_MAX_SOCKETS", "PARKBANK_ACCEPT_PER_TURN"):
        if name not in env:
            monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return _Probe(CONFIG).cfg


def max_sockets_default() -> int:
    """The app's own default cap on websockets per process (5000 before the cap existed)."""
    return from_environment({}, "/tmp", debug=False).get("LIVE_MAX_SOCKETS", 5000)


def deployment_section() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme.split("\n## Deployment\n", 1)[1].split("\n## ", 1)[0]


def test_gunicorn_config_has_the_production_settings(monkeypatch):
    cfg = gunicorn_config(monkeypatch)
    assert cfg.worker_class_str == "gevent"
    assert cfg.workers == 1
    assert cfg.bind == ["127.0.0.1:8001"]
    # Above the app's socket cap, with room for plain HTTP, so the app refuses first (503).
    assert cfg.worker_connections >= max_sockets_default() + 500
    # Far above gunicorn's 2 s, which silently dropped handshakes not read in time under a storm.
    assert cfg.keepalive >= 30
    assert 0 < cfg.graceful_timeout <= 30
    assert cfg.timeout >= 30
    assert cfg.backlog >= 2048
    assert cfg.accesslog is None
    assert cfg.wsgi_app == "wsgi:app"


def test_the_worker_accepts_few_connections_per_turn_of_its_loop(monkeypatch):
    from gevent.baseserver import BaseServer

    monkeypatch.setattr(BaseServer, "max_accept", BaseServer.max_accept)  # restored afterwards
    cfg = gunicorn_config(monkeypatch)
    cfg.post_fork(None, None)
    assert BaseServer.max_accept == 10
    gunicorn_config(monkeypatch, PARKBANK_ACCEPT_PER_TURN="25").post_fork(None, None)
    assert BaseServer.max_accept == 25
    assert "`ACCEPT_PER_TURN = 10`" in deployment_section()


def test_gunicorn_config_follows_the_environment(monkeypatch):
    cfg = gunicorn_config(monkeypatch, PARKBANK_BIND="127.0.0.1:8002", PARKBANK_LIVE_MAX_SOCKETS="8000")
    assert cfg.bind == ["127.0.0.1:8002"]
    assert cfg.worker_connections > 8000


def test_readme_states_the_values_of_the_config(monkeypatch):
    cfg = gunicorn_config(monkeypatch)
    section = deployment_section()
    assert "deploy/gunicorn.conf.py" in section
    for name in ("keepalive", "graceful_timeout", "timeout", "backlog"):
        assert f"`{name} = {getattr(cfg, name)}`" in section, name
    assert f"`worker_connections = {cfg.worker_connections}`" in section


def unit() -> ConfigParser:
    parser = ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string((DEPLOY / "parkbank@.service").read_text())
    return parser


def test_systemd_unit_runs_the_same_config_and_outlives_graceful_shutdown(monkeypatch):
    cfg, service = gunicorn_config(monkeypatch), unit()["Service"]
    assert "-c deploy/gunicorn.conf.py wsgi:app" in service["ExecStart"]
    assert service["Environment"] == "PARKBANK_BIND=127.0.0.1:%i"
    assert service["EnvironmentFile"]
    assert service["Restart"] == "always"
    assert service["KillSignal"] == "SIGTERM"
    assert int(service["TimeoutStopSec"]) > cfg.graceful_timeout
    assert int(service["LimitNOFILE"]) >= 2 * cfg.worker_connections


def test_nginx_proxies_websockets_sticky_and_never_retries_a_refusal():
    nginx = (DEPLOY / "nginx.conf").read_text()
    code = "\n".join(line.split("#", 1)[0] for line in nginx.splitlines())
    assert "hash $remote_addr consistent;" in code
    live = re.search(r"location /socket\.io/ \{(.*?)\n    \}", code, re.S).group(1)
    rest = re.search(r"location / \{(.*?)\n    \}", code, re.S).group(1)
    assert "proxy_pass http://parkbank_live;" in live and "proxy_pass http://parkbank_pages;" in rest
    assert "hash $remote_addr consistent;" in code.split("upstream parkbank_live {")[1].split("}")[0]
    assert "proxy_set_header Upgrade $http_upgrade;" in code
    assert re.search(r"proxy_read_timeout\s+(\d+)s;", code)
    retries = re.findall(r"proxy_next_upstream\s+([^;]+);", code)
    assert retries and all("http_503" not in r and "non_idempotent" not in r for r in retries)
    for port in re.findall(r"server 127\.0\.0\.1:(\d+)", code):
        assert f"parkbank@{port}" in (DEPLOY / "parkbank.target").read_text()


@pytest.mark.parametrize("path", ["wsgi.py", "bench/common.py"])
def test_production_command_is_the_deployed_config(path):
    assert "deploy/gunicorn.conf.py" in (ROOT / path).read_text()
