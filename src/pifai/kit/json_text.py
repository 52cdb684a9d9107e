"""Refuse JSON text that is not Unicode: a lone UTF-16 surrogate escape (``"\\ud800"``).

``json.loads`` accepts it and hands Python a string that cannot be encoded as UTF-8, so
it would fail later — in a database driver, a hash or a PDF — as a 500 after part of the
work was done. This pure ASGI middleware looks at JSON bodies before any route does and
answers 422 naming the field, in the shared error shape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pifai.kit.asgi_errors import send_error

# A \uD800-\uDFFF escape that is itself escaped-out by an odd run of backslashes is text,
# not an escape: only an even run (including none) before it makes it a real escape.
_SURROGATE_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class JsonTextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
        problem = _lone_surrogate(body) if _SURROGATE_ESCAPE.search(body) else None
        if problem is not None:
            await _send_refusal(send, *problem)
            return
        replay = iter(messages)

        async def replaying_receive() -> Message:
            for message in replay:
                return message
            return await receive()

        await self.app(scope, replaying_receive, send)


def _is_json(scope: Scope) -> bool:
    for key, value in scope["headers"]:
        if key == b"content-type":
            media: bytes = value.split(b";", 1)[0].strip().lower()
            return media == b"application/json" or media.endswith(b"+json")
    return False


def _lone_surrogate(body: bytes) -> tuple[str, str] | None:
    """The field path and the offending code point, or None when every escape is paired
    (or the body is not JSON at all: the route's own parser reports that)."""
    try:
        document = json.loads(body)
    except ValueError:
        return None
    for path, text in _strings(document, "body"):
        found = _LONE_SURROGATE.search(text)
        if found:
            return path, f"\\u{ord(found.group()):04x}"
    return None


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, f"{path}.<key>")
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}.{index}")


async def _send_refusal(send: Send, field: str, code_point: str) -> None:
    message = f"contains an unpaired UTF-16 surrogate ({code_point}); text must be valid Unicode"
    await send_error(
        send,
        422,
        "validation_error",
        f"Invalid text in the request: {field} {message}",
        [{"field": field, "message": message}],
    )
