"""Fail-soft knowledge base calls, and the product hooks built on them (SPEC §15).

Product operations never depend on the knowledge base service:

- Not configured (and no client given): nothing happens, no connection is opened, no task.
- The hooks only create a ``rag.sync_product`` worker task in the product's own
  transaction (:mod:`pifai.rag.tasks` runs it): the request never waits for the service,
  the task is sent only once the product committed (never for a rolled-back creation), and
  it survives a restart.
- A failure leaves ``rag_kb_id`` empty and ``pifai rag backfill`` creates the knowledge
  base later.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.ai_uses.clients import current
from pifai.core.database import Database
from pifai.models import Product, Task
from pifai.rag.client import KnowledgeBase, RagClient, RagError
from pifai.rag.settings import RagSettings
from pifai.tasks.queue import TaskQueue
from pifai.tasks.service import create_task

log = logging.getLogger(__name__)

SOURCE = "pifai"  # the metadata "source" of knowledge bases made on product creation
SYNC_PRODUCT = "rag.sync_product"  # the worker task kind (pifai.rag.tasks)


@asynccontextmanager
async def open_client(
    client: RagClient | None = None, settings: RagSettings | None = None
) -> AsyncIterator[RagClient | None]:
    """The given client, or one made from the settings (``PIFAI_RAG_*`` by default) over
    the process's RAG HTTP factory (closed afterwards), or None when not configured."""
    if client is not None:
        yield client
        return
    clients = current()
    settings = settings or clients.rag_settings()
    if not settings.configured:
        yield None
        return
    async with clients.rag_http() as http, RagClient(settings, http=http) as owned:
        yield owned


def is_enabled(client: RagClient | None = None, settings: RagSettings | None = None) -> bool:
    return client is not None or (settings or current().rag_settings()).configured


async def create_kb_soft(
    org_id: uuid.UUID,
    product_id: uuid.UUID,
    name: str,
    source: str = SOURCE,
    *,
    client: RagClient | None = None,
    settings: RagSettings | None = None,
) -> KnowledgeBase | None:
    """The new knowledge base, or None (not configured, or failed: logged)."""
    async with open_client(client, settings) as rag:
        if rag is None:
            return None
        try:
            return await rag.create_kb(org_id, product_id, name, source)
        except RagError as exc:
            _warn("create", exc, org_id=org_id, product_id=product_id)
        except Exception:  # a bug here must not break product creation either
            log.exception("rag.create_kb failed unexpectedly", extra=_ids(org_id, product_id))
    return None


async def delete_kb_soft(
    kb_id: str | None,
    *,
    org_id: uuid.UUID | None = None,
    product_id: uuid.UUID | None = None,
    client: RagClient | None = None,
    settings: RagSettings | None = None,
) -> bool | None:
    """True deleted, False already gone, None not configured, no id, or failed (logged)."""
    if not kb_id or not kb_id.strip():
        return None
    async with open_client(client, settings) as rag:
        if rag is None:
            return None
        try:
            return await rag.delete_kb(kb_id)
        except RagError as exc:
            _warn("delete", exc, org_id=org_id, product_id=product_id, kb_id=kb_id)
        except Exception:
            log.exception("rag.delete_kb failed unexpectedly", extra=_ids(org_id, product_id))
    return None


async def on_product_created(
    session: AsyncSession,
    product: Product,
    *,
    db: Database | None,
    queue: TaskQueue | None,
    created_by: uuid.UUID | None = None,
) -> Task | None:
    """Create a ``rag.sync_product`` task (action ``create``) in the product's own
    transaction; a worker makes the knowledge base and stores its id. Nothing when the
    service is not configured or no queue is at hand (the CLI's demo: back-fill covers it)."""
    payload = {"action": "create", "product_id": str(product.id)}
    return await _sync_task(session, product, db, queue, payload, created_by)


async def on_product_deleted(
    session: AsyncSession,
    product: Product,
    *,
    db: Database | None,
    queue: TaskQueue | None,
    created_by: uuid.UUID | None = None,
) -> Task | None:
    """Create a ``rag.sync_product`` task (action ``delete``) for the product's knowledge
    base; nothing without a kb id or when the service is not configured."""
    kb_id = product.rag_kb_id
    if not kb_id or not kb_id.strip():
        return None
    payload = {"action": "delete", "product_id": str(product.id), "kb_id": kb_id}
    return await _sync_task(session, product, db, queue, payload, created_by)


async def _sync_task(
    session: AsyncSession,
    product: Product,
    db: Database | None,
    queue: TaskQueue | None,
    payload: dict[str, str],
    created_by: uuid.UUID | None,
) -> Task | None:
    if db is None or queue is None or not is_enabled():
        return None
    return await create_task(
        session,
        db,
        queue,
        org_id=product.org_id,
        kind=SYNC_PRODUCT,
        payload=payload,
        created_by=created_by,
    )


def _warn(action: str, exc: RagError, **ids: object) -> None:
    extra = {k: str(v) for k, v in ids.items() if v is not None}
    log.warning("rag.%s_kb failed: %s", action, exc.message, extra={**extra, "status": exc.status})


def _ids(org_id: uuid.UUID | None, product_id: uuid.UUID | None) -> dict[str, str]:
    return {"org_id": str(org_id), "product_id": str(product_id)}
