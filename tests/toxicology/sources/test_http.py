"""The shared HTTP behaviour: one retry on timeouts, 429 and 5xx only; specific messages;
a rate limiter that spaces requests, checked with a fake clock (no wall-clock timing)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from pifai.toxicology.sources.http import (
    NotFound,
    Policy,
    RateLimiter,
    SourceFailure,
    get_json,
    guarded,
)
from tests.toxicology.sources._transport import Recorder, raises, status

URL = "https://example.test/thing"
POLICY = Policy(label="Src", timeout=5.0, retries=1)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


async def _get(recorder: Recorder, policy: Policy = POLICY) -> object:
    async with recorder.client() as client:
        return await get_json(client, URL, policy)


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        (raises(httpx.ReadTimeout), "Src: timed out after 5 s"),
        (raises(httpx.ConnectTimeout), "Src: timed out after 5 s"),
        (status(500), "Src: HTTP 500"),
        (status(503), "Src: HTTP 503"),
        (status(429), "Src: HTTP 429"),
    ],
)
async def test_transient_failures_are_retried_once_then_fail(handler, message: str) -> None:
    recorder = Recorder({"/thing": handler})

    with pytest.raises(SourceFailure, match=message):
        await _get(recorder)

    assert len(recorder.requests) == 2


@pytest.mark.parametrize("code", [400, 401, 403])
async def test_client_errors_are_not_retried(code: int) -> None:
    recorder = Recorder({"/thing": status(code)})

    with pytest.raises(SourceFailure, match=f"Src: HTTP {code}"):
        await _get(recorder)

    assert len(recorder.requests) == 1


async def test_a_retry_that_succeeds_returns_the_answer() -> None:
    answers = iter([httpx.Response(502), httpx.Response(200, json={"a": 1})])
    recorder = Recorder({"/thing": lambda _r: next(answers)})

    assert await _get(recorder) == {"a": 1}
    assert len(recorder.requests) == 2


async def test_no_retry_when_retries_is_zero() -> None:
    recorder = Recorder({"/thing": status(500)})

    with pytest.raises(SourceFailure):
        await _get(recorder, Policy(label="Src", timeout=5.0, retries=0))

    assert len(recorder.requests) == 1


async def test_404_is_not_found_without_retry() -> None:
    recorder = Recorder({"/thing": status(404)})

    with pytest.raises(NotFound):
        await _get(recorder)

    assert len(recorder.requests) == 1


async def test_malformed_json_is_a_failure_not_a_crash() -> None:
    recorder = Recorder({"/thing": status(200, b"<html>maintenance</html>")})

    with pytest.raises(SourceFailure, match="Src: malformed JSON"):
        await _get(recorder)


async def test_connection_refused_is_reported_by_name() -> None:
    recorder = Recorder({"/thing": raises(httpx.ConnectError)})

    with pytest.raises(SourceFailure, match=r"Src: connection failed \(ConnectError\)"):
        await _get(recorder)


async def test_guarded_turns_a_parser_bug_into_a_failed_result() -> None:
    async def broken() -> dict[str, object]:
        raise KeyError("surprise")

    result = await guarded("src", POLICY, 1.0, broken)

    assert (result.status, result.error) == ("failed", "Src: unexpected error (KeyError)")


async def test_guarded_bounds_a_source_that_never_answers() -> None:
    async def hangs() -> dict[str, object]:
        await asyncio.Event().wait()
        return {}

    result = await guarded("src", POLICY, 0.01, hangs)

    assert (result.status, result.error) == ("failed", "Src: timed out after 0.01 s")


async def test_rate_limiter_spaces_concurrent_requests() -> None:
    clock = FakeClock()
    limiter = RateLimiter(5.0, clock=clock, sleep=clock.sleep)

    await asyncio.gather(*(limiter.acquire() for _ in range(5)))

    assert clock.sleeps == pytest.approx([0.2, 0.4, 0.6, 0.8])


async def test_rate_limiter_does_not_wait_once_the_interval_has_passed() -> None:
    clock = FakeClock()
    limiter = RateLimiter(5.0, clock=clock, sleep=clock.sleep)
    await limiter.acquire()

    clock.now = 0.25
    await limiter.acquire()
    clock.now = 0.3
    await limiter.acquire()

    assert clock.sleeps == pytest.approx([0.15])


async def test_every_attempt_including_retries_goes_through_the_limiter() -> None:
    clock = FakeClock()
    limiter = RateLimiter(5.0, clock=clock, sleep=clock.sleep)
    recorder = Recorder({"/thing": status(503)})
    policy = Policy(label="Src", timeout=5.0, retries=1, limiter=limiter)

    with pytest.raises(SourceFailure):
        await _get(recorder, policy)

    assert clock.sleeps == pytest.approx([0.2])


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        RateLimiter(0)
