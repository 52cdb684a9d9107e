"""Asking a product's knowledge base. The kb id comes only from the product row that the
org-scoped look-up returned (the ACL gate, SPEC §6): never from a request. Another
organisation's product is a 404, exactly like one that does not exist."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.kit.errors import AppError, Conflict, NotFound
from pifai.products import repository as products_repo
from pifai.rag.client import RagAnswer, RagClient, RagError
from pifai.rag.hooks import is_enabled, open_client
from pifai.rag.settings import RagSettings


class RagUnavailable(AppError):
    status_code = 503
    code = "rag_unavailable"


NOT_CONFIGURED = (
    "The knowledge base service is not configured "
    "(PIFAI_RAG_BASE_URL, PIFAI_RAG_API_KEY, PIFAI_RAG_TENANT_ID)"
)


async def resolve_kb_id(
    session: AsyncSession,
    org_id: uuid.UUID,
    product_id: uuid.UUID,
    *,
    client: RagClient | None = None,
    settings: RagSettings | None = None,
) -> str:
    """404 for a product the caller cannot see; then 503 when the service is not
    configured (back-fill could not help); then 409 when the product has no kb yet."""
    product = await products_repo.get_product_for_org(session, org_id, product_id)
    if product is None:
        raise NotFound("Product not found")
    if not is_enabled(client, settings):
        raise RagUnavailable(NOT_CONFIGURED)
    if not product.rag_kb_id or not product.rag_kb_id.strip():
        raise Conflict(
            "This product has no knowledge base yet (run `pifai rag backfill`)",
            code="no_knowledge_base",
        )
    return product.rag_kb_id


async def ask_kb(
    kb_id: str,
    question: str,
    *,
    client: RagClient | None = None,
    settings: RagSettings | None = None,
) -> RagAnswer:
    """Ask with a kb id already resolved by :func:`resolve_kb_id`."""
    async with open_client(client, settings) as rag:
        if rag is None:
            raise RagUnavailable(NOT_CONFIGURED)
        try:
            return await rag.ask(kb_id, question)
        except RagError as exc:
            raise RagUnavailable(f"The knowledge base service failed ({exc.message})") from exc


async def ask_about_product(
    session: AsyncSession,
    org_id: uuid.UUID,
    product_id: uuid.UUID,
    question: str,
    *,
    client: RagClient | None = None,
    settings: RagSettings | None = None,
) -> RagAnswer:
    kb_id = await resolve_kb_id(session, org_id, product_id, client=client, settings=settings)
    return await ask_kb(kb_id, question, client=client, settings=settings)
