"""``LlmClient``: the official SDK's async client with our retry policy and call log.

The SDK's own retries are off (``max_retries=0``) so that ours are the only ones, can be
tested, and end in :class:`AiUnavailable`. Retried: overloaded (529), 429 (its
``retry-after`` honoured), other 5xx, timeouts and connection errors, with exponential
backoff and jitter. Not retried: other 4xx — the request itself is wrong.

Without an API key ``available`` is False, no SDK client is built and ``create`` raises
:class:`AiNotConfigured` before anything is sent.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import anthropic
import httpx2
from anthropic.types import Message

from pifai.ai.config import AiSettings
from pifai.ai.errors import AiNotConfigured, AiRequestRejected, AiUnavailable
from pifai.ai.router import Task, model_for
from pifai.ai.usage import CallUsage, cost_usd, log_call

Sleep = Callable[[float], Awaitable[None]]


def backoff_delay(attempt: int, settings: AiSettings, jitter: float) -> float:
    """Delay before retry ``attempt`` (0-based): base × 2^attempt, capped, times a jitter
    factor in [0.5, 1] so clients that failed together do not retry together."""
    raw = min(settings.backoff_cap_seconds, settings.backoff_base_seconds * 2.0**attempt)
    return raw * (0.5 + jitter / 2)


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """The server's wait hint: ``retry-after-ms`` or ``retry-after`` in seconds. An HTTP
    date is not used (clock skew); the backoff applies instead."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) / scale
        except ValueError:
            continue
        if seconds >= 0:
            return seconds
    return None


def _retryable(status: int) -> bool:
    """429 (rate limit), 408, 5xx and 529 (overloaded) are transient; other 4xx are not."""
    return status in (408, 429) or status >= 500


class LlmClient:
    def __init__(
        self,
        settings: AiSettings,
        *,
        http_client: httpx2.AsyncClient | None = None,
        sleep: Sleep = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        self._jitter = jitter
        self._sdk: anthropic.AsyncAnthropic | None = None
        key = settings.anthropic_api_key
        if settings.configured and key is not None:
            self._sdk = anthropic.AsyncAnthropic(
                api_key=key.get_secret_value(),
                base_url=settings.base_url,
                timeout=settings.timeout_seconds,
                max_retries=0,
                http_client=http_client,
            )

    @property
    def available(self) -> bool:
        return self._sdk is not None

    def model_for(self, task: Task) -> str:
        return model_for(task, self.settings)

    async def create(self, *, task: Task, prompt_version: str, **params: Any) -> Message:
        """One Messages API call for ``task`` on the model the router picks; retried as the
        module docstring says; logged with tokens, cost and duration."""
        if self._sdk is None:
            raise AiNotConfigured("no Anthropic API key configured (PIFAI_ANTHROPIC_API_KEY)")
        model = self.model_for(task)
        started = time.monotonic()
        attempts = 0
        problem = ""
        for attempt in range(1 + self.settings.max_retries):
            attempts += 1
            try:
                message: Message = await self._sdk.messages.create(
                    model=model, max_tokens=self.settings.max_tokens, **params
                )
            except anthropic.APIStatusError as exc:
                problem = f"Anthropic API: HTTP {exc.status_code}"
                if not _retryable(exc.status_code):
                    self._log(task, model, prompt_version, None, started, attempts, problem)
                    raise AiRequestRejected(f"{problem}: the request was refused") from exc
                wait = self._retry_wait(exc, attempt)
            except anthropic.APITimeoutError:
                problem = f"Anthropic API: timed out after {self.settings.timeout_seconds:g} s"
                wait = self._backoff(attempt)
            except anthropic.APIConnectionError as exc:
                problem = f"Anthropic API: connection failed ({type(exc.__cause__).__name__})"
                wait = self._backoff(attempt)
            else:
                self._log(task, model, prompt_version, message, started, attempts, "ok")
                return message
            if wait is None or attempt == self.settings.max_retries:
                break
            await self._sleep(wait)
        self._log(task, model, prompt_version, None, started, attempts, problem)
        raise AiUnavailable(f"{problem} after {attempts} attempt(s)")

    def _retry_wait(self, exc: anthropic.APIStatusError, attempt: int) -> float | None:
        """The server's retry-after when given (None past the cap: give up now), else the
        backoff."""
        hint = retry_after_seconds(exc.response.headers)
        if hint is None:
            return self._backoff(attempt)
        return hint if hint <= self.settings.retry_after_cap_seconds else None

    def _backoff(self, attempt: int) -> float:
        return backoff_delay(attempt, self.settings, self._jitter())

    def _log(
        self,
        task: Task,
        model: str,
        prompt_version: str,
        message: Message | None,
        started: float,
        attempts: int,
        outcome: str,
    ) -> None:
        usage = CallUsage.from_response(message.usage) if message else CallUsage()
        log_call(
            task=task.value,
            model=model,
            prompt_version=prompt_version,
            usage=usage,
            cost=cost_usd(usage, self.settings.prices.get(model)) if message else None,
            duration_seconds=time.monotonic() - started,
            attempts=attempts,
            outcome=outcome,
        )

    async def aclose(self) -> None:
        if self._sdk is not None:
            await self._sdk.close()
