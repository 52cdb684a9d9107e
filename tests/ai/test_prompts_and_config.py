"""Prompts are versioned files that forbid invented numbers and require citations; settings
come from PIFAI_AI_* (and PIFAI_ANTHROPIC_API_KEY) only; the router maps tasks to tiers."""

from __future__ import annotations

from pathlib import Path

import pytest

from pifai.ai.config import DEFAULT_LIGHT_MODEL, DEFAULT_STRONG_MODEL, AiSettings
from pifai.ai.prompts import CURRENT, load_prompt, prompt_for
from pifai.ai.router import TIERS, Task, Tier, model_for

PROMPTS = Path(__file__).resolve().parents[2] / "src" / "pifai" / "ai" / "prompts"


@pytest.mark.parametrize("task", list(CURRENT))
def test_each_prompt_forbids_invented_numbers_and_requires_citations(task: Task) -> None:
    prompt = prompt_for(task)

    assert (PROMPTS / f"{task.value}.v{CURRENT[task]}.md").is_file()
    assert "Never invent a number" in prompt.text
    assert "Cite every" in prompt.text
    assert "confidence" in prompt.text
    assert "submit_result" in prompt.text


def test_the_prompt_label_names_version_and_content() -> None:
    prompt = load_prompt("sa_draft", 1)

    name, _, digest = prompt.label.partition("#")
    assert name == "sa_draft.v1"
    assert len(digest) == 12 and int(digest, 16) >= 0


def test_every_prompt_file_is_a_known_task_and_version() -> None:
    files = {p.name for p in PROMPTS.glob("*.md")}

    assert files == {f"{t.value}.v{v}.md" for t, v in CURRENT.items()}


def test_defaults_without_environment() -> None:
    settings = AiSettings(_env_file=None)  # type: ignore[call-arg]

    assert not settings.configured
    assert settings.model_strong == DEFAULT_STRONG_MODEL
    assert settings.model_light == DEFAULT_LIGHT_MODEL
    assert settings.max_tool_turns == 6
    assert settings.max_retries == 3
    assert settings.prices == {}


def test_settings_are_read_from_their_own_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-from-the-shell")  # never read
    monkeypatch.delenv("PIFAI_ANTHROPIC_API_KEY", raising=False)
    assert not AiSettings(_env_file=None).configured  # type: ignore[call-arg]

    monkeypatch.setenv("PIFAI_ANTHROPIC_API_KEY", "sk-ant-pifai")
    monkeypatch.setenv("PIFAI_AI_MODEL_LIGHT", "claude-haiku-4-5")
    monkeypatch.setenv("PIFAI_AI_MAX_TOOL_TURNS", "4")
    monkeypatch.setenv("PIFAI_AI_PRICES", '{"claude-haiku-4-5": {"input": 1, "output": 5}}')
    settings = AiSettings(_env_file=None)  # type: ignore[call-arg]

    assert settings.configured
    assert settings.model_light == "claude-haiku-4-5"
    assert settings.max_tool_turns == 4
    assert settings.prices["claude-haiku-4-5"].output == 5


def test_the_router_gives_judgement_to_the_strong_model() -> None:
    settings = AiSettings(_env_file=None, model_strong="S", model_light="L")  # type: ignore[call-arg]

    assert {t: model_for(t, settings) for t in Task} == {
        Task.EXTRACT_FORMULA: "S",
        Task.STRUCTURE_PROCESS: "S",
        Task.TOXICOLOGY_SYNTHESIS: "S",
        Task.SA_DRAFT: "S",
        Task.NORMALISE_NAME: "L",
        Task.CLASSIFY: "L",
    }
    assert set(TIERS) == set(Task)
    assert Tier.LIGHT in TIERS.values()
