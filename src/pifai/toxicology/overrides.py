"""Safety-assessor overrides for one product (SPEC §10).

The SA may replace the exposure value, the DAp, the NOAEL or the oral absorption of one
product, always with a reason (e.g. the product's own use study); a DAp other than the EC 2004
defaults also needs a cited basis and a bounded scope. The overridden value keeps the default
it replaced (``replaced``) and the override itself, so the report prints both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

from pifai.toxicology.absorption import DermalAbsorption
from pifai.toxicology.basis import ToxicologyError
from pifai.toxicology.exposure import Exposure
from pifai.toxicology.margin import Noael, OralAbsorption


class Target(StrEnum):
    EXPOSURE = "exposure"  # E_product, mg/kg bw/day
    DAP = "dap"  # percent
    NOAEL = "noael"  # mg/kg bw/day
    ORAL_ABSORPTION = "oral_absorption"  # percent


_PERCENT = {Target.DAP, Target.ORAL_ABSORPTION}
_CITED = {Target.NOAEL, Target.EXPOSURE}  # a number that replaces a cited default needs one


@dataclass(frozen=True)
class Override:
    target: Target
    value: float
    reason: str
    citation: str = ""
    scope: str = ""

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ToxicologyError(f"an override of {self.target.value} needs a reason")
        if not (math.isfinite(self.value) and self.value > 0):
            # Zero exposure, absorption or NOAEL would make the SED or PoD vanish: never a
            # way to reach "acceptable".
            raise ToxicologyError(f"override value must be a number above 0: {self.value!r}")
        if self.target in _PERCENT and self.value > 100:
            raise ToxicologyError(f"{self.target.value} is a percentage: {self.value!r} > 100")
        if self.target is Target.DAP and not (self.citation.strip() and self.scope.strip()):
            raise ToxicologyError("a DAp override needs a cited basis and a bounded scope")
        if self.target in _CITED and not self.citation.strip():
            raise ToxicologyError(
                f"an override of {self.target.value} needs its source (citation): the study "
                "or survey the value comes from"
            )

    def describe(self) -> str:
        extra = "".join(
            f"; {label}: {text}"
            for label, text in (("source", self.citation), ("scope", self.scope))
            if text
        )
        return f"SA override of {self.target.value} to {self.value:g}: {self.reason}{extra}"


def _expect(override: Override, target: Target) -> None:
    if override.target is not target:
        raise ToxicologyError(f"an override of {override.target.value} applied to {target.value}")


def apply_exposure(default: Exposure, override: Override | None) -> Exposure:
    if override is None:
        return default
    _expect(override, Target.EXPOSURE)
    return replace(
        default,
        e_product_mg_kg_bw_d=override.value,
        fallback=False,
        reason=override.describe(),
        override=override,
        replaced=default,
    )


def apply_dap(default: DermalAbsorption, override: Override | None) -> DermalAbsorption:
    if override is None:
        return default
    _expect(override, Target.DAP)
    return DermalAbsorption(
        override.value, override.describe(), override.citation, override, default
    )


def apply_noael(default: Noael, override: Override | None) -> Noael:
    if override is None:
        return default
    _expect(override, Target.NOAEL)
    source = override.citation or f"SA override: {override.reason}"
    return Noael(override.value, source, override, default)


def apply_oral_absorption(default: OralAbsorption, override: Override | None) -> OralAbsorption:
    if override is None:
        return default
    _expect(override, Target.ORAL_ABSORPTION)
    method = f"SA override ({override.value:g} % oral absorption)"
    return OralAbsorption(
        override.value, method, override.citation or override.reason, override, default
    )


@dataclass(frozen=True)
class Judgement:
    """The SA's own reasoned basis for an ingredient the cascade left without one (e.g.
    purified water): text and its source, never a number. It cannot lift a hard gate, an
    unconfirmed identity or a numeric margin below the threshold."""

    reason: str
    citation: str

    def __post_init__(self) -> None:
        if not (self.reason.strip() and self.citation.strip()):
            raise ToxicologyError("an SA judgement needs a reason and its source (citation)")


@dataclass(frozen=True)
class ProductOverrides:
    """The overrides an SA set on one product, each optional."""

    exposure: Override | None = None
    dap: Override | None = None
    noael: Override | None = None
    oral_absorption: Override | None = None
    judgement: Judgement | None = None  # per ingredient only

    def __post_init__(self) -> None:
        for name, target in (
            ("exposure", Target.EXPOSURE),
            ("dap", Target.DAP),
            ("noael", Target.NOAEL),
            ("oral_absorption", Target.ORAL_ABSORPTION),
        ):
            found: Override | None = getattr(self, name)
            if found is not None:
                _expect(found, target)
