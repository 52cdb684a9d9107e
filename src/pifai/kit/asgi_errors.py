"""The shared JSON error shape sent straight from a pure ASGI middleware, which answers
outside FastAPI's exception handlers (body limit, JSON text check, last-resort 500)."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import Send

from pifai.kit.errors import error_body


async def send_error(send: Send, status: int, code: str, message: str, details: Any) -> None:
    body = json.dumps(error_body(code, message, details)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
