"""Liveness and readiness probes (unversioned, unauthenticated)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from pifai.api.deps import DatabaseDep
from pifai.kit.errors import error_body
from pifai.migrations.runner import head_revision
from pifai.migrations.startup_steps import STEPS

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", response_model=None)
async def readyz(db: DatabaseDep) -> JSONResponse | dict[str, object]:
    """Ready when the database answers and both migration tracks are fully applied."""
    expected = head_revision()
    try:
        async with db.engine.connect() as conn:
            revision = (
                await conn.execute(text("SELECT version_num FROM alembic_version"))
            ).scalar()
            steps = set((await conn.execute(text("SELECT step_id FROM schema_steps"))).scalars())
    except (SQLAlchemyError, OSError) as exc:
        return JSONResponse(
            error_body(
                "not_ready", "Database unreachable or not migrated", {"reason": type(exc).__name__}
            ),
            status_code=503,
        )
    missing_steps = sorted(s.step_id for s in STEPS if s.step_id not in steps)
    if revision != expected or missing_steps:
        return JSONResponse(
            error_body(
                "not_ready",
                "Migrations are not fully applied; run `pifai migrate`",
                {"revision": revision, "expected": expected, "missing_steps": missing_steps},
            ),
            status_code=503,
        )
    return {"status": "ready", "revision": revision or "", "database": db.dialect}
