"""The browser interface: static ES modules and CSS served by the API process itself.

`mount_web(app)` serves `index.html` at `/` and at every `/app/...` deep link, and the
assets under `/static/`. It adds nothing under `/api/v1`, `/healthz`, `/readyz` or
`/metrics`: the interface only calls the API, which stays the single source of truth."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).parent / "static"

# Everything is served from this origin; no inline script, no CDN.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)

_HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

router = APIRouter(include_in_schema=False)


def _index() -> Response:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html", headers=_HEADERS)


@router.api_route("/", methods=["GET", "HEAD"])
async def root() -> Response:
    return RedirectResponse("/app/", status_code=307)


@router.api_route("/app", methods=["GET", "HEAD"])
@router.api_route("/app/", methods=["GET", "HEAD"])
@router.api_route("/app/{path:path}", methods=["GET", "HEAD"])
async def app_page(path: str = "") -> Response:
    """Any deep link of the interface: the client-side router reads the path."""
    return _index()


class _StaticFiles(StaticFiles):
    """Static assets, revalidated on every load (ETag) so an upgrade is seen at once."""

    def file_response(self, *args: object, **kwargs: object) -> Response:
        response = super().file_response(*args, **kwargs)  # type: ignore[arg-type]
        response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def mount_web(app: FastAPI) -> None:
    """Serve the interface at `/`, `/app/...` and `/static/...`."""
    app.include_router(router)
    app.mount("/static", _StaticFiles(directory=STATIC_DIR), name="web-static")
