"""deploy/nginx.conf in a real nginx (Debian's, installed by .ci/run): browsers' sockets reach the
live processes only and sticky, everything else the page process, the live ones stand in while it
is down, and a 503 (admission control refusing a handshake) is never retried at another process.
The upstreams are stand-ins that say who they are: what is tested is the routing, not the app."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from tests.server import free_port

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed")


class StandIn:
    """A process behind nginx: answers every request with its name (503 when told to refuse)."""

    def __init__(self, name: str):
        self.name, self.refuse, self.paths = name, False, []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                stand_in.paths.append(self.path)
                body = stand_in.name.encode()
                self.send_response(503 if stand_in.refuse and "socket.io" in self.path else 200)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")  # stopped means gone: no kept connection
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(tmp_path):
    stand_ins = {name: StandIn(name) for name in ("live1", "live2", "pages")}
    port = free_port()
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    conf = conf.replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
    for deployed, name in (("8001", "live1"), ("8002", "live2"), ("8010", "pages")):
        conf = conf.replace(f"127.0.0.1:{deployed}", f"127.0.0.1:{stand_ins[name].port}")
    (tmp_path / "parkbank.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    include {tmp_path}/parkbank.conf;
}}
""")
    log = tmp_path / "nginx.out"
    with open(log, "wb") as out:
        nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                                  "-g", "daemon off; user root;"], stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            requests.get(base + "/healthz", timeout=1)
            break
        except requests.ConnectionError:
            assert nginx.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.05)
    try:
        yield base, stand_ins
    finally:
        nginx.terminate()
        nginx.wait(10)
        for stand_in in stand_ins.values():
            stand_in.stop()


def who(base: str, path: str, method: str = "GET", **headers) -> tuple[int, str]:
    answer = requests.request(method, base + path, headers=headers, timeout=5)
    return answer.status_code, answer.text


def test_sockets_go_sticky_to_the_live_processes_and_the_rest_to_the_page_process(proxy):
    base, stand_ins = proxy
    socket_path = "/socket.io/?EIO=4&transport=polling"
    assert who(base, "/")[1] == "pages"
    assert who(base, "/healthz")[1] == "pages"
    assert who(base, "/moderering/inlagg/1/beslut", "POST")[1] == "pages"
    # one client address, one live process, every time (its polling requests need its session)
    answers = {who(base, socket_path)[1] for _ in range(10)}
    assert len(answers) == 1 and answers <= {"live1", "live2"}
    assert not [p for p in stand_ins["pages"].paths if p.startswith("/socket.io/")]


def test_the_live_processes_serve_pages_while_the_page_process_is_down(proxy):
    base, stand_ins = proxy
    stand_ins["pages"].stop()
    assert who(base, "/")[1] in {"live1", "live2"}


def test_a_refused_handshake_is_not_tried_again_at_the_other_live_process(proxy):
    base, stand_ins = proxy
    for stand_in in stand_ins.values():
        stand_in.refuse = True
    status, _ = who(base, "/socket.io/?EIO=4&transport=polling")
    assert status == 503
    tried = [p for s in (stand_ins["live1"], stand_ins["live2"]) for p in s.paths]
    assert len(tried) == 1
