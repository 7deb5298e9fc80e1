"""The baseline: a bare python-socketio server in gevent mode that only rebroadcasts.

Run under the same server as the app: `gunicorn -c deploy/gunicorn.conf.py bench.baseline_server:app`.
Clients emit `join {room, after}` (acked); POST /emit {event, room, data} broadcasts `data` to the
room; GET /healthz answers at once.

Two bare additions, each off unless its environment variable is set:
- BASELINE_MESSAGE_QUEUE (redis://…) and BASELINE_CHANNEL: python-socketio's RedisManager, the
  same channel scheme as the app's processes, so that several baseline processes share events.
- BASELINE_LOG: a JSON-lines file of emitted events (`{"event", "room", "data"}`, data with an
  `event_id`), appended by /emit and by the storm benchmark while the servers are down (as the app's
  `flask` commands write the database). A join with `after` is acked with the events after it
  (`{"ok", "last_event_id", "events": [{"event", "data"}]}`), read from memory: the file is
  re-read from where this process left it only when it has grown (another process or the bench
  wrote to it). No database.
"""

from __future__ import annotations

import json
import os

import socketio

MESSAGE_QUEUE = os.environ.get("BASELINE_MESSAGE_QUEUE")
LOG = os.environ.get("BASELINE_LOG")
manager = (socketio.RedisManager(MESSAGE_QUEUE, channel=os.environ.get("BASELINE_CHANNEL", "baseline"))
           if MESSAGE_QUEUE else None)
sio = socketio.Server(async_mode="gevent", client_manager=manager)
_log: list[dict] = []
_read = 0  # bytes of LOG read into _log


def _refresh() -> None:
    global _read
    if not LOG or not os.path.exists(LOG) or os.path.getsize(LOG) <= _read:
        return
    with open(LOG, "rb") as lines:
        lines.seek(_read)
        chunk = lines.read()
    complete = chunk[:chunk.rfind(b"\n") + 1]
    _read += len(complete)
    _log.extend(json.loads(line) for line in complete.splitlines() if line)


def _append(message: dict) -> None:
    if LOG:
        with open(LOG, "ab") as out:
            out.write(json.dumps(message).encode() + b"\n")


@sio.on("join")
def join(sid, data):
    sio.enter_room(sid, data["room"])
    if not LOG:
        return {"ok": True}
    _refresh()
    after = data.get("after")
    last = _log[-1]["data"]["event_id"] if _log else 0
    events = [] if after is None else [{"event": m["event"], "data": m["data"]} for m in _log
                                       if m["room"] == data["room"] and m["data"]["event_id"] > after]
    return {"ok": True, "last_event_id": last, "events": events}


def _http(environ, start_response):
    path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
    status, body = "200 OK", b'{"status":"ok"}'
    if path == "/emit" and method == "POST":
        message = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
        _append(message)
        sio.emit(message["event"], message["data"], to=message["room"])
    elif path != "/healthz":
        status, body = "404 Not Found", b'{"error":"not_found"}'
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


app = socketio.WSGIApp(sio, _http)
