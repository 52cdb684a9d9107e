"""Dermal absorption (DAp) of an ingredient, in percent (SPEC §10).

The EC 2004 Guidance Document on Dermal Absorption (via sources E and B of sccs-facts.md,
and the RégimA reports R p. 15): with no data assume 100 %; 10 % only when MW > 500 Da
**and** log Pow < −1 or > 4, both strict, both values known and cited, never for
nanomaterials and not with penetration enhancers. Any other value is an SA override with a
cited basis and scope (:mod:`pifai.toxicology.overrides`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pifai.toxicology.basis import ToxicologyError, basis

if TYPE_CHECKING:
    from pifai.toxicology.overrides import Override

UNKNOWN = "MW/log Pow unknown"


@dataclass(frozen=True)
class CitedValue:
    """A measured or looked-up property (MW in Da, log Pow) with where it was read."""

    value: float
    citation: str

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise ToxicologyError(f"not a finite number: {self.value!r}")
        if not self.citation.strip():
            raise ToxicologyError("a property used by the 10 % rule needs a citation")


@dataclass(frozen=True)
class DermalAbsorption:
    """DAp in percent, the reason (``basis``) and the citations it rests on."""

    pct: float
    basis: str
    citation: str
    override: Override | None = None
    replaced: DermalAbsorption | None = None

    @property
    def overridden(self) -> bool:
        return self.override is not None


def _default(reason: str) -> DermalAbsorption:
    entry = basis("dap.default_pct")
    return DermalAbsorption(entry.value, f"default {entry.value:g} %: {reason}", entry.citation)


def _rule_fails(mw: float, log_pow: float) -> str | None:
    """Why the 10 % rule does not apply, or None when it does (strict bounds)."""
    mw_min = basis("dap.rule.mw_above_da").value
    low = basis("dap.rule.log_pow_below").value
    high = basis("dap.rule.log_pow_above").value
    if not mw > mw_min:
        return f"MW {mw:g} Da is not above {mw_min:g} Da"
    if not (log_pow < low or log_pow > high):
        return f"log Pow {log_pow:g} is not below {low:g} nor above {high:g}"
    return None


def dermal_absorption(
    mw: CitedValue | None,
    log_pow: CitedValue | None,
    *,
    nanomaterial: bool = False,
    penetration_enhancers: bool = False,
) -> DermalAbsorption:
    """The default DAp for one ingredient, saying why."""
    if nanomaterial:
        return _default("nanomaterial: dermal absorption must be measured; no 10 % rule (R p. 15)")
    if penetration_enhancers:
        return _default("the formulation contains penetration enhancers; no 10 % rule (R p. 15)")
    if mw is None or log_pow is None:
        return _default(UNKNOWN)
    failed = _rule_fails(mw.value, log_pow.value)
    if failed:
        return _default(failed)
    entry = basis("dap.reduced_pct")
    reason = (
        f"{entry.value:g} %: MW {mw.value:g} Da ({mw.citation}) and log Pow {log_pow.value:g} "
        f"({log_pow.citation}) meet the 10 % rule"
    )
    rule = basis("dap.rule.mw_above_da").citation
    return DermalAbsorption(entry.value, reason, f"{entry.citation}; rule: {rule}")
