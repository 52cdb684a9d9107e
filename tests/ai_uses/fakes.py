"""A Messages API that answers each AI use from its own script (picked by the schema of
``submit_result``), installed through :func:`pifai.ai_uses.clients.override` so the
in-process worker's tasks reach it. Nothing touches the network."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import httpx
import httpx2

from pifai.ai.config import AiSettings
from pifai.ai_uses.clients import ExternalClients, override
from tests.ai._anthropic import Reply, Sleeps, message, overloaded, tool_use
from tests.factories.accounts import Account, register

PLATFORM_KEY = "sk-ant-platform-key-0000platform"
ORG_KEY = "sk-ant-organisation-key-1111wxyz"
_BY_FIELD = {"rows": "extract", "steps": "process", "paragraphs": "synthesis", "sections": "draft"}


def task_of(body: dict[str, Any]) -> str:
    for tool in body.get("tools") or []:
        if tool.get("name") == "submit_result":
            fields = tool["input_schema"].get("properties", {})
            return next((task for f, task in _BY_FIELD.items() if f in fields), "unknown")
    return "probe"


class RoutedAnthropic:
    def __init__(self, **scripts: list[Reply]) -> None:
        self.scripts = {task: list(replies) for task, replies in scripts.items()}
        self.requests: list[tuple[str, httpx2.Request]] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        task = task_of(json.loads(request.content))
        self.requests.append((task, request))
        script = self.scripts.get(task)
        if not script:
            raise AssertionError(f"unexpected {task} request #{len(self.requests)}")
        reply = script.pop(0)
        return reply if isinstance(reply, httpx2.Response) else reply(request)

    def tasks(self) -> list[str]:
        return [task for task, _ in self.requests]

    def keys(self) -> set[str | None]:
        """The credential of each request (the SDK sends it as a bearer token)."""
        return {sent_key(r) for _, r in self.requests}


def sent_key(request: httpx2.Request) -> str | None:
    auth = request.headers.get("authorization", "")
    return auth.removeprefix("Bearer ") or request.headers.get("x-api-key")


def refuse(request: httpx2.Request) -> httpx2.Response:
    raise AssertionError(f"nothing may be sent to Anthropic here: {request.url}")


def platform_settings(key: str | None) -> AiSettings:
    return AiSettings(  # type: ignore[call-arg]
        _env_file=None,
        anthropic_api_key=key,
        max_retries=3,
        backoff_base_seconds=1.0,
        max_tool_turns=6,
    )


@contextlib.contextmanager
def fake_ai(
    fake: RoutedAnthropic | None = None, *, platform_key: str | None = PLATFORM_KEY
) -> Iterator[Sleeps]:
    """The AI uses talk to ``fake`` (or to a transport that fails the test when called)."""
    sleeps = Sleeps()
    handler = fake if fake is not None else refuse
    with override(
        anthropic_http=lambda: httpx2.AsyncClient(transport=httpx2.MockTransport(handler)),
        sleep=sleeps,
        ai_settings=lambda: platform_settings(platform_key),
    ):
        yield sleeps


def no_ai() -> contextlib.AbstractContextManager[Sleeps]:
    return fake_ai(None, platform_key=None)


def scored(value: Any, confidence: float = 0.9, source: str = "photo: row 1") -> dict[str, Any]:
    return {"value": value, "confidence": confidence, "source": source}


def submit(answer: dict[str, Any]) -> httpx2.Response:
    return message(tool_use("submit_result", answer))


def storm(times: int = 4) -> list[Reply]:
    return [overloaded() for _ in range(times)]


__all__ = ["ExternalClients", "RoutedAnthropic", "fake_ai", "no_ai", "scored", "storm", "submit"]


async def owner_with_org_key(client: httpx.AsyncClient) -> Account:
    """A new organisation whose owner stored its own Anthropic key (ORG_KEY)."""
    owner = await register(client)
    put = await client.put(
        "/api/v1/settings/api-keys/anthropic", json={"value": ORG_KEY}, headers=owner.headers
    )
    assert put.status_code == 200, put.text
    return owner
