"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from pifai import __version__
from pifai.api.health import router as health_router
from pifai.api.metrics import router as metrics_router
from pifai.api.v1.router import api_router
from pifai.core.config import Settings, get_settings
from pifai.core.database import Database
from pifai.core.logging import configure_logging
from pifai.files.service import FileServices
from pifai.ingredients.endpoints import EXTRA_OPENAPI_MODELS
from pifai.kit.body_limit import BodyLimitMiddleware
from pifai.kit.error_handlers import install_error_handlers
from pifai.kit.json_text import JsonTextMiddleware
from pifai.kit.request_context import RequestIdMiddleware
from pifai.tasks.inprocess_queue import InProcessQueue
from pifai.tasks.runtime import build_queue, build_worker, reconcile_database
from pifai.web import mount_web

# Routes that take file uploads get the upload limit instead of the JSON body limit.
UPLOAD_PATHS = (
    r"/api/v1/products/[^/]+/pif/upload",
    r"/api/v1/ingredients/check-formula",
    r"/api/v1/raw-materials/upload",
    r"/api/v1/chemical-sync/[a-z]+",
)


def create_app(settings: Settings | None = None, *, configure_logs: bool = True) -> FastAPI:
    settings = settings or get_settings()
    if configure_logs:
        configure_logging(settings.log_level, json_output=settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker_task = None
        if isinstance(app.state.queue, InProcessQueue) and settings.inprocess_worker:
            worker = build_worker(settings, app.state.db, app.state.queue)
            app.state.worker = worker
            worker_task = asyncio.create_task(worker.run())
        yield
        if worker_task is not None:
            app.state.worker.stop()
            await worker_task
        await app.state.queue.close()
        if app.state.metrics_db not in (None, app.state.db):
            await app.state.metrics_db.dispose()
        await app.state.db.dispose()

    app = FastAPI(
        title="PIF AI",
        version=__version__,
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = Database(
        settings.resolved_database_url, echo=settings.db_echo, pool_size=settings.db_pool_size
    )
    app.state.queue = build_queue(settings)
    app.state.files = FileServices.from_settings(settings)
    app.state.metrics_db = reconcile_database(settings, app.state.db)
    install_error_handlers(app)
    upload_limit = settings.max_upload_bytes + 64 * 1024  # the file plus its form fields
    app.add_middleware(JsonTextMiddleware)  # inside the size limit: never buffers more
    app.add_middleware(
        BodyLimitMiddleware,
        max_body_bytes=settings.max_body_bytes,
        overrides=tuple((pattern, upload_limit) for pattern in UPLOAD_PATHS),
    )
    app.add_middleware(RequestIdMiddleware)
    app.include_router(health_router)
    app.include_router(metrics_router)
    app.include_router(api_router)
    mount_web(app)  # the browser interface: /, /app/..., /static/... (docs/web.md)
    app.openapi = lambda: _openapi_with_error_shape(app)  # type: ignore[method-assign]
    return app


_ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"description": "Field errors or context; may be null"},
            },
        }
    },
}


def _openapi_with_error_shape(app: FastAPI) -> dict[str, Any]:
    """Document the error shape the API really returns instead of FastAPI's default."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, routes=app.routes, description=app.description
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["HTTPValidationError"] = _ERROR_SCHEMA
    components.pop("ValidationError", None)
    for model in EXTRA_OPENAPI_MODELS:  # bodies read by hand (JSON or multipart)
        extra = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in extra.pop("$defs", {}).items():
            components.setdefault(name, definition)
        components[model.__name__] = extra
    app.openapi_schema = schema
    return schema
