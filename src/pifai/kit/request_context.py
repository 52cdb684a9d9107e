"""Request id propagation, and the last-resort 500 that still carries it.

The id is accepted from ``X-Request-ID`` when sane, else generated; it is set in a context
variable for the JSON logs and echoed on every response. An exception that escapes every
handler is logged with the id and answered here as the shared JSON error (Starlette's
outermost error middleware would answer after the id is gone).
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pifai.kit.asgi_errors import send_error

log = logging.getLogger(__name__)
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


class RequestIdMiddleware:
    """Pure ASGI middleware (no BaseHTTPMiddleware), so streaming and context stay intact."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"x-request-id"]
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error")
            if started:
                raise
            await _send_internal_error(send_with_id, request_id)
        finally:
            request_id_var.reset(token)


async def _send_internal_error(send: Send, request_id: str) -> None:
    await send_error(
        send,
        500,
        "internal_error",
        "Internal server error; the request id identifies it in the logs.",
        {"request_id": request_id},
    )
