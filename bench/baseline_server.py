"""The baseline: a bare python-socketio server in gevent mode that only rebroadcasts.

Run under the same server as the app: `gunicorn -k gevent -w 1 --worker-connections 10000
bench.baseline_server:app`. Clients emit `join {room}` (acked); POST /emit {event, room, data}
broadcasts `data` to the room; GET /healthz answers at once.
"""

from __future__ import annotations

import json

import socketio

sio = socketio.Server(async_mode="gevent")


@sio.on("join")
def join(sid, data):
    sio.enter_room(sid, data["room"])
    return {"ok": True}


def _http(environ, start_response):
    path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
    status, body = "200 OK", b'{"status":"ok"}'
    if path == "/emit" and method == "POST":
        message = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
        sio.emit(message["event"], message["data"], to=message["room"])
    elif path != "/healthz":
        status, body = "404 Not Found", b'{"error":"not_found"}'
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


app = socketio.WSGIApp(sio, _http)
