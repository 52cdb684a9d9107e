"""Which Anthropic key an AI use runs with: the organisation's own first, else the
platform's (``PIFAI_ANTHROPIC_API_KEY``), else none — and then nothing is sent."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Literal

from pydantic import SecretStr

from pifai.ai.client import LlmClient
from pifai.ai.config import AiSettings
from pifai.ai.service import AiService
from pifai.ai_uses.clients import current
from pifai.api_keys.service import org_secret
from pifai.tasks.context import TaskContext

KeySource = Literal["organization", "platform", "none"]


async def ai_settings_for_org(ctx: TaskContext) -> tuple[AiSettings, KeySource]:
    platform = current().ai_settings()
    async with ctx.session() as session:
        own = await org_secret(session, ctx.settings, ctx.org_id, "anthropic")
    if own:
        return platform.model_copy(update={"anthropic_api_key": SecretStr(own)}), "organization"
    return platform, "platform" if platform.configured else "none"


@contextlib.asynccontextmanager
async def ai_for_org(ctx: TaskContext) -> AsyncIterator[tuple[AiService, KeySource]]:
    """An :class:`AiService` for the task's organisation, closed at the end of the block."""
    settings, source = await ai_settings_for_org(ctx)
    clients = current()
    http = clients.anthropic_http() if clients.anthropic_http and settings.configured else None
    service = AiService(settings, client=LlmClient(settings, http_client=http, sleep=clients.sleep))
    try:
        yield service, source
    finally:
        await service.aclose()
        if http is not None:
            await http.aclose()
