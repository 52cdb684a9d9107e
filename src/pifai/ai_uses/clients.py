"""Where the AI uses and the API-key tests get their HTTP clients and platform settings.

One process-wide hook, because worker tasks have no application state: production uses
the defaults (each client builds its own connection pool; the platform settings come from
the environment); tests install fakes with :func:`override` (``httpx2.MockTransport`` for
the Anthropic SDK, ``httpx.MockTransport`` for ECHA and RAG). Nothing here sends anything.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

import httpx
import httpx2

from pifai.ai.config import AiSettings, get_ai_settings
from pifai.rag.settings import RagSettings, get_rag_settings

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class ExternalClients:
    """Factories, not clients: each use opens its own and closes it when done."""

    anthropic_http: Callable[[], httpx2.AsyncClient] | None = None  # None: the SDK's own
    echa_http: Callable[[], httpx.AsyncClient] = httpx.AsyncClient
    rag_http: Callable[[], httpx.AsyncClient] = httpx.AsyncClient
    sleep: Sleep = asyncio.sleep  # the AI client's backoff between retries
    ai_settings: Callable[[], AiSettings] = get_ai_settings  # the platform's key and models
    rag_settings: Callable[[], RagSettings] = get_rag_settings


_current = ExternalClients()


def current() -> ExternalClients:
    return _current


@contextlib.contextmanager
def override(**changes: object) -> Iterator[ExternalClients]:
    """Replace some factories for the duration of a block (tests)."""
    global _current
    previous = _current
    _current = dataclasses.replace(previous, **changes)  # type: ignore[arg-type]
    try:
        yield _current
    finally:
        _current = previous
