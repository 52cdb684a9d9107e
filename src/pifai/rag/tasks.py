"""``rag.sync_product``: a product's knowledge base, created or deleted by a worker so that
the service's speed or health never delays or fails a product request (SPEC §15).

Payload ``{"action": "create", "product_id"}`` or ``{"action": "delete", "product_id",
"kb_id"}``, written by :mod:`pifai.rag.hooks` in the product's own transaction.

- create: skipped when the product is gone, archived or already linked. A failed create is
  not retried (it is not idempotent: a timed-out request may have made one): the task
  fails with the reason and ``rag_kb_id`` stays empty for ``pifai rag backfill``. If the
  product got an id meanwhile, the knowledge base just made is deleted again.
- delete: idempotent (404 counts as done), so a failure is retried with the task system's
  backoff; once deleted, ``rag_kb_id`` is cleared (only if it still names that one).
"""

from __future__ import annotations

import uuid
from typing import Any

from pifai.products import repository as products_repo
from pifai.rag import repository as repo
from pifai.rag.client import RagClient, RagError
from pifai.rag.hooks import SOURCE, SYNC_PRODUCT, delete_kb_soft, open_client
from pifai.tasks.context import TaskContext
from pifai.tasks.registry import PermanentTaskError, task_kind

MAX_ATTEMPTS = 4
TIME_LIMIT_SECONDS = 300.0  # a few requests at PIFAI_RAG_TIMEOUT_SECONDS (≤ 120 s) each


def _read(payload: dict[str, Any]) -> tuple[str, uuid.UUID, str | None]:
    action = payload.get("action")
    kb_id = payload.get("kb_id")
    try:
        product_id = uuid.UUID(str(payload.get("product_id")))
    except ValueError:
        raise PermanentTaskError("not a rag.sync_product payload (product_id)") from None
    if action not in ("create", "delete"):
        raise PermanentTaskError(f"unknown rag.sync_product action {action!r}")
    if action == "delete" and (not isinstance(kb_id, str) or not kb_id.strip()):
        raise PermanentTaskError("a delete needs the knowledge base id")
    return action, product_id, kb_id


@task_kind(SYNC_PRODUCT, max_attempts=MAX_ATTEMPTS, time_limit_seconds=TIME_LIMIT_SECONDS)
async def sync_product(ctx: TaskContext) -> dict[str, Any]:
    action, product_id, kb_id = _read(ctx.payload)
    async with open_client() as rag:
        if rag is None:
            return {"action": action, "outcome": "not_configured"}
        if action == "create":
            return await _create(ctx, rag, product_id)
        assert kb_id is not None
        return await _delete(ctx, rag, product_id, kb_id)


async def _create(ctx: TaskContext, rag: RagClient, product_id: uuid.UUID) -> dict[str, Any]:
    async with ctx.session() as session:
        product = await products_repo.get_product_for_org(session, ctx.org_id, product_id)
        if product is None or product.archived_at is not None:
            return {"action": "create", "outcome": "skipped", "reason": "product archived"}
        if product.rag_kb_id:
            return {"action": "create", "outcome": "already_linked"}
        name = product.name
    try:
        kb = await rag.create_kb(ctx.org_id, product_id, name, SOURCE)
    except RagError as exc:
        raise PermanentTaskError(f"{exc.message}; left for `pifai rag backfill`") from None
    async with ctx.session() as session:
        linked = await repo.set_rag_kb_id_for_org(session, ctx.org_id, product_id, kb.id)
    if not linked:
        await delete_kb_soft(kb.id, org_id=ctx.org_id, product_id=product_id, client=rag)
        return {"action": "create", "outcome": "already_linked"}
    return {"action": "create", "outcome": "created", "kb_id": kb.id}


async def _delete(
    ctx: TaskContext, rag: RagClient, product_id: uuid.UUID, kb_id: str
) -> dict[str, Any]:
    deleted = await rag.delete_kb(kb_id)  # a RagError is retried: deleting is idempotent
    async with ctx.session() as session:
        await repo.clear_rag_kb_id_for_org(session, ctx.org_id, product_id, kb_id)
    return {"action": "delete", "outcome": "deleted" if deleted else "already_gone"}
