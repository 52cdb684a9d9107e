"""Render every error, expected or not, as the shared JSON shape; never a stack trace."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from pifai.kit.errors import AppError, error_body

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


def _length_message(err: dict[str, Any]) -> str | None:
    """Pydantic checks the length of an optional text *after* its validators as a generic
    ``too_long``/``too_short`` ("at most 200 items"); text is measured in characters."""
    ctx = err.get("ctx") or {}
    if not isinstance(err.get("input"), str):
        return None
    if err.get("type") == "too_long" and "max_length" in ctx:
        return f"String should have at most {ctx['max_length']} characters"
    if err.get("type") == "too_short" and "min_length" in ctx:
        return f"String should have at least {ctx['min_length']} characters"
    return None


def validation_details(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    details = []
    for err in errors:
        loc = tuple(err.get("loc", ()))
        message = _length_message(err) or str(err.get("msg")).removeprefix("Value error, ")
        if err.get("type") == "json_invalid":
            # The location is a character offset, not a field: say so.
            position = loc[1] if len(loc) > 1 else "?"
            details.append({"field": "body", "message": f"{message} at character {position}"})
            continue
        details.append({"field": _field_path(loc), "message": message})
    return details


async def _app_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return JSONResponse(
        error_body(exc.code, exc.message, exc.details),
        status_code=exc.status_code,
        headers=exc.headers,
    )


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = validation_details(list(exc.errors()))
    fields = ", ".join(d["field"] for d in details) or "request"
    return JSONResponse(
        error_body("validation_error", f"Invalid input: {fields}", details), status_code=422
    )


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return JSONResponse(error_body(code, message), status_code=exc.status_code, headers=exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
