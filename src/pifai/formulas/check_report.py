"""The formula check as plain data: what `pifai check --format json` prints and the API
returns. Every verdict carries its citations; every row points back to its cell."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from pifai.formulas.check import TRUSTED_CONFIDENCE, CheckedIngredient, FormulaCheck
from pifai.formulas.model import Amount, Location, RowProblem
from pifai.regulatory.model import Citation
from pifai.regulatory.report import Finding, LabelRequirement


def location_dict(location: Location) -> dict[str, Any]:
    return {k: v for k, v in asdict(location).items() if v is not None}


def amount_dict(amount: Amount) -> dict[str, Any]:
    return {"kind": amount.kind.value, "low": amount.low, "high": amount.high, "text": amount.text}


def citation_dict(citation: Citation | None) -> dict[str, Any] | None:
    if citation is None:
        return None
    return {
        "authority": citation.authority.value,
        "list": citation.list_name,
        "entry": citation.entry,
        "source": citation.source,
        "version": citation.version,
        "label": citation.label(),
    }


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "verdict": finding.verdict.value,
        "message": finding.message,
        "authority": finding.authority.value if finding.authority else None,
        "binding": finding.binding,
        "actual_pct": finding.actual_pct,
        "allowed_pct": finding.allowed_pct,
        "citation": citation_dict(finding.citation),
    }


def label_dict(requirement: LabelRequirement) -> dict[str, Any]:
    return {
        "ingredient": requirement.ingredient,
        "text": requirement.text,
        "reason": requirement.reason,
        "citation": citation_dict(requirement.citation),
    }


def problem_dict(problem: RowProblem) -> dict[str, Any]:
    return {
        "severity": problem.severity.value,
        "field": problem.field,
        "message": problem.message,
        "location": location_dict(problem.location),
        "where": problem.location.describe(),
    }


def ingredient_dict(item: CheckedIngredient) -> dict[str, Any]:
    ing, match, verdict = item.ingredient, item.match, item.verdict
    return {
        "name": ing.name,
        "inci": match.inci,
        "cas": list(match.entry.cas_numbers) if match.entry else ([ing.cas] if ing.cas else []),
        "cas_given": match.cas_given,
        "cas_valid": match.cas_valid,
        "cas_conflict": match.cas_conflict,
        "match": {
            "method": match.method.value,
            "confidence": round(match.confidence, 3),
            "trusted": match.confidence >= TRUSTED_CONFIDENCE,
            "explanation": match.explanation,
        },
        "amount": amount_dict(ing.amount),
        "judged_pct": verdict.actual_pct,
        "function": item.function,
        "unresolved_raw_material": ing.unresolved and match.entry is None,
        "impurity": ing.is_impurity,
        "may_contain": ing.may_contain,
        "sources": [
            {
                "raw_material": src.raw_material,
                "location": location_dict(src.location),
                "amount": amount_dict(src.amount),
                "share": amount_dict(src.share) if src.share else None,
            }
            for src in ing.sources
        ],
        "verdict": verdict.verdict.value,
        "blocking": verdict.blocking,
        "findings": [finding_dict(f) for f in verdict.findings],
        "label_requirements": [label_dict(r) for r in verdict.label_requirements],
        "review_notes": list(verdict.review_notes),
    }


def report_dict(check: FormulaCheck) -> dict[str, Any]:
    low, high = check.total_pct
    verdicts = Counter(i.verdict.verdict.value for i in check.ingredients)
    return {
        "source": check.formula.source,
        "format": check.formula.format,
        "product_type": {
            "key": check.product.key,
            "name_en": check.product.name_en,
            "name_zh": check.product.name_zh,
            "scopes": sorted(s.value for s in check.product.scopes),
        },
        "as_of": check.as_of.isoformat(),
        "blocking": check.blocking,
        "summary": {
            "ingredients": len(check.ingredients),
            "blocking_ingredients": sum(1 for i in check.ingredients if i.verdict.blocking),
            "row_errors": sum(1 for p in check.problems if p.severity.value == "error"),
            "review": len(check.compliance.review),
            "total_pct": {"low": round(low, 6), "high": round(high, 6)},
            "verdicts": dict(sorted(verdicts.items())),
        },
        "problems": [problem_dict(p) for p in check.problems],
        "ingredients": [ingredient_dict(i) for i in check.ingredients],
        "label_requirements": [label_dict(r) for r in check.compliance.label_requirements],
    }
