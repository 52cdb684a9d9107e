"""Task kinds by name: handler, number of runs in total, and time limit per run."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pifai.tasks.context import TaskContext

Handler = Callable[["TaskContext"], Awaitable[dict[str, Any]]]
DEFAULT_MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class TaskKind:
    name: str
    handler: Handler
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    time_limit_seconds: float = 300.0


class UnknownTaskKind(KeyError):
    pass


class PermanentTaskError(Exception):
    """A failure retrying cannot fix (unusable input): the task fails at once."""


_KINDS: dict[str, TaskKind] = {}


def register(kind: TaskKind) -> TaskKind:
    if kind.name in _KINDS and _KINDS[kind.name] != kind:
        raise ValueError(f"task kind {kind.name!r} is already registered")
    if kind.max_attempts < 1:
        raise ValueError("a task kind needs at least one attempt")
    _KINDS[kind.name] = kind
    return kind


def task_kind(
    name: str, *, max_attempts: int = DEFAULT_MAX_ATTEMPTS, time_limit_seconds: float = 300.0
) -> Callable[[Handler], Handler]:
    def decorate(handler: Handler) -> Handler:
        register(TaskKind(name, handler, max_attempts, time_limit_seconds))
        return handler

    return decorate


def get_kind(name: str) -> TaskKind:
    _load_builtin_kinds()
    try:
        return _KINDS[name]
    except KeyError as exc:
        raise UnknownTaskKind(name) from exc


def kind_names() -> list[str]:
    _load_builtin_kinds()
    return sorted(_KINDS)


def _load_builtin_kinds() -> None:
    # Importing registers them; each feature adds its module here.
    import pifai.ai_uses.tasks
    import pifai.email.tasks
    import pifai.formulas.tasks
    import pifai.pif.pdf.tasks
    import pifai.rag.tasks
    import pifai.tasks.diagnostics
    import pifai.toxicology.worker.tasks  # noqa: F401
