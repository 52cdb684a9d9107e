"""The compliance rules of SPEC §9, as pure functions over one formula.

- A prohibited substance used as an ingredient blocks at any concentration; a declared
  impurity is judged against the list's trace limit; entries defer to the exceptions the
  lists write in (mercury → thiomersal in eye products).
- Restricted substances are judged against the limit for the product's scopes; group
  members are summed; conditions and mandatory warnings are carried to the label.
- An ingredient declared as preservative, colorant or UV filter must be on that list.
- Disclosure thresholds are label requirements, never limits.
- Taiwan is the market: a met TFDA limit turns an EU over-limit into an advisory note;
  with no TFDA entry the EU limit binds; prohibitions never move.
- No usable amount → incomplete; in no list or dictionary → unknown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from pifai.product_types.taxonomy import ProductType
from pifai.regulatory.applicability import (
    applicable_limits,
    children_exclusion,
    date_status,
    prohibition_applies,
    scope_refusal,
    unconfirmed_scope,
    uv_filter_applies,
)
from pifai.regulatory.index import EntryMatch, ReferenceIndex
from pifai.regulatory.model import Authority, ListType, RegulatedEntry
from pifai.regulatory.report import (
    BLOCKING,
    SEVERITY_ORDER,
    ComplianceResult,
    Finding,
    IngredientVerdict,
    LabelRequirement,
    Verdict,
)

_POSITIVE_LISTS = {
    "preservative": ListType.PRESERVATIVE,
    "防腐": ListType.PRESERVATIVE,
    "colorant": ListType.COLORANT,
    "colourant": ListType.COLORANT,
    "色素": ListType.COLORANT,
    "uv filter": ListType.UV_FILTER,
    "uv absorber": ListType.UV_FILTER,
    "sunscreen": ListType.UV_FILTER,
    "防曬": ListType.UV_FILTER,
}


@dataclass(frozen=True)
class CheckIngredient:
    """One ingredient of the product as the check sees it (after normalisation)."""

    name: str
    amount_pct: float | None  # the upper bound; None = no usable amount
    inci: str | None = None
    cas_numbers: tuple[str, ...] = ()
    function: str | None = None  # as declared in the formula
    is_impurity: bool = False
    identified: bool = True  # the normaliser is sure of it (else: unknown unless it blocks)


def check_formula(
    ingredients: Sequence[CheckIngredient],
    product: ProductType,
    index: ReferenceIndex,
    *,
    as_of: date,
) -> ComplianceResult:
    matches = [_matches(ing, index) for ing in ingredients]
    group_totals = _group_totals(ingredients, matches)
    verdicts = [
        _judge(ing, found, product, index, as_of, group_totals)
        for ing, found in zip(ingredients, matches, strict=True)
    ]
    requirements = tuple(r for v in verdicts for r in v.label_requirements)
    return ComplianceResult(product.key, as_of, tuple(verdicts), requirements)


def _matches(ing: CheckIngredient, index: ReferenceIndex) -> list[EntryMatch]:
    names = [n for n in (ing.inci, ing.name) if n]
    found = index.lookup(names=names, cas_numbers=ing.cas_numbers)
    # A category entry that defers to an exception the ingredient matches steps aside.
    matched_ids = {m.entry.entry_id for m in found}
    return [m for m in found if not (set(m.entry.exceptions) & matched_ids)]


def _group_totals(
    ingredients: Sequence[CheckIngredient], matches: Sequence[list[EntryMatch]]
) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for ing, found in zip(ingredients, matches, strict=True):
        groups = {m.entry.group for m in found if m.entry.group and ing.amount_pct is not None}
        for group in groups:
            totals[group] += ing.amount_pct or 0.0
    return dict(totals)


def _judge(
    ing: CheckIngredient,
    found: list[EntryMatch],
    product: ProductType,
    index: ReferenceIndex,
    as_of: date,
    group_totals: dict[str, float],
) -> IngredientVerdict:
    findings: list[Finding] = []
    notes: list[str] = []
    labels: list[LabelRequirement] = []
    for match in found:
        entry = match.entry
        pending = date_status(entry, as_of)
        if pending:
            notes.append(f"{entry.entry_id} {pending}: not applied yet")
            continue
        findings.extend(_entry_findings(ing, entry, product, group_totals, notes))
        labels.extend(_label_requirements(ing, entry, product))
        if match.by.startswith("root:"):
            notes.append(
                f"matched the category entry {entry.entry_id} by its name ({match.by[5:]})"
            )
    findings.extend(_positive_list_findings(ing, found, index))
    if ing.amount_pct is None:
        findings.append(Finding(Verdict.INCOMPLETE, "no usable amount: the row cannot be judged"))
    findings = _apply_authority_hierarchy(findings)
    verdict = _worst(findings, identified=ing.identified)
    if verdict == Verdict.UNKNOWN:
        notes.append("not found in any list or in the ingredient dictionary")
    return IngredientVerdict(
        name=ing.name,
        inci=ing.inci,
        actual_pct=ing.amount_pct,
        verdict=verdict,
        findings=tuple(findings),
        label_requirements=tuple(labels),
        review_notes=tuple(notes),
    )


def _entry_findings(
    ing: CheckIngredient,
    entry: RegulatedEntry,
    product: ProductType,
    group_totals: dict[str, float],
    notes: list[str],
) -> list[Finding]:
    cite = entry.citation
    auth = entry.authority
    if entry.list_type is ListType.PROHIBITED:
        if not prohibition_applies(entry, product):
            scopes = ", ".join(sorted(s.value for s in entry.excluded_scopes))
            notes.append(f"{entry.entry_id} prohibits it only in {scopes} products")
            return []
        return [_prohibited(ing, entry)]
    if not uv_filter_applies(entry, product, ing.function):
        notes.append(
            f"{entry.entry_id}: UV-filter limits not applied (not a sun product and not "
            "declared a UV filter); the SA should confirm its function"
        )
        return []
    refusal = scope_refusal(entry, product)
    if refusal:
        return [Finding(Verdict.NOT_PERMITTED, f"{refusal} ({product.key})", auth, cite)]
    children = children_exclusion(entry, product)
    if children:
        return [Finding(Verdict.NOT_PERMITTED, f"not for children under 3: {children}", auth, cite)]
    described = unconfirmed_scope(entry, product)
    if described:
        message = (
            f"listed only for products described as: {described}; a {product.key} is not "
            "recognisably one of them — confirm against the list"
        )
        return [Finding(Verdict.NOT_PERMITTED, message, auth, cite)]
    findings: list[Finding] = []
    limits, unparsed = applicable_limits(entry, product)
    if unparsed:
        notes.append(f"{entry.entry_id}: a limit's scope was not understood; applied anyway")
    if not limits:
        findings.append(
            Finding(Verdict.COMPLIANT, "listed; no numeric limit for this product", auth, cite)
        )
    elif ing.amount_pct is not None:
        strictest = min(limits, key=lambda lim: lim.max_pct or 0.0)
        allowed = strictest.max_pct
        basis = f" ({strictest.expressed_as})" if strictest.expressed_as else ""
        if allowed is not None and ing.amount_pct > allowed:
            message = f"{ing.amount_pct:g} % exceeds the {allowed:g} %{basis} limit"
            findings.append(
                Finding(Verdict.OVER_LIMIT, message, auth, cite, ing.amount_pct, allowed)
            )
        else:
            message = f"within the {allowed:g} %{basis} limit"
            findings.append(
                Finding(Verdict.COMPLIANT, message, auth, cite, ing.amount_pct, allowed)
            )
    if entry.group and entry.group_max_pct is not None:
        total = group_totals.get(entry.group, 0.0)
        if total > entry.group_max_pct:
            findings.append(
                Finding(
                    Verdict.OVER_LIMIT,
                    f"group {entry.group} totals {total:g} %, over its {entry.group_max_pct:g} %",
                    auth,
                    cite,
                    total,
                    entry.group_max_pct,
                )
            )
    if entry.conditions:
        notes.append(f"{entry.entry_id} conditions: {entry.conditions}")
    return findings


def _prohibited(ing: CheckIngredient, entry: RegulatedEntry) -> Finding:
    cite, auth = entry.citation, entry.authority
    if ing.is_impurity and entry.trace_limit_ppm is not None and ing.amount_pct is not None:
        ppm = ing.amount_pct * 10_000
        if ppm <= entry.trace_limit_ppm:
            return Finding(
                Verdict.COMPLIANT,
                f"declared impurity at {ppm:g} ppm, within the {entry.trace_limit_ppm:g} ppm trace",
                auth,
                cite,
            )
        return Finding(
            Verdict.PROHIBITED,
            f"impurity at {ppm:g} ppm exceeds the {entry.trace_limit_ppm:g} ppm trace limit",
            auth,
            cite,
            ing.amount_pct,
        )
    return Finding(
        Verdict.PROHIBITED,
        "prohibited as a cosmetic ingredient at any concentration",
        auth,
        cite,
        ing.amount_pct,
        0.0,
    )


def _positive_list_findings(
    ing: CheckIngredient, found: Iterable[EntryMatch], index: ReferenceIndex
) -> list[Finding]:
    declared = (ing.function or "").lower()
    needed = {lt for word, lt in _POSITIVE_LISTS.items() if word in declared}
    findings = []
    for list_type in sorted(needed):
        on_list = {m.entry.authority for m in found if m.entry.list_type is list_type}
        tfda_has_list = any(
            e.authority is Authority.TFDA and e.list_type is list_type for e in index.entries
        )
        authority = Authority.TFDA if tfda_has_list else Authority.EU
        if authority not in on_list:
            findings.append(
                Finding(
                    Verdict.NOT_ON_POSITIVE_LIST,
                    f"declared as {list_type.value} but not on the "
                    f"{authority} {list_type.value} list",
                    authority,
                )
            )
    return findings


def _label_requirements(
    ing: CheckIngredient, entry: RegulatedEntry, product: ProductType
) -> list[LabelRequirement]:
    name = ing.inci or ing.name
    found = [
        LabelRequirement(name, warning, "mandatory warning", entry.citation)
        for warning in entry.label_warnings
    ]
    for disclosure in entry.disclosures:
        if disclosure.scope is not None and disclosure.scope not in product.scopes:
            continue
        if ing.amount_pct is not None and ing.amount_pct > disclosure.threshold_pct:
            found.append(
                LabelRequirement(
                    name,
                    f"list {name} on the label "
                    f"({ing.amount_pct:g} % > {disclosure.threshold_pct:g} %)",
                    "above the disclosure threshold",
                    entry.citation,
                )
            )
    return found


def _apply_authority_hierarchy(findings: list[Finding]) -> list[Finding]:
    """SPEC §9: a TFDA limit that exists and is met turns an EU over-limit into an advisory
    export note. Prohibitions, TFDA findings and EU scope exclusions ("not in products for
    children under 3") never move: a false alarm beats a false "safe"."""
    tfda_met = any(
        f.authority is Authority.TFDA
        and f.verdict == Verdict.COMPLIANT
        and f.allowed_pct is not None
        for f in findings
    )
    if not tfda_met:
        return findings
    softened = []
    for f in findings:
        if f.authority is Authority.EU and f.verdict == Verdict.OVER_LIMIT:
            softened.append(
                Finding(
                    f.verdict,
                    f"EU (export note): {f.message}",
                    f.authority,
                    f.citation,
                    f.actual_pct,
                    f.allowed_pct,
                    binding=False,
                )
            )
        else:
            softened.append(f)
    return softened


def _worst(findings: list[Finding], *, identified: bool) -> Verdict:
    binding = {f.verdict for f in findings if f.binding}
    for verdict in SEVERITY_ORDER:
        if verdict in binding and verdict in BLOCKING:
            return verdict
    if not identified:
        return Verdict.UNKNOWN  # never "compliant" on an identity nobody has confirmed
    return Verdict.COMPLIANT
