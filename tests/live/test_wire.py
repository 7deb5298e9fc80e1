"""Catch-up events go out as the store keeps them: written into the packet, never encoded again."""

from __future__ import annotations

import json

from socketio import packet

from parkbank.live import wire


def test_encoded_texts_are_written_as_they_are_and_read_back_as_events():
    texts = wire.Encoded(['{"event":"post_published","data":{"event_id":3,"post":{"body":"Å \\"citat\\""}}}',
                          '{"event":"post_withdrawn","data":{"event_id":4,"post_id":9}}'])
    answer = {"ok": True, "last_event_id": 4, "events": texts, "resync": False, "own": []}
    text = wire.dumps([answer], separators=(",", ":"))
    assert texts[0] in text and texts[1] in text  # the same text, not encoded again
    assert json.loads(text) == [{**answer, "events": [json.loads(t) for t in texts]}]
    assert wire.dumps({"events": wire.Encoded()}) == '{"events": []}'
    plain = {"a": [1, "\x00"], "b": None}
    assert wire.dumps([plain], separators=(",", ":")) == json.dumps([plain], separators=(",", ":"))


def test_the_app_encodes_socket_io_packets_with_it(app):
    assert packet.Packet.json is wire
    ack = packet.Packet(packet.ACK, data=[{"events": wire.Encoded(['{"event":"x"}'])}], id=1)
    assert ack.encode() == '31[{"events":[{"event":"x"}]}]'
