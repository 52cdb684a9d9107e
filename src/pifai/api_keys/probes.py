"""The test call of each key, made through the same client code the product uses.

- ``anthropic``: one minimal Messages API request through :class:`pifai.ai.LlmClient`
  (the light model, no retries, a short timeout).
- ``echa``: one substance look-up (water, CAS 7732-18-5) through the ECHA source client.
  ECHA CHEM's public endpoints take no credential today, so the test shows that the
  service answers the client; the stored value is kept for an authenticated deployment.
- ``rag``: one authenticated request of the knowledge base client (:func:`rag_call`),
  with the platform's base URL and tenant and the organisation's key.

A probe returns the problem as a short sentence (None when the call succeeded) and never
raises for a remote failure; the service turns anything unexpected into a failed test too.
The caller removes the key from any text it shows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pydantic import SecretStr

from pifai.ai.client import LlmClient
from pifai.ai.config import AiSettings
from pifai.ai.errors import AiError
from pifai.ai.router import Task
from pifai.ai_uses.clients import ExternalClients
from pifai.core.config import Settings
from pifai.rag.client import RagClient, RagError
from pifai.rag.settings import RagSettings
from pifai.toxicology.sources import echa

PROBE_TIMEOUT_SECONDS = 15.0
ECHA_PROBE_CAS = "7732-18-5"  # water: always in the substance index
PROMPT_LABEL = "api-key-test"

Probe = Callable[[str, Settings, ExternalClients], Awaitable[str | None]]


def _probe_ai_settings(platform: AiSettings, key: str) -> AiSettings:
    return platform.model_copy(
        update={
            "anthropic_api_key": SecretStr(key),
            "max_retries": 0,
            "max_tokens": 256,
            "timeout_seconds": min(platform.timeout_seconds, PROBE_TIMEOUT_SECONDS),
        }
    )


async def probe_anthropic(key: str, settings: Settings, clients: ExternalClients) -> str | None:
    http = clients.anthropic_http() if clients.anthropic_http else None
    client = LlmClient(
        _probe_ai_settings(clients.ai_settings(), key), http_client=http, sleep=clients.sleep
    )
    try:
        await client.create(
            task=Task.CLASSIFY,
            prompt_version=PROMPT_LABEL,
            messages=[{"role": "user", "content": "Reply with the word ok."}],
        )
    except AiError as exc:
        return exc.reason
    finally:
        await client.aclose()
        if http is not None:
            await http.aclose()
    return None


async def probe_echa(key: str, settings: Settings, clients: ExternalClients) -> str | None:
    del key  # not sent: see the module docstring
    probe_settings = settings.model_copy(
        update={"external_retries": 0, "echa_timeout_seconds": PROBE_TIMEOUT_SECONDS}
    )
    async with clients.echa_http() as http:
        result = await echa.fetch(http, ECHA_PROBE_CAS, probe_settings, cas=ECHA_PROBE_CAS)
    return None if result.status in ("ok", "not_found") else result.error or result.status


async def rag_call(client: RagClient) -> None:
    """The knowledge base service's cheapest authenticated request."""
    await client.health()


async def probe_rag(key: str, settings: Settings, clients: ExternalClients) -> str | None:
    platform = clients.rag_settings()
    if not platform.base_url or not platform.tenant_id:
        return "the RAG service is not configured (PIFAI_RAG_BASE_URL, PIFAI_RAG_TENANT_ID)"
    rag_settings = RagSettings(
        _env_file=None,
        base_url=platform.base_url,
        api_key=SecretStr(key),
        tenant_id=platform.tenant_id,
        timeout_seconds=min(platform.timeout_seconds, PROBE_TIMEOUT_SECONDS),
    )
    async with clients.rag_http() as http, RagClient(rag_settings, http=http) as client:
        try:
            await rag_call(client)
        except RagError as exc:
            return exc.message
    return None


PROBES: dict[str, Probe] = {"anthropic": probe_anthropic, "echa": probe_echa, "rag": probe_rag}


def redact(text: str, secret: str) -> str:
    """The text with the secret (and any long piece of it) replaced."""
    if secret:
        text = text.replace(secret, "[redacted]")
        if len(secret) >= 12:
            text = text.replace(secret[:12], "[redacted]")
    return text
