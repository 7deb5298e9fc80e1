"""Gunicorn settings for production: the one place they are written down (README "Deployment").

Run one gunicorn per core, each with one gevent worker, behind nginx (deploy/nginx.conf):

    gunicorn -c deploy/gunicorn.conf.py wsgi:app          # deploy/parkbank@.service does this

Settings come from the environment (deploy/parkbank@.service reads /etc/parkbank/parkbank.env):
PARKBANK_BIND (default 127.0.0.1:8001) and PARKBANK_LIVE_MAX_SOCKETS (the app's cap on websockets
per process, default 5000), from which worker_connections follows. Options given on gunicorn's
command line override this file (the benchmarks do so for the port and the access log).
This file must not import the application: the master reads it before gevent patches anything.
"""

import os

# The app's cap on websockets per process (PARKBANK_LIVE_MAX_SOCKETS, parkbank/config.py); a
# process above it refuses new handshakes with 503 itself, so gunicorn must never be the limit.
MAX_SOCKETS = int(os.environ.get("PARKBANK_LIVE_MAX_SOCKETS", "5000"))
HTTP_ROOM = 1000  # page loads, API calls, /healthz and refused handshakes next to a full cap

bind = os.environ.get("PARKBANK_BIND", "127.0.0.1:8001")
wsgi_app = "wsgi:app"

# One gevent worker per process, one process per core: a worker holds thousands of websockets
# in greenlets; more workers in one gunicorn would split one board over processes that share
# nothing but Redis, without the sticky routing that nginx gives between ports.
worker_class = "gevent"
workers = 1
# Gunicorn's default (1,000) was filled by 10,000 clients and then every request waited (an
# approve took 80 s): room for the socket cap plus plain HTTP, so that the app's own admission
# control answers first, quickly, with 503.
worker_connections = MAX_SOCKETS + HTTP_ROOM

# With the gevent worker `keepalive` is also how long a new connection may wait for its first
# request to be read. Under a handshake storm the worker is busy for seconds, and at the 2 s
# default it closed thousands of websocket handshakes silently (no log line; 19,127 attempts
# for 6,000 clients). Longer than any wait under load; nginx closes idle upstream connections.
keepalive = 75

# The gevent worker tells the master it is alive once a second from its own greenlet; `timeout`
# is not a request limit here (websockets live for hours). Generous, so that a worker busy with
# a storm is not killed and restarted, which would start the storm again.
timeout = 60
# On SIGTERM (restart, upgrade) a worker waits this long for its connections to end. Websockets
# never end by themselves, so a long wait only delays the restart; ordinary requests take well
# under a second, and browsers come back with full jitter and catch up from their last event_id.
# deploy/parkbank@.service's TimeoutStopSec is above this.
graceful_timeout = 10

# Connections the kernel queues before accept(); a storm of reconnects arrives at once.
# Capped by net.core.somaxconn (4096 by default since Linux 5.4).
backlog = 4096

# Each request written to a file costs CPU under a storm; nginx logs requests already.
accesslog = None
errorlog = "-"
loglevel = "info"
proc_name = "parkbank"

# How many new connections the worker accepts each time its loop passes the listening socket
# (gevent's default: 100; gunicorn sets 1 only with several workers on one socket). Each accepted
# connection is a handshake the loop runs before it comes back to anything else: in a reconnect
# storm a batch of 100 handshakes held /healthz, and the sockets already open, for over a second.
# Smaller batches let them in between; the handshakes still run as fast, one batch per turn.
ACCEPT_PER_TURN = int(os.environ.get("PARKBANK_ACCEPT_PER_TURN", "10"))


def post_fork(server, worker):
    from gevent.baseserver import BaseServer

    BaseServer.max_accept = ACCEPT_PER_TURN
