"""``RagClientDep``: the knowledge base client a route hands to the hooks.

``app.state.rag_client`` when the application (or a test) installed one; otherwise None,
and the hooks build a client from ``PIFAI_RAG_*`` — or do nothing when it is not set."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from pifai.rag.client import RagClient


def get_rag_client(request: Request) -> RagClient | None:
    client = getattr(request.app.state, "rag_client", None)
    return client if isinstance(client, RagClient) else None


RagClientDep = Annotated[RagClient | None, Depends(get_rag_client)]
