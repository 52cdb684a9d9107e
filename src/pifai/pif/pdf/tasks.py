"""``pif.render``: render the PIF PDF of the current state or a stored version and keep it
under the fingerprint of what it shows (SPEC §13)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pifai.files.service import FileServices
from pifai.kit.errors import AppError
from pifai.pif.pdf import service
from pifai.pif.pdf.state import ReportState, current_state, stored_state
from pifai.tasks.context import TaskContext
from pifai.tasks.registry import PermanentTaskError, task_kind


def _uuid(payload: dict[str, Any], key: str) -> uuid.UUID | None:
    value = payload.get(key)
    if value is None:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise PermanentTaskError(f"payload {key} is not a UUID: {value!r}") from exc


async def _state(ctx: TaskContext) -> ReportState:
    product_id = _uuid(ctx.payload, "product_id")
    if product_id is None:
        raise PermanentTaskError("payload has no product_id")
    version_id = _uuid(ctx.payload, "version_id")
    lang = str(ctx.payload.get("lang") or "zh-Hant")
    try:
        as_of = date.fromisoformat(str(ctx.payload.get("as_of")))
    except ValueError:
        as_of = date.today()
    async with ctx.session() as session:
        try:
            if version_id is None:
                return await current_state(session, ctx.org_id, product_id, lang, as_of)
            return await stored_state(session, ctx.org_id, product_id, version_id, lang)
        except AppError as exc:  # the product or version is gone: nothing to retry
            raise PermanentTaskError(exc.message) from exc


@task_kind(service.RENDER, max_attempts=3, time_limit_seconds=300.0)
async def render_task(ctx: TaskContext) -> dict[str, Any]:
    state = await _state(ctx)
    await ctx.progress(10)
    async with ctx.session() as session:
        existing = await service.find(session, ctx.org_id, state)
    if existing is None:
        rendered = await service.render_in_thread(state, ctx.settings)
        await ctx.progress(80)
        requested_by = _uuid(ctx.payload, "requested_by")
        async with ctx.session() as session:
            existing = await service.store(
                session,
                FileServices.from_settings(ctx.settings),
                ctx.org_id,
                state,
                rendered,
                requested_by,
            )
    base = f"/api/v1/products/{state.product_id}/pif-versions"
    url = (
        f"{base}/{state.version_id}/regulatory-pdf"
        if state.version_id
        else f"{base}/regulatory-pdf"
    )
    lang = "en" if state.lang == "en" else "zh"
    return {
        "report_id": str(existing.id),
        "state_hash": existing.state_hash,
        "pages": existing.pages,
        "size_bytes": existing.size_bytes,
        "sha256": existing.sha256,
        "pades_signed": existing.pades_signed,
        "download_url": f"{url}?lang={lang}",
    }
