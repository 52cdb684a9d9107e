"""Request body size limit answering in the shared JSON error shape.

Starlette's own limit answers 413 as plain text from outside the exception handlers, so
this pure ASGI middleware counts the bytes actually received (a missing or false
``Content-Length`` cannot get around it) and renders the JSON error itself.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pifai.kit.asgi_errors import send_error


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        overrides: tuple[tuple[str, int], ...] = (),
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.overrides = tuple((re.compile(pattern), limit) for pattern, limit in overrides)

    def _limit_for(self, path: str) -> int:
        for pattern, limit in self.overrides:
            if pattern.fullmatch(path):
                return limit
        return self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _send_too_large(send, limit)
            return
        received = 0
        started = False
        refused = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    if not started and not refused:
                        # Answer now: the body parser would turn our exception into a 400.
                        refused = True
                        await _send_too_large(send, limit)
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 has been sent; drop whatever the app answers after it
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if started and not refused:
                raise


def _content_length(scope: Scope) -> int | None:
    for key, value in scope["headers"]:
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _send_too_large(send: Send, limit: int) -> None:
    await send_error(
        send,
        413,
        "payload_too_large",
        f"Request body exceeds the limit of {limit} bytes",
        {"limit_bytes": limit},
    )
