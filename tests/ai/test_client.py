"""LlmClient: the model the router picks, our retries (the SDK's are off), degradation
after them, and nothing at all sent without a key."""

from __future__ import annotations

import logging

import httpx2
import pytest

from pifai.ai.client import LlmClient, backoff_delay, retry_after_seconds
from pifai.ai.config import ModelPrice
from pifai.ai.errors import AiNotConfigured, AiRequestRejected, AiUnavailable
from pifai.ai.router import Task
from tests.ai._anthropic import (
    FakeAnthropic,
    Sleeps,
    ai_settings,
    error,
    llm_client,
    message,
    overloaded,
    rate_limited,
    refuse_any_request,
    server_error,
    text,
    timeout,
    usage,
)

HELLO = {"messages": [{"role": "user", "content": [{"type": "text", "text": "hello"}]}]}


async def _create(client: LlmClient, task: Task = Task.SA_DRAFT) -> object:
    return await client.create(task=task, prompt_version="sa_draft.v1#test", **HELLO)


async def test_overloaded_then_success_is_retried_once_after_the_backoff() -> None:
    fake, sleeps = FakeAnthropic(overloaded(), message(text("ok"))), Sleeps()

    await _create(llm_client(fake, sleeps))

    assert len(fake.requests) == 2
    assert sleeps.delays == [1.0]
    assert fake.bodies[0] == fake.bodies[1]  # the same request, sent again


async def test_rate_limit_waits_as_long_as_retry_after_says() -> None:
    fake, sleeps = FakeAnthropic(rate_limited("7"), message(text("ok"))), Sleeps()

    await _create(llm_client(fake, sleeps))

    assert sleeps.delays == [7.0]


async def test_retry_after_longer_than_the_cap_degrades_at_once() -> None:
    fake, sleeps = FakeAnthropic(rate_limited("3600")), Sleeps()

    with pytest.raises(AiUnavailable, match="HTTP 429 after 1 attempt"):
        await _create(llm_client(fake, sleeps, retry_after_cap_seconds=60))

    assert sleeps.delays == []


async def test_persistent_server_error_ends_in_ai_unavailable_after_max_retries() -> None:
    fake, sleeps = FakeAnthropic(*[server_error() for _ in range(4)]), Sleeps()

    with pytest.raises(AiUnavailable, match=r"HTTP 500 after 4 attempt\(s\)"):
        await _create(llm_client(fake, sleeps, max_retries=3))

    assert len(fake.requests) == 4
    assert sleeps.delays == [1.0, 2.0, 4.0]  # exponential


async def test_timeouts_are_retried() -> None:
    fake, sleeps = FakeAnthropic(timeout, message(text("ok"))), Sleeps()

    await _create(llm_client(fake, sleeps))

    assert len(fake.requests) == 2
    assert sleeps.delays == [1.0]


async def test_persistent_timeouts_name_the_timeout() -> None:
    fake = FakeAnthropic(timeout, timeout)

    with pytest.raises(AiUnavailable, match="timed out after 60 s after 2 attempt"):
        await _create(llm_client(fake, max_retries=1))


@pytest.mark.parametrize("status", [400, 401, 403, 404, 413])
async def test_a_refused_request_is_not_retried(status: int) -> None:
    fake, sleeps = FakeAnthropic(error(status, "invalid_request_error", "bad")), Sleeps()

    with pytest.raises(AiRequestRejected, match=f"HTTP {status}"):
        await _create(llm_client(fake, sleeps))

    assert len(fake.requests) == 1
    assert sleeps.delays == []


async def test_without_a_key_nothing_is_sent() -> None:
    http = httpx2.AsyncClient(transport=httpx2.MockTransport(refuse_any_request))
    client = LlmClient(ai_settings(anthropic_api_key=None), http_client=http)

    assert not client.available
    with pytest.raises(AiNotConfigured):
        await _create(client)


async def test_a_blank_key_counts_as_no_key() -> None:
    assert not LlmClient(ai_settings(anthropic_api_key="  ")).available


@pytest.mark.parametrize(
    ("task", "model"),
    [
        (Task.EXTRACT_FORMULA, "strong-model"),
        (Task.SA_DRAFT, "strong-model"),
        (Task.NORMALISE_NAME, "light-model"),
        (Task.CLASSIFY, "light-model"),
    ],
)
async def test_the_router_picks_the_model_sent(task: Task, model: str) -> None:
    fake = FakeAnthropic(message(text("ok")))
    client = llm_client(fake, model_strong="strong-model", model_light="light-model")

    await _create(client, task)

    assert fake.bodies[0]["model"] == model
    assert fake.bodies[0]["max_tokens"] == client.settings.max_tokens
    assert fake.requests[0].headers["x-stainless-retry-count"] == "0"


async def test_each_call_is_logged_with_tokens_and_cost(caplog: pytest.LogCaptureFixture) -> None:
    price = ModelPrice(input=3.0, output=15.0, cache_write=3.75, cache_read=0.3)
    fake = FakeAnthropic(
        message(text("ok"), tokens=usage(1000, 200, cache_write=2000, cache_read=4000))
    )
    client = llm_client(fake, prices={"claude-sonnet-5-5": price})

    with caplog.at_level(logging.INFO, logger="pifai.ai"):
        await _create(client)

    (record,) = [r for r in caplog.records if r.name == "pifai.ai"]
    assert record.ai_task == "sa_draft"  # type: ignore[attr-defined]
    assert record.ai_model == "claude-sonnet-5-5"  # type: ignore[attr-defined]
    assert record.ai_prompt_version == "sa_draft.v1#test"  # type: ignore[attr-defined]
    assert record.ai_input_tokens == 1000  # type: ignore[attr-defined]
    assert record.ai_output_tokens == 200  # type: ignore[attr-defined]
    assert record.ai_cache_creation_input_tokens == 2000  # type: ignore[attr-defined]
    assert record.ai_cache_read_input_tokens == 4000  # type: ignore[attr-defined]
    # (1000 × 3 + 200 × 15 + 2000 × 3.75 + 4000 × 0.3) / 1e6
    assert record.ai_cost_usd == pytest.approx(0.0147)  # type: ignore[attr-defined]
    assert record.ai_attempts == 1  # type: ignore[attr-defined]


async def test_no_cost_is_logged_without_configured_prices(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = FakeAnthropic(message(text("ok")))

    with caplog.at_level(logging.INFO, logger="pifai.ai"):
        await _create(llm_client(fake))

    (record,) = [r for r in caplog.records if r.name == "pifai.ai"]
    assert record.ai_cost_usd is None  # type: ignore[attr-defined]


async def test_a_failed_call_is_logged_too(caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeAnthropic(server_error(), server_error())

    with caplog.at_level(logging.INFO, logger="pifai.ai"), pytest.raises(AiUnavailable):
        await _create(llm_client(fake, max_retries=1))

    (record,) = [r for r in caplog.records if r.name == "pifai.ai"]
    assert record.ai_outcome == "Anthropic API: HTTP 500"  # type: ignore[attr-defined]
    assert record.ai_attempts == 2  # type: ignore[attr-defined]


def test_backoff_doubles_up_to_the_cap_with_jitter_in_the_upper_half() -> None:
    settings = ai_settings(backoff_base_seconds=1.0, backoff_cap_seconds=5.0)

    assert [backoff_delay(n, settings, 1.0) for n in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    assert backoff_delay(2, settings, 0.0) == 2.0


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "7"}, 7.0),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"retry-after": "Wed, 21 Oct 2026 07:28:00 GMT"}, None),
        ({}, None),
    ],
)
def test_retry_after_header(headers: dict[str, str], seconds: float | None) -> None:
    assert retry_after_seconds(headers) == seconds
