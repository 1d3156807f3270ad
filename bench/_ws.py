"""A bare WebSocket client of the live feed for the fan-out benches (live_feed.py, fanout.py).

Hundreds or thousands of clients share the machine's cores with the servers they measure, so
each is a bare asyncio protocol rather than a full client library (which spent more CPU per
message than the server's fan-out did): it completes the handshake, offers permessage-deflate as
browsers do, and for every frame it receives, takes the time, inflates and hands the message on,
and answers pings.
"""

from __future__ import annotations

import asyncio
import base64
import os
import time
import zlib
from collections.abc import Callable
from typing import cast


class FeedClient(asyncio.Protocol):
    """One WebSocket client of the live feed, reduced to what the measurement needs."""

    def __init__(self, request: bytes, on_message: Callable[[float, bytes], None]) -> None:
        self.request = request
        self.on_message = on_message
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.buffer = bytearray()
        self.fragments: list[bytes] = []
        self.deflated = False  # whether the message being received is compressed (RSV1)
        self.inflater: zlib._Decompress | None = None
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, though they behave as one.
        self.transport = cast(asyncio.Transport, transport)
        self.transport.write(self.request)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(exc or ConnectionError("closed during the handshake"))

    def data_received(self, data: bytes) -> None:
        at = time.perf_counter()  # every frame in this read arrived now
        self.buffer += data
        if not self.opened.done():
            head, sep, rest = bytes(self.buffer).partition(b"\r\n\r\n")
            if not sep:
                return
            if not head.startswith(b"HTTP/1.1 101"):
                self.opened.set_exception(ConnectionError(head.split(b"\r\n", 1)[0].decode()))
                return
            if b"permessage-deflate" in head.lower():
                self.inflater = zlib.decompressobj(wbits=-15)
            self.buffer = bytearray(rest)
            self.opened.set_result(None)
        self._frames(at)

    def _frames(self, at: float) -> None:
        buffer = self.buffer
        while len(buffer) >= 2:
            first, length = buffer[0], buffer[1] & 0x7F  # server frames are never masked
            start = 2
            if length == 126:
                start, length = 4, int.from_bytes(buffer[2:4], "big")
            elif length == 127:
                start, length = 10, int.from_bytes(buffer[2:10], "big")
            if len(buffer) < start + length:
                return
            payload = bytes(buffer[start : start + length])
            del buffer[: start + length]
            opcode = first & 0x0F
            if opcode == 0x9:
                self._send(0xA, payload)  # pong, or the server drops the client
            elif opcode in (0x0, 0x1, 0x2):
                if opcode:
                    self.deflated = bool(first & 0x40)
                self.fragments.append(payload)
                if first & 0x80:
                    self._message(at)

    def _message(self, at: float) -> None:
        data, self.fragments = b"".join(self.fragments), []
        if self.deflated:
            assert self.inflater is not None
            data = self.inflater.decompress(data + b"\x00\x00\xff\xff")
        self.on_message(at, data)

    def _send(self, opcode: int, payload: bytes) -> None:
        # Client frames are masked (RFC 6455 5.3); only short control frames are ever sent.
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        assert self.transport is not None
        self.transport.write(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)

    def close(self) -> None:
        assert self.transport is not None
        self._send(0x8, (1000).to_bytes(2, "big"))
        self.transport.close()


async def connect(
    port: int, path: str, headers: dict[str, str], on_message: Callable[[float, bytes], None]
) -> FeedClient:
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits",
        f"Origin: http://127.0.0.1:{port}",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    loop = asyncio.get_running_loop()
    _, client = await loop.create_connection(
        lambda: FeedClient(request, on_message), "127.0.0.1", port
    )
    await asyncio.wait_for(client.opened, timeout=30)
    return client
