"""HTTP client of the central knowledge base service (SPEC §15).

Every request carries ``X-RAG-API-Key`` and ``X-Tenant-ID`` (the service answers 400
without the tenant). The endpoints, relative to ``PIFAI_RAG_BASE_URL``:

- ``POST /knowledge-bases`` ``{"name", "metadata": {"org", "product", "name", "source"}}``
  → 200/201 ``{"status": "success", "data": {"id": "kb_…"}}``
- ``DELETE /knowledge-bases/{kb_id}`` → 2xx; 404 means it is already gone (done)
- ``GET /knowledge-bases`` → 2xx (the tenant's list): :meth:`RagClient.health`, the
  cheapest authenticated call (the API-key test)
- ``POST /knowledge-bases/{kb_id}/ask`` ``{"question"}`` → ``{"data": {"answer",
  "from_wiki", "sources": [{"title", "url", "snippet", "score"}]}}``; ``from_wiki`` tells
  which retrieval tier answered: the curated wiki (true) or the raw document chunks (false).

A top-level object without the ``data`` envelope is read the same way. Any other status,
a timeout, a transport failure or an unexpected shape is a :class:`RagError` carrying the
status when there was one. Nothing is retried: a create is not idempotent, and the callers
that must not fail (:mod:`pifai.rag.hooks`) leave the product for ``pifai rag backfill``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, Self
from urllib.parse import quote

import httpx

from pifai.rag.settings import RagSettings

API_KEY_HEADER = "X-RAG-API-Key"
TENANT_HEADER = "X-Tenant-ID"
KB_PREFIX = "pif"
KB_PATH = "/knowledge-bases"


class RagError(Exception):
    """A request to the knowledge base service that failed; ``status`` is the HTTP status
    when the service answered at all."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class KnowledgeBase:
    id: str
    name: str


@dataclass(frozen=True)
class RagSource:
    title: str | None
    url: str | None
    snippet: str | None
    score: float | None


@dataclass(frozen=True)
class RagAnswer:
    answer: str
    from_wiki: bool | None  # None: the service did not say
    sources: tuple[RagSource, ...]

    @property
    def tier(self) -> Literal["wiki", "retrieval", "unknown"]:
        """Which retrieval tier answered: the curated wiki or the raw document chunks."""
        if self.from_wiki is None:
            return "unknown"
        return "wiki" if self.from_wiki else "retrieval"


def kb_name(org_id: uuid.UUID | str, product_id: uuid.UUID | str) -> str:
    """``pif_<org_id>_<product_id>``: one knowledge base per product (SPEC §15)."""
    return f"{KB_PREFIX}_{org_id}_{product_id}"


def kb_metadata(
    org_id: uuid.UUID | str, product_id: uuid.UUID | str, name: str, source: str
) -> dict[str, str]:
    return {"org": str(org_id), "product": str(product_id), "name": name, "source": source}


def require_kb_id(kb_id: str | None) -> str:
    """A kb id must come from our own product row (the ACL gate); empty is refused, never
    sent: an empty path segment could address the tenant's collection instead."""
    if not isinstance(kb_id, str) or not kb_id.strip():
        raise ValueError("a knowledge base id is required (resolved through the product)")
    return kb_id.strip()


class RagClient:
    """One configured service. ``http`` is injectable (tests pass an ``httpx.MockTransport``
    client); a client this object created is closed with it."""

    def __init__(self, settings: RagSettings, http: httpx.AsyncClient | None = None) -> None:
        if not settings.configured or settings.api_key is None or settings.base_url is None:
            raise ValueError("the RAG client needs PIFAI_RAG_BASE_URL, _API_KEY and _TENANT_ID")
        self.settings = settings
        self._base = settings.base_url
        self._headers = {
            API_KEY_HEADER: settings.api_key.get_secret_value(),
            TENANT_HEADER: str(settings.tenant_id),
            "Accept": "application/json",
        }
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def health(self) -> None:
        """One authenticated request (list the tenant's knowledge bases); raises
        :class:`RagError` unless the service accepts the credentials."""
        await self._send("GET", KB_PATH)

    async def create_kb(
        self, org_id: uuid.UUID | str, product_id: uuid.UUID | str, name: str, source: str
    ) -> KnowledgeBase:
        body = {
            "name": kb_name(org_id, product_id),
            "metadata": kb_metadata(org_id, product_id, name, source),
        }
        response = await self._send("POST", KB_PATH, json=body)
        data = _payload(response)
        kb_id = data.get("id")
        if not isinstance(kb_id, str) or not kb_id.strip():
            raise RagError("RAG: unexpected response shape (no knowledge base id)")
        return KnowledgeBase(id=kb_id, name=str(body["name"]))

    async def delete_kb(self, kb_id: str) -> bool:
        """True when deleted now, False when it was already gone (404 counts as done)."""
        path = f"{KB_PATH}/{quote(require_kb_id(kb_id), safe='')}"
        response = await self._send("DELETE", path, ok_statuses={404})
        return response.status_code != 404

    async def ask(self, kb_id: str, question: str) -> RagAnswer:
        path = f"{KB_PATH}/{quote(require_kb_id(kb_id), safe='')}/ask"
        if not question.strip():
            raise ValueError("the question is empty")
        response = await self._send("POST", path, json={"question": question})
        return parse_answer(_payload(response))

    async def _send(
        self,
        method: str,
        path: str,
        *,
        json: Mapping[str, Any] | None = None,
        ok_statuses: frozenset[int] | set[int] = frozenset(),
    ) -> httpx.Response:
        timeout = self.settings.timeout_seconds
        try:
            response = await self._http.request(
                method, self._base + path, json=json, headers=self._headers, timeout=timeout
            )
        except httpx.TimeoutException as exc:
            raise RagError(f"RAG: timed out after {timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise RagError(f"RAG: connection failed ({type(exc).__name__})") from exc
        except (UnicodeError, httpx.InvalidURL) as exc:  # e.g. a non-ASCII key in a header
            raise RagError(
                f"RAG: the request could not be sent (the key, tenant or URL contains "
                f"characters a request cannot carry: {type(exc).__name__})"
            ) from exc
        if response.is_success or response.status_code in ok_statuses:
            return response
        raise RagError(f"RAG: HTTP {response.status_code}", status=response.status_code)


def _payload(response: httpx.Response) -> Mapping[str, Any]:
    """The answer's object, inside the ``data`` envelope when there is one."""
    try:
        body = response.json()
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        raise RagError("RAG: malformed JSON", status=response.status_code) from exc
    if isinstance(body, Mapping) and isinstance(body.get("data"), Mapping):
        body = body["data"]
    if not isinstance(body, Mapping):
        raise RagError("RAG: unexpected response shape (not an object)")
    return body


def parse_answer(data: Mapping[str, Any]) -> RagAnswer:
    answer = data.get("answer")
    if not isinstance(answer, str):
        raise RagError("RAG: unexpected response shape (no answer)")
    sources = data.get("sources") or []
    if not isinstance(sources, list):
        raise RagError("RAG: unexpected response shape (sources is not a list)")
    return RagAnswer(
        answer=answer,
        from_wiki=_from_wiki(data.get("from_wiki")),
        sources=tuple(_source(s) for s in sources if isinstance(s, Mapping)),
    )


def _from_wiki(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return value.strip().lower() == "true"
    raise RagError(f"RAG: unexpected response shape (from_wiki={value!r})")


def _source(item: Mapping[str, Any]) -> RagSource:
    score = item.get("score")
    return RagSource(
        title=_text(item.get("title")),
        url=_text(item.get("url")),
        snippet=_text(item.get("snippet") or item.get("content")),
        score=float(score)
        if isinstance(score, int | float) and not isinstance(score, bool)
        else None,
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
