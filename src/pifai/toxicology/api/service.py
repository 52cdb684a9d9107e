"""Ingredient look-ups for the API and the worker: dictionary search, one entry by its id,
and what the safety engine knows about it — the curated dataset record, the harmonised
CLP classification and the cached external answers. Reference data only: nothing here
belongs to an organisation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache

from rapidfuzz import fuzz
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.ingredients.cas import is_valid_cas
from pifai.ingredients.dictionary import IngredientDictionary, fold, load_dictionary
from pifai.ingredients.model import DictionaryEntry
from pifai.ingredients.normalise import normalise
from pifai.models.base import utcnow
from pifai.toxicology.absorption import CitedValue
from pifai.toxicology.api import repository as repo
from pifai.toxicology.api.schemas import (
    AnalogueOut,
    CachedAnswer,
    Cited,
    ConclusionOut,
    CuratedOut,
    DermalStudyOut,
    HazardOut,
    IngredientToxicology,
    NoaelOut,
)
from pifai.toxicology.dataset import CuratedSubstance, NoaelRecord, load_dataset
from pifai.toxicology.hazards import load_hazards
from pifai.toxicology.sources.lookup import make_query

FUZZY_CUTOFF = 0.75  # spelling neighbours below this are noise for a search box


@dataclass(frozen=True)
class SearchHit:
    entry: DictionaryEntry
    confidence: float
    method: str
    explanation: str


@cache
def _entries_by_id() -> dict[str, DictionaryEntry]:
    return {e.ingredient_id: e for e in load_dictionary().entries()}


def find_ingredient(ingredient_id: str) -> DictionaryEntry | None:
    """The dictionary entry with this stable id (``cosing:<reference number>``)."""
    return _entries_by_id().get(ingredient_id)


def search_ingredients(
    query: str, limit: int, dictionary: IngredientDictionary | None = None
) -> list[SearchHit]:
    """The normaliser's answer first (the one a formula line would get), then close
    spellings and INCI names containing the query, best first, one hit per ingredient."""
    d = dictionary if dictionary is not None else load_dictionary()
    found: dict[str, SearchHit] = {}
    match = normalise(query, query if is_valid_cas(query) else None, dictionary=d)
    if match.entry is not None:
        _keep(
            found, SearchHit(match.entry, match.confidence, match.method.value, match.explanation)
        )
    key = fold(query)
    for index, score in d.fuzzy(key, FUZZY_CUTOFF):
        entry = d.entry(index)
        _keep(found, SearchHit(entry, round(score, 3), "fuzzy", f"spelling {score:.2f}"))
    for name, index in _containing(d, key, limit):
        score = round(fuzz.ratio(key, name) / 100, 3)
        _keep(found, SearchHit(d.entry(index), score, "contains", f"INCI contains {query!r}"))
    first = [found.pop(match.entry.ingredient_id)] if match.entry else []
    rest = sorted(found.values(), key=lambda h: (-h.confidence, len(h.entry.inci)))
    return (first + rest)[:limit]


def _keep(found: dict[str, SearchHit], hit: SearchHit) -> None:
    current = found.get(hit.entry.ingredient_id)
    if current is None or hit.confidence > current.confidence:
        found[hit.entry.ingredient_id] = hit


def _containing(d: IngredientDictionary, key: str, limit: int) -> list[tuple[str, int]]:
    """INCI names containing ``key``: those starting with it first, then the shortest."""
    names = [(name, i) for name, i in d.by_name.items() if key in name]
    names.sort(key=lambda t: (not t[0].startswith(key), len(t[0]), t[0]))
    return names[:limit]


def cache_keys(entry: DictionaryEntry) -> list[str]:
    """The keys a lookup of this ingredient is cached under: each CAS, then the name."""
    queries = [make_query(cas, None) for cas in entry.cas_numbers]
    queries.append(make_query(None, entry.inci))
    return list(dict.fromkeys(q.key for q in queries if q is not None))


async def ingredient_toxicology(
    session: AsyncSession, entry: DictionaryEntry
) -> IngredientToxicology:
    dataset = load_dataset()
    hazards = load_hazards()
    curated = dataset.find(entry.inci, entry.cas_numbers)
    link = dataset.analogue_for(entry.inci, entry.cas_numbers)
    now = utcnow()
    cached = await repo.list_cache_entries(session, cache_keys(entry))
    return IngredientToxicology(
        dataset=f"{dataset.name} {dataset.version}",
        curated=_curated(curated) if curated else None,
        analogue=None
        if link is None
        else AnalogueOut(
            anchor_inci=link.anchor.inci,
            anchor_noael=_noael(link.anchor.noael),
            factor_key=link.factor_key,
            mw_adjusted=link.mw_adjusted,
            rationale=link.rationale,
            citation=link.citation,
        ),
        hazards_source=f"{hazards.source} ({hazards.version})",
        hazards=[
            HazardOut(
                index_no=h.index_no,
                name=h.name,
                cas=list(h.cas),
                classes=list(h.classes),
                h_codes=list(h.h_codes),
                flags=sorted(f.value for f in h.flags),
                citation=h.citation,
            )
            for h in hazards.for_cas(entry.cas_numbers)
        ],
        external=[
            CachedAnswer(
                source=row.source,
                query_key=row.query_key,
                status=row.status,
                fetched_at=row.fetched_at,
                expires_at=row.expires_at,
                stale=now >= row.expires_at,
                data=dict(row.payload),
            )
            for row in cached
        ],
    )


def _cited(value: CitedValue | None) -> Cited | None:
    return None if value is None else Cited(value=value.value, citation=value.citation)


def _noael(noael: NoaelRecord | None) -> NoaelOut | None:
    return None if noael is None else NoaelOut(**asdict(noael))


def _curated(s: CuratedSubstance) -> CuratedOut:
    dermal = s.dermal_absorption
    return CuratedOut(
        key=s.key,
        inci=s.inci,
        cas=list(s.cas),
        kind=s.kind,
        pubchem_cid=s.pubchem_cid,
        smiles=s.smiles,
        structure_citation=s.structure_citation,
        mw=_cited(s.mw),
        log_pow=_cited(s.log_pow),
        noael=_noael(s.noael),
        oral_absorption=_cited(s.oral_absorption),
        dermal_absorption=None if dermal is None else DermalStudyOut(**asdict(dermal)),
        qualitative=[ConclusionOut(**asdict(q)) for q in s.qualitative],
        nanomaterial=s.nanomaterial,
        ttc_excluded=s.ttc_excluded,
        notes=s.notes,
    )
