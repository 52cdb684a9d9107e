"""Talking to the external sources politely: one timeout per attempt, one retry, a rate
limit, and every way a request can go wrong turned into one specific message.

The clients never raise to their caller (SPEC §10: "offline or failing, the assessment
still completes"); :func:`guarded` is the single boundary where exceptions become a
``failed`` :class:`SourceResult`.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from pifai.toxicology.sources.result import SourceResult, failed, not_found, ok

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class SourceFailure(Exception):
    """A request that failed for good; ``data`` keeps what was learnt before it failed."""

    def __init__(self, message: str, data: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.data = data or {}


class NotFound(Exception):
    """The source answered that it has nothing for this query (``data``: what it did know)."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        super().__init__("not found")
        self.data = data or {}


class RateLimiter:
    """A token bucket of capacity one: requests start at least ``1 / rate`` seconds apart.

    Capacity one keeps any one-second window at or under ``rate`` requests, which a larger
    burst would not. The slot is reserved without awaiting, so concurrent tasks on one event
    loop cannot take the same slot. ``clock`` and ``sleep`` are injectable for tests.
    """

    def __init__(
        self,
        rate_per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if not rate_per_second > 0:
            raise ValueError("rate must be positive")
        self.interval = 1 / rate_per_second
        self._clock = clock
        self._sleep = sleep
        self._next_free = -math.inf

    def _reserve(self) -> float:
        now = self._clock()
        slot = max(now, self._next_free)
        self._next_free = slot + self.interval
        return slot - now

    async def acquire(self) -> None:
        delay = self._reserve()
        if delay > 0:
            await self._sleep(delay)


_SHARED_LIMITERS: dict[tuple[str, float], RateLimiter] = {}


def shared_limiter(name: str, rate_per_second: float) -> RateLimiter:
    """The process-wide limiter for one service (PubChem's limit is per client, not per call)."""
    key = (name, rate_per_second)
    if key not in _SHARED_LIMITERS:
        _SHARED_LIMITERS[key] = RateLimiter(rate_per_second)
    return _SHARED_LIMITERS[key]


@dataclass(frozen=True)
class Policy:
    """How to call one source: its name in messages, timeout per attempt, retries."""

    label: str
    timeout: float
    retries: int
    headers: Mapping[str, str] = field(default_factory=dict)
    limiter: RateLimiter | None = None

    def timed_out(self, seconds: float | None = None) -> str:
        return f"{self.label}: timed out after {seconds or self.timeout:g} s"


def _status_is_not_found(response: httpx.Response) -> bool:
    return response.status_code == 404


async def get_json(
    client: httpx.AsyncClient,
    url: str,
    policy: Policy,
    *,
    params: Mapping[str, str | int] | None = None,
    is_not_found: Callable[[httpx.Response], bool] = _status_is_not_found,
) -> Any:
    """GET and decode JSON. Raises :class:`NotFound` or :class:`SourceFailure`; retries a
    timeout, HTTP 429 or 5xx ``policy.retries`` times and nothing else."""
    problem = ""
    for _attempt in range(1 + policy.retries):
        if policy.limiter is not None:
            await policy.limiter.acquire()
        try:
            response = await client.get(
                url, params=params, headers=dict(policy.headers), timeout=policy.timeout
            )
        except httpx.TimeoutException:
            problem = policy.timed_out()
            continue
        except httpx.HTTPError as exc:
            raise SourceFailure(
                f"{policy.label}: connection failed ({type(exc).__name__})"
            ) from exc
        if is_not_found(response):
            raise NotFound
        if response.status_code in RETRY_STATUSES:
            problem = f"{policy.label}: HTTP {response.status_code}"
            continue
        if response.status_code >= 400:
            raise SourceFailure(f"{policy.label}: HTTP {response.status_code}")
        return _decode(response, policy)
    raise SourceFailure(problem)


def _decode(response: httpx.Response, policy: Policy) -> Any:
    try:
        return response.json()
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        raise SourceFailure(f"{policy.label}: malformed JSON") from exc


def unexpected_shape(label: str, what: str) -> SourceFailure:
    return SourceFailure(f"{label}: unexpected response shape ({what})")


async def guarded(
    source: str,
    policy: Policy,
    budget: float,
    fetch: Callable[[], Awaitable[dict[str, Any]]],
) -> SourceResult:
    """Run one source's lookup under an overall time budget; never raises."""
    try:
        async with asyncio.timeout(budget):
            return ok(source, await fetch())
    except NotFound as exc:
        return not_found(source, exc.data)
    except SourceFailure as exc:
        return failed(source, exc.message, exc.data)
    except TimeoutError:
        return failed(source, policy.timed_out(budget))
    except Exception as exc:  # a parser bug must not stop the assessment
        log.exception("external source %s failed unexpectedly", source)
        return failed(source, f"{policy.label}: unexpected error ({type(exc).__name__})")


def budget_for(policy: Policy, requests: int) -> float:
    """The longest a lookup of ``requests`` sequential calls may take with its retries."""
    return policy.timeout * (1 + policy.retries) * requests
