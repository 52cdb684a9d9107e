"""What the MCP tools share: identifying one substance from a name, Chinese name or CAS
number with our normaliser, and the list entries that concern it, as plain cited data.

Offline: only the shipped data (CosIng dictionary, TFDA lists, EU Annexes II–VI, CLP Annex
VI). A name the normaliser is not sure of (confidence below the formula check's look-up
threshold) is not used to find entries: an unknown substance is reported as not found,
never guessed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from mcp.server.mcpserver.exceptions import ToolError

from pifai.formulas.check import LOOKUP_CONFIDENCE, TRUSTED_CONFIDENCE
from pifai.formulas.check_report import citation_dict
from pifai.ingredients.cas import is_valid_cas, normalise_cas
from pifai.ingredients.dictionary import load_dictionary
from pifai.ingredients.normalise import normalise
from pifai.regulatory.index import EntryMatch
from pifai.regulatory.model import Authority, Limit, RegulatedEntry
from pifai.regulatory.reference import shipped_index
from pifai.regulatory.shipped import shipped_files

MAX_QUERY = 300


@dataclass(frozen=True)
class Identity:
    query: str
    cas_given: str | None  # the query itself, when it is a CAS number
    inci: str | None
    cas_numbers: tuple[str, ...]
    functions: tuple[str, ...]
    zh_names: tuple[str, ...]
    method: str
    confidence: float
    explanation: str
    source: str

    @property
    def identified(self) -> bool:
        return self.inci is not None and self.confidence >= LOOKUP_CONFIDENCE

    @property
    def lookup_cas(self) -> tuple[str, ...]:
        own = self.cas_numbers if self.identified else ()
        given = (self.cas_given,) if self.cas_given else ()
        return tuple(dict.fromkeys((*given, *own)))

    @property
    def lookup_names(self) -> tuple[str, ...]:
        names = (self.inci,) if self.identified and self.inci else ()
        return (*names, self.query)

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "identified": self.identified,
            "inci": self.inci if self.identified else None,
            "cas_numbers": list(self.cas_numbers) if self.identified else [],
            "functions": list(self.functions) if self.identified else [],
            "zh_names": list(self.zh_names) if self.identified else [],
            "match": {
                "method": self.method,
                "confidence": self.confidence,
                "trusted": self.confidence >= TRUSTED_CONFIDENCE,
                "explanation": self.explanation,
            },
            "source": self.source or None,
        }


def clean_query(query: str) -> str:
    text = (query or "").strip()
    if not text:
        raise ToolError("give a substance name, INCI, Chinese name or CAS number")
    if len(text) > MAX_QUERY:
        raise ToolError(f"the query is longer than {MAX_QUERY} characters")
    return text


def as_cas(text: str) -> str | None:
    """The query as a CAS number, when it is one with a valid check digit."""
    cas = normalise_cas(text)
    return cas if cas and "-" in text and is_valid_cas(cas) else None


def identify(query: str) -> Identity:
    text = clean_query(query)
    cas = as_cas(text)
    match = normalise(text, cas, dictionary=load_dictionary())
    entry = match.entry
    return Identity(
        query=text,
        cas_given=cas,
        inci=entry.inci if entry else None,
        cas_numbers=entry.cas_numbers if entry else (),
        functions=entry.functions if entry else (),
        zh_names=entry.zh_names if entry else (),
        method=match.method.value,
        confidence=match.confidence,
        explanation=match.explanation,
        source=entry.source if entry else "",
    )


def list_matches(identity: Identity, authority: Authority | None = None) -> list[EntryMatch]:
    """The list entries for this substance, by CAS and name, as the rule engine finds them.
    All are shown: an entry that defers to another ("prohibited, except as in Annex III/14")
    names it in ``exceptions``, and the engine's verdict for a product applies the deferral."""
    found = shipped_index().lookup(names=identity.lookup_names, cas_numbers=identity.lookup_cas)
    return [m for m in found if authority is None or m.entry.authority is authority]


def limit_dict(limit: Limit) -> dict[str, Any]:
    return {
        "max_pct": limit.max_pct,
        "scope": limit.scope.value if limit.scope else None,
        "scope_text": limit.scope_text or None,
        "expressed_as": limit.expressed_as,
        "text": limit.text or None,
    }


def entry_dict(match: EntryMatch) -> dict[str, Any]:
    entry: RegulatedEntry = match.entry
    return {
        "entry_id": entry.entry_id,
        "authority": entry.authority.value,
        "list_type": entry.list_type.value,
        "list": entry.citation.list_name if entry.citation else None,
        "names": list(entry.names),
        "inci_names": list(entry.inci_names),
        "cas_numbers": list(entry.cas_numbers),
        "matched_by": match.by,
        "limits": [limit_dict(limit) for limit in entry.limits],
        "allowed_scopes": sorted(s.value for s in entry.allowed_scopes),
        "excluded_scopes": sorted(s.value for s in entry.excluded_scopes),
        "group": entry.group,
        "group_max_pct": entry.group_max_pct,
        "conditions": entry.conditions or None,
        "label_warnings": list(entry.label_warnings),
        "trace_limit_ppm": entry.trace_limit_ppm,
        "exceptions": list(entry.exceptions),
        "effective_from": entry.effective_from.isoformat() if entry.effective_from else None,
        "transition_until": entry.transition_until.isoformat() if entry.transition_until else None,
        "curated": entry.curated,
        "verified": entry.verified,
        "citation": citation_dict(entry.citation),
    }


@cache
def list_sources() -> tuple[dict[str, Any], ...]:
    """The shipped lists with their source file and version (the file headers)."""
    heads = []
    for text in shipped_files().values():
        head = json.loads(text)
        head.pop("entries", None)
        heads.append(
            {k: head.get(k) for k in ("authority", "list_type", "source", "version", "entry_count")}
        )
    return tuple(heads)


def sources_of(authorities: Iterable[Authority]) -> list[dict[str, Any]]:
    wanted = {a.value for a in authorities}
    return [dict(s) for s in list_sources() if s["authority"] in wanted]
