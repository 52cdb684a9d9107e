"""The optional AI layer (SPEC §14): LLM-assisted extraction and drafting on top of the
deterministic engines. Nothing here is required: without an API key every feature runs on
the parsers, rules and templates. (Built in issue 10; see docs/ai.md.)

Entry point: :class:`AiService` — ``extract_formula``, ``structure_process``,
``toxicology_synthesis``, ``sa_draft`` — each returning an :class:`AiResult`.
"""

from pifai.ai.config import AiSettings, get_ai_settings
from pifai.ai.results import AiResult, Scored, band
from pifai.ai.router import Task
from pifai.ai.schemas import DraftAssessment, FormulaExtraction, ProcessSteps, SynthesisText
from pifai.ai.service import AiService

__all__ = [
    "AiResult",
    "AiService",
    "AiSettings",
    "DraftAssessment",
    "FormulaExtraction",
    "ProcessSteps",
    "Scored",
    "SynthesisText",
    "Task",
    "band",
    "get_ai_settings",
]
