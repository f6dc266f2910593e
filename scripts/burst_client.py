"""A lean load generator for one burst of HTTP requests, run as its own process so that
what it measures is the server: the requests are built beforehand (raw HTTP/1.1 bytes),
each goes on its own keep-alive connection opened and used once before the burst (as a
platform's senders keep theirs), all are written at one instant and each response's time
is taken when its last byte is read. An httpx client in the benchmark's own process — the
process that also runs the fake LINE platform — had cost more than the server's own work:
its burst of 50 GET /healthz took p99 134–626 ms on this machine.

Reads a JSON job on stdin: {"port": int, "requests": [{"method", "path", "headers",
"body"}]}; prints {"sent_at": monotonic seconds, "seconds": [per request], "statuses": […]}.
"""

import asyncio
import json
import sys
import time
from typing import Any

WARM_UP = b"GET /healthz HTTP/1.1\r\nHost: desk\r\n\r\n"

Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


def raw_request(request: dict[str, Any]) -> bytes:
    body = str(request.get("body", "")).encode()
    headers = {"Host": "desk", **request.get("headers", {}), "Content-Length": str(len(body))}
    head = f"{request['method']} {request['path']} HTTP/1.1\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return head.encode() + b"\r\n" + body


async def read_response(reader: asyncio.StreamReader) -> int:
    """Read one response whole (its Content-Length body); its status code."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return int(lines[0].split()[1])


async def warm(port: int) -> Connection:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(WARM_UP)
    await read_response(reader)
    return reader, writer


async def burst(port: int, requests: list[dict[str, Any]]) -> dict[str, Any]:
    raw = [raw_request(r) for r in requests]
    connections = await asyncio.gather(*(warm(port) for _ in raw))
    await asyncio.sleep(0.2)  # let the warm-up's own work settle

    async def timed(reader: asyncio.StreamReader) -> tuple[float, int]:
        status = await read_response(reader)
        return time.monotonic() - sent_at, status

    sent_at = time.monotonic()
    for (_, writer), request in zip(connections, raw, strict=True):
        writer.write(request)
    results = await asyncio.gather(*(timed(reader) for reader, _ in connections))
    for _, writer in connections:
        writer.close()
    return {
        "sent_at": sent_at,
        "seconds": [seconds for seconds, _ in results],
        "statuses": [status for _, status in results],
    }


def main() -> None:
    job = json.load(sys.stdin)
    print(json.dumps(asyncio.run(burst(job["port"], job["requests"]))))


if __name__ == "__main__":
    main()
