"""Query the configured external sources for every ingredient of a formula, fail-soft.

Disabled sources cost nothing; a failing one is recorded per ingredient, so the report
names what the assessment went without instead of failing the run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pifai.toxicology.assess import AssessmentInput, override_key
from pifai.toxicology.external_facts import ExternalFacts, facts_from_results
from pifai.toxicology.sources.http import RateLimiter
from pifai.toxicology.sources.lookup import lookup_external

if TYPE_CHECKING:
    import httpx
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from pifai.core.config import Settings


def any_source_enabled(settings: Settings) -> bool:
    return settings.pubchem_enabled or settings.echa_enabled or settings.epa_enabled


async def facts_for_inputs(
    inputs: Sequence[AssessmentInput],
    settings: Settings,
    *,
    session_factory: async_sessionmaker[AsyncSession] | None,
    client: httpx.AsyncClient | None = None,
    pubchem_limiter: RateLimiter | None = None,
) -> dict[str, ExternalFacts]:
    if not any_source_enabled(settings):
        return {}
    lookups = await asyncio.gather(
        *(
            lookup_external(
                cas=inp.cas[0] if inp.cas else None,
                name=inp.inci or inp.name,
                settings=settings,
                session_factory=session_factory,
                client=client,
                pubchem_limiter=pubchem_limiter,
            )
            for inp in inputs
        )
    )
    return {
        override_key(inp.inci or inp.name): facts_from_results(found.results)
        for inp, found in zip(inputs, lookups, strict=True)
    }
