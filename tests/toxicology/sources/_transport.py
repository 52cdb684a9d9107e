"""Recorded responses served through ``httpx.MockTransport``; every request is kept so
tests can assert on what was (or was not) sent. No test touches the network."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

import httpx

from pifai.core.config import Settings
from tests.conftest import make_settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"

Handler = Callable[[httpx.Request], httpx.Response | Awaitable[httpx.Response]]


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def reply(name: str, status: int = 200) -> Handler:
    body = (FIXTURES / name).read_bytes()
    return lambda _request: httpx.Response(
        status, content=body, headers={"content-type": "application/json"}
    )


def status(code: int, content: bytes = b"") -> Handler:
    return lambda _request: httpx.Response(code, content=content)


def raises(exc: type[httpx.TransportError]) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc("simulated", request=request)

    return handler


class Recorder:
    """Routes a request to the handler of the first path fragment it contains."""

    def __init__(self, routes: Mapping[str, Handler]) -> None:
        self.routes = dict(routes)
        self.requests: list[httpx.Request] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for fragment, handler in self.routes.items():
            if fragment in request.url.path:
                response = handler(request)
                return await response if isinstance(response, Awaitable) else response
        raise AssertionError(f"unexpected request {request.url}")

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self))

    def paths(self, fragment: str = "") -> list[str]:
        return [r.url.path for r in self.requests if fragment in r.url.path]


def settings(**overrides: object) -> Settings:
    """All three sources on, with a key for EPA, unless a test says otherwise."""
    values: dict[str, object] = {
        "pubchem_enabled": True,
        "echa_enabled": True,
        "epa_enabled": True,
        "epa_api_key": "test-key",
    }
    return make_settings(**{**values, **overrides})
