"""A fake knowledge base service behind ``httpx.MockTransport``: every request is kept so
tests can assert on what was (or was not) sent. No test touches the network."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
from pydantic import SecretStr

from pifai.ai_uses.clients import override
from pifai.rag.client import RagClient
from pifai.rag.settings import RagSettings

BASE = "https://rag.test/api/v1"
KEY = "test-key-abc"
TENANT = "11111111-2222-3333-4444-555555555555"

Handler = Callable[[httpx.Request], httpx.Response | Awaitable[httpx.Response]]


def rag_settings(**overrides: Any) -> RagSettings:
    values: dict[str, Any] = {"base_url": BASE, "api_key": SecretStr(KEY), "tenant_id": TENANT}
    return RagSettings(**{**values, **overrides})


def created(kb_id: str = "kb_new_xyz", status: int = 201) -> Handler:
    return lambda _r: httpx.Response(status, json={"status": "success", "data": {"id": kb_id}})


def status(code: int, body: Any = None) -> Handler:
    return lambda _r: httpx.Response(code, json=body if body is not None else {"error": "x"})


def raises(exc: type[httpx.TransportError]) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc("simulated", request=request)

    return handler


class FakeRag:
    """Answers by method: POST create, DELETE, POST …/ask, GET (the list: health)."""

    def __init__(
        self,
        *,
        create: Handler | None = None,
        delete: Handler | None = None,
        ask: Handler | None = None,
        listing: Handler | None = None,
    ) -> None:
        self.create = create or created()
        self.delete = delete or (lambda _r: httpx.Response(204))
        self.ask = ask or status(500)
        self.listing = listing or status(200, {"status": "success", "data": []})
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response | Awaitable[httpx.Response]:
        self.requests.append(request)
        if request.method == "DELETE":
            return self.delete(request)
        if request.method == "GET":
            return self.listing(request)
        if request.url.path.endswith("/ask"):
            return self.ask(request)
        return self.create(request)

    def client(self, **settings: Any) -> RagClient:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self))
        return RagClient(rag_settings(**settings), http)

    @contextlib.contextmanager
    def installed(self, **settings: Any) -> Iterator[None]:
        """This service as the process's configured RAG (what worker tasks and the API-key
        test use, through :func:`pifai.ai_uses.clients.override`)."""
        with override(
            rag_http=lambda: httpx.AsyncClient(transport=httpx.MockTransport(self)),
            rag_settings=lambda: rag_settings(**settings),
        ):
            yield

    def bodies(self) -> list[Any]:
        return [json.loads(r.content) if r.content else None for r in self.requests]

    def methods(self) -> list[str]:
        return [r.method for r in self.requests]
