"""Fail-soft knowledge base calls, and the product hooks built on them (SPEC §15).

Product operations never depend on the knowledge base service:

- Not configured (and no client given): nothing happens, no connection is opened.
- The HTTP call runs *after* the product's transaction committed (an after-commit hook of
  the unit of work), so it never holds a transaction or its locks, and never runs for a
  product whose creation rolled back.
- Any failure is logged and swallowed; ``rag_kb_id`` stays empty and ``pifai rag backfill``
  creates the knowledge base later.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from pifai.core.database import after_commit
from pifai.models import Product
from pifai.rag import repository as repo
from pifai.rag.client import KnowledgeBase, RagClient, RagError
from pifai.rag.settings import RagSettings, get_rag_settings

log = logging.getLogger(__name__)

SOURCE = "pifai"  # the metadata "source" of knowledge bases made on product creation


@asynccontextmanager
async def open_client(
    client: RagClient | None = None, settings: RagSettings | None = None
) -> AsyncIterator[RagClient | None]:
    """The given client, or one made from the settings (closed afterwards), or None when
    the service is not configured."""
    if client is not None:
        yield client
        return
    settings = settings or get_rag_settings()
    if not settings.configured:
        yield None
        return
    async with RagClient(settings) as owned:
        yield owned


def is_enabled(client: RagClient | None = None, settings: RagSettings | None = None) -> bool:
    return client is not None or (settings or get_rag_settings()).configured


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
    client: RagClient | None = None,
    settings: RagSettings | None = None,
) -> None:
    """Once the product's creation has committed, create its knowledge base and store the
    id in ``product.rag_kb_id``. A no-op when the service is not configured."""
    if not is_enabled(client, settings):
        return
    org_id, product_id, name = product.org_id, product.id, product.name

    async def create() -> None:
        kb = await create_kb_soft(org_id, product_id, name, client=client, settings=settings)
        if kb is not None:
            await _link(session, product, kb, client=client, settings=settings)

    after_commit(session, create)


async def on_product_deleted(
    session: AsyncSession,
    product: Product,
    *,
    client: RagClient | None = None,
    settings: RagSettings | None = None,
) -> None:
    """Once the deletion (archiving) has committed, delete the product's knowledge base; a
    404 counts as done. A no-op without a kb id or when the service is not configured."""
    kb_id = product.rag_kb_id
    if not kb_id or not is_enabled(client, settings):
        return
    org_id, product_id = product.org_id, product.id

    async def delete() -> None:
        done = await delete_kb_soft(
            kb_id, org_id=org_id, product_id=product_id, client=client, settings=settings
        )
        if done is not None:
            await _forget(session, product, kb_id)

    after_commit(session, delete)


async def _link(
    session: AsyncSession,
    product: Product,
    kb: KnowledgeBase,
    *,
    client: RagClient | None,
    settings: RagSettings | None,
) -> None:
    """Store the new id in its own short unit of work; if the product got one meanwhile
    (a concurrent back-fill), the knowledge base just made is an orphan: delete it."""
    try:
        linked = await repo.set_rag_kb_id_for_org(session, product.org_id, product.id, kb.id)
        await session.commit()
    except Exception:
        await session.rollback()
        log.exception(
            "could not store the knowledge base id", extra=_ids(product.org_id, product.id)
        )
        linked = False
    if linked:
        set_committed_value(product, "rag_kb_id", kb.id)
        return
    await delete_kb_soft(
        kb.id, org_id=product.org_id, product_id=product.id, client=client, settings=settings
    )


async def _forget(session: AsyncSession, product: Product, kb_id: str) -> None:
    try:
        await repo.clear_rag_kb_id_for_org(session, product.org_id, product.id, kb_id)
        await session.commit()
    except Exception:
        await session.rollback()
        log.exception(
            "could not clear the knowledge base id", extra=_ids(product.org_id, product.id)
        )
        return
    set_committed_value(product, "rag_kb_id", None)


def _warn(action: str, exc: RagError, **ids: object) -> None:
    extra = {k: str(v) for k, v in ids.items() if v is not None}
    log.warning("rag.%s_kb failed: %s", action, exc.message, extra={**extra, "status": exc.status})


def _ids(org_id: uuid.UUID | None, product_id: uuid.UUID | None) -> dict[str, str]:
    return {"org_id": str(org_id), "product_id": str(product_id)}
