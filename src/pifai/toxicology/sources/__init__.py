"""External toxicology sources (SPEC §10): PubChem, ECHA C&L, EPA CompTox/ToxValDB.

Off unless configured; queried concurrently with per-source timeouts and one retry;
answers cached for all organisations (``toxicology_cache``) with stale-while-revalidate.
Nothing here raises to the caller: a source that cannot answer is reported as missing.
"""

from pifai.toxicology.sources.cache import ToxicologyCache, drain_refreshes
from pifai.toxicology.sources.http import RateLimiter
from pifai.toxicology.sources.lookup import ExternalLookup, lookup_external
from pifai.toxicology.sources.result import SourceResult

__all__ = [
    "ExternalLookup",
    "RateLimiter",
    "SourceResult",
    "ToxicologyCache",
    "drain_refreshes",
    "lookup_external",
]
