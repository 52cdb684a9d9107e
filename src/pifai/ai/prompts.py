"""Prompts live in versioned files, ``prompts/<name>.v<N>.md``; a changed prompt is a new
file, never an edit, so every logged answer names the exact words that produced it.

The version label logged with each call and returned with each result is
``<name>.v<N>#<first 12 hex of its SHA-256>``: the hash also catches an edit made
without a new version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pifai.ai.router import Task

# The version each task uses now.
CURRENT: dict[Task, int] = {
    Task.EXTRACT_FORMULA: 1,
    Task.STRUCTURE_PROCESS: 1,
    Task.TOXICOLOGY_SYNTHESIS: 1,
    Task.SA_DRAFT: 1,
}


@dataclass(frozen=True)
class Prompt:
    name: str
    version: int
    text: str

    @property
    def label(self) -> str:
        digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:12]
        return f"{self.name}.v{self.version}#{digest}"


@cache
def load_prompt(name: str, version: int) -> Prompt:
    path = resources.files("pifai.ai").joinpath("prompts", f"{name}.v{version}.md")
    return Prompt(name, version, path.read_text(encoding="utf-8").strip())


def prompt_for(task: Task) -> Prompt:
    return load_prompt(task.value, CURRENT[task])
