"""A scripted Anthropic Messages API behind ``httpx2.MockTransport`` (the SDK's HTTP
library): each request takes the next reply, every request is kept so tests can assert
what our code sent. Replies have the shape of real Messages API responses. No test
touches the network."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Mapping
from typing import Any

import httpx2

from pifai.ai.client import LlmClient
from pifai.ai.config import AiSettings
from pifai.ai.tools import (
    InciNormalize,
    IngredientLookup,
    JsonObject,
    PubchemQuery,
    TfdaCheck,
)

Reply = httpx2.Response | Callable[[httpx2.Request], httpx2.Response]
_ids = itertools.count(1)


def text(value: str) -> JsonObject:
    return {"type": "text", "text": value}


def tool_use(name: str, input: Mapping[str, Any], id: str | None = None) -> JsonObject:
    return {
        "type": "tool_use",
        "id": id or f"toolu_01{next(_ids):06d}",
        "name": name,
        "input": input,
    }


def usage(
    input_tokens: int = 1200, output_tokens: int = 180, cache_write: int = 0, cache_read: int = 0
) -> JsonObject:
    return {
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "cache_creation_input_tokens": cache_write,
        "cache_read_input_tokens": cache_read,
        "service_tier": "standard",
    }


def message(
    *content: JsonObject,
    stop_reason: str | None = None,
    model: str = "claude-sonnet-5-5",
    tokens: JsonObject | None = None,
) -> httpx2.Response:
    if stop_reason is None:
        stop_reason = "tool_use" if any(b["type"] == "tool_use" for b in content) else "end_turn"
    body = {
        "id": f"msg_01{next(_ids):06d}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": list(content),
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": tokens or usage(),
    }
    return httpx2.Response(200, json=body, headers={"request-id": f"req_{next(_ids)}"})


def error(
    status: int, kind: str, message: str, headers: Mapping[str, str] | None = None
) -> httpx2.Response:
    body = {"type": "error", "error": {"type": kind, "message": message}}
    return httpx2.Response(status, json=body, headers=dict(headers or {}))


def overloaded() -> httpx2.Response:
    return error(529, "overloaded_error", "Overloaded")


def rate_limited(retry_after: str) -> httpx2.Response:
    return error(
        429,
        "rate_limit_error",
        "Number of request tokens has exceeded your per-minute rate limit",
        {"retry-after": retry_after},
    )


def server_error() -> httpx2.Response:
    return error(500, "api_error", "Internal server error")


def timeout(request: httpx2.Request) -> httpx2.Response:
    raise httpx2.ReadTimeout("timed out", request=request)


class FakeAnthropic:
    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if not self.replies:
            raise AssertionError(f"unexpected request #{len(self.requests)} to {request.url}")
        reply = self.replies.pop(0)
        return reply if isinstance(reply, httpx2.Response) else reply(request)

    @property
    def bodies(self) -> list[JsonObject]:
        return [json.loads(r.content) for r in self.requests]

    def http_client(self) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(transport=httpx2.MockTransport(self))


def refuse_any_request(request: httpx2.Request) -> httpx2.Response:
    raise AssertionError(f"no request may be sent without an API key: {request.url}")


class Sleeps:
    """Records each backoff instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def ai_settings(**overrides: Any) -> AiSettings:
    values: dict[str, Any] = {
        "anthropic_api_key": "sk-ant-test",
        "max_retries": 3,
        "backoff_base_seconds": 1.0,
        "backoff_cap_seconds": 30.0,
        "max_tool_turns": 6,
    }
    return AiSettings(_env_file=None, **{**values, **overrides})  # type: ignore[call-arg]


def llm_client(fake: FakeAnthropic, sleeps: Sleeps | None = None, **overrides: Any) -> LlmClient:
    return LlmClient(
        ai_settings(**overrides),
        http_client=fake.http_client(),
        sleep=sleeps or Sleeps(),
        jitter=lambda: 1.0,  # the full backoff, so delays are exact
    )


class FakeRunner:
    """Canned tool answers; records the validated arguments each tool received."""

    def __init__(self, answers: Mapping[str, JsonObject | Exception]) -> None:
        self.answers = dict(answers)
        self.calls: list[tuple[str, Any]] = []

    async def _answer(self, name: str, args: Any) -> JsonObject:
        self.calls.append((name, args))
        answer = self.answers[name]
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def pubchem_query(self, args: PubchemQuery) -> JsonObject:
        return await self._answer("pubchem_query", args)

    async def tfda_check_restricted(self, args: TfdaCheck) -> JsonObject:
        return await self._answer("tfda_check_restricted", args)

    async def inci_normalize(self, args: InciNormalize) -> JsonObject:
        return await self._answer("inci_normalize", args)

    async def db_lookup_ingredient(self, args: IngredientLookup) -> JsonObject:
        return await self._answer("db_lookup_ingredient", args)
