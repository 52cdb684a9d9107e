from __future__ import annotations

import uuid

from fastapi import APIRouter

from pifai.api.deps import PrincipalDep, SessionDep
from pifai.rag import service
from pifai.rag.deps import RagClientDep
from pifai.rag.schemas import AnswerOut, AskRequest

router = APIRouter(prefix="/products", tags=["knowledge base"])


@router.post("/{product_id}/knowledge-base/ask")
async def ask(
    product_id: uuid.UUID,
    body: AskRequest,
    principal: PrincipalDep,
    session: SessionDep,
    rag: RagClientDep,
) -> AnswerOut:
    """Ask the product's knowledge base; ``tier`` says whether the wiki or raw retrieval
    answered. 404 for another organisation's product, 503 when the service is not
    configured or fails, 409 when the product has no knowledge base yet."""
    kb_id = await service.resolve_kb_id(session, principal.org_id, product_id, client=rag)
    # Read-only: end the transaction before the outbound call, so no lock (SQLite's
    # BEGIN IMMEDIATE takes the write lock) is held while the service thinks.
    await session.commit()
    return AnswerOut.of(await service.ask_kb(kb_id, body.question, client=rag))
