"""Disconnecting every socket in a room, on every server process (a staff user's sockets at logout).

python-socketio can disconnect one socket by its sid (through the message queue when the socket
is on another process), and `close_room` makes the sockets of a room leave it on every process,
but a process knows only its own sockets (`get_participants` is local) and there is no call that
disconnects a whole room. So each process does it for its own sockets: the room's "close_room"
message on the queue carries one more key, and the managers here, which every server process
uses, disconnect their local sockets of that room when they see it. A process that does not
know the key still makes those sockets leave the room.
"""

from __future__ import annotations

import socketio

DISCONNECT_KEY = "parkbank_disconnect"


def _disconnect_local(server, room: str, namespace: str) -> None:
    for sid, _eio_sid in list(server.manager.get_participants(namespace, room)):
        # Disconnecting leaves every room, the queue rooms included.
        server.disconnect(sid, namespace=namespace, ignore_queue=True)


class RoomDisconnectingMixin:
    """For python-socketio's message-queue managers (PubSubManager subclasses)."""

    def disconnect_room(self, room: str, namespace: str = "/") -> None:
        message = {"method": "close_room", "room": room, "namespace": namespace,
                   "host_id": self.host_id, DISCONNECT_KEY: True}
        self._handle_close_room(message)  # this process
        self._publish(message)  # the others

    def _handle_close_room(self, message):
        if message.get(DISCONNECT_KEY):
            _disconnect_local(self.server, message.get("room"), message.get("namespace") or "/")
        super()._handle_close_room(message)


class RedisManager(RoomDisconnectingMixin, socketio.RedisManager):
    pass


class KafkaManager(RoomDisconnectingMixin, socketio.KafkaManager):
    pass


class ZmqManager(RoomDisconnectingMixin, socketio.ZmqManager):
    pass


class KombuManager(RoomDisconnectingMixin, socketio.KombuManager):
    pass


def client_manager(url: str | None, channel: str):
    """The manager for SOCKETIO_MESSAGE_QUEUE, chosen by URL as Flask-SocketIO chooses; None
    without a queue (python-socketio's in-process manager)."""
    if not url:
        return None
    if url.startswith(("redis://", "rediss://")):
        return RedisManager(url, channel=channel)
    if url.startswith("kafka://"):
        return KafkaManager(url, channel=channel)
    if url.startswith("zmq"):
        return ZmqManager(url, channel=channel)
    return KombuManager(url, channel=channel)


def disconnect_room(server, room: str, namespace: str = "/") -> None:
    """Disconnect every socket in `room`, on this process and, with a message queue, on all."""
    if isinstance(server.manager, RoomDisconnectingMixin):
        server.manager.disconnect_room(room, namespace)
    else:
        _disconnect_local(server, room, namespace)
