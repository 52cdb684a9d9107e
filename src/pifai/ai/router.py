"""Which model does which job (SPEC §14): the strong model where judgement matters,
the light one for normalising names and classifying."""

from __future__ import annotations

from enum import StrEnum

from pifai.ai.config import AiSettings


class Task(StrEnum):
    EXTRACT_FORMULA = "extract_formula"
    STRUCTURE_PROCESS = "structure_process"
    TOXICOLOGY_SYNTHESIS = "toxicology_synthesis"
    SA_DRAFT = "sa_draft"
    NORMALISE_NAME = "normalise_name"
    CLASSIFY = "classify"


class Tier(StrEnum):
    STRONG = "strong"
    LIGHT = "light"


TIERS: dict[Task, Tier] = {
    Task.EXTRACT_FORMULA: Tier.STRONG,
    Task.STRUCTURE_PROCESS: Tier.STRONG,
    Task.TOXICOLOGY_SYNTHESIS: Tier.STRONG,
    Task.SA_DRAFT: Tier.STRONG,
    Task.NORMALISE_NAME: Tier.LIGHT,
    Task.CLASSIFY: Tier.LIGHT,
}


def model_for(task: Task, settings: AiSettings) -> str:
    return settings.model_strong if TIERS[task] is Tier.STRONG else settings.model_light
