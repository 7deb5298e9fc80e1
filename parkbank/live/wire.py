"""The JSON of Socket.IO packets, with catch-up events serialised once.

python-socketio encodes every packet with `json.dumps`. A catch-up answer holds events the
recent-events store keeps as JSON text (`parkbank.live.recent`), the same text for every client
that asks: decoding it and encoding it again for each of thousands of reconnecting clients was the
storm's main cost. `Encoded` is a list of such texts; `dumps` writes it into the packet as it is.
Everything else is the standard library's json (Socket.IO's default), so nothing else changes.
"""

from __future__ import annotations

import json

loads = json.loads


class Encoded(list):
    """A JSON array whose items are already JSON texts (each one valid JSON by itself)."""


def _marker(index: int) -> str:
    return f"\x00parkbank-encoded-{index}\x00"


def dumps(obj, **kwargs) -> str:
    """json.dumps, writing an `Encoded` value of a dict (at the top, or in a top-level list: a
    Socket.IO packet's data) as the array of its texts, unencoded again."""
    spliced: list[Encoded] = []

    def swap(value):
        if isinstance(value, dict) and any(isinstance(v, Encoded) for v in value.values()):
            out = {}
            for key, item in value.items():
                if isinstance(item, Encoded):
                    spliced.append(item)
                    item = _marker(len(spliced) - 1)
                out[key] = item
            return out
        return value

    if isinstance(obj, list):
        obj = [swap(item) for item in obj]
    else:
        obj = swap(obj)
    text = json.dumps(obj, **kwargs)
    for index, items in enumerate(spliced):
        text = text.replace(json.dumps(_marker(index)), "[" + ",".join(items) + "]", 1)
    return text
