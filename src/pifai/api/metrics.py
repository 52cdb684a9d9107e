"""``GET /metrics``: Prometheus text format (optionally behind a bearer token)."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response

from pifai.kit.errors import Unauthorized
from pifai.tasks.metrics import render_metrics

router = APIRouter(tags=["health"])
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@router.get("/metrics", response_class=Response)
async def metrics(request: Request) -> Response:
    token = request.app.state.settings.metrics_token
    if token:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise Unauthorized("A metrics token is required")
    body = await render_metrics(request.app.state.metrics_db, request.app.state.queue)
    return Response(content=body, media_type=CONTENT_TYPE)
