"""The item status machine of SPEC §2.1, in one place.

``missing → uploaded → ai_processing → ai_draft_ready → human_reviewed → approved``, with
the fail-soft edge ``ai_processing → uploaded`` and the direct ``uploaded →
human_reviewed`` for form-filled items. Who may take an edge matters: people move items
to ``human_reviewed`` (and reopen them), the worker runs the AI edges, and only signing
approves — all 16 at once. Editing an approved item's data reopens it.
"""

from __future__ import annotations

from enum import StrEnum

from pifai.models.enums import ItemStatus as S


class Actor(StrEnum):
    USER = "user"  # a person through the item routes
    WORKER = "worker"  # analysis tasks
    SIGNING = "signing"  # the SA signature of SPEC §12.6
    EDIT = "edit"  # a data change to an approved item
    SA_REVISION = "sa_revision"  # an SA sends items back for editing (SPEC §12)


_EDGES: dict[tuple[S, S], frozenset[Actor]] = {
    (S.MISSING, S.UPLOADED): frozenset({Actor.USER, Actor.WORKER}),
    (S.UPLOADED, S.AI_PROCESSING): frozenset({Actor.WORKER}),
    (S.AI_PROCESSING, S.AI_DRAFT_READY): frozenset({Actor.WORKER}),
    (S.AI_PROCESSING, S.UPLOADED): frozenset({Actor.WORKER}),
    (S.AI_DRAFT_READY, S.HUMAN_REVIEWED): frozenset({Actor.USER}),
    (S.UPLOADED, S.HUMAN_REVIEWED): frozenset({Actor.USER}),
    # Reopening a reviewed item for editing; an SA's revision request also reopens
    # approved items (of a signed version) and AI drafts.
    (S.HUMAN_REVIEWED, S.UPLOADED): frozenset({Actor.USER, Actor.SA_REVISION}),
    (S.APPROVED, S.UPLOADED): frozenset({Actor.SA_REVISION}),
    # A new document replaces an AI draft: it is analysed again.
    (S.AI_DRAFT_READY, S.UPLOADED): frozenset({Actor.USER, Actor.SA_REVISION}),
    (S.HUMAN_REVIEWED, S.APPROVED): frozenset({Actor.SIGNING}),
    (S.APPROVED, S.HUMAN_REVIEWED): frozenset({Actor.EDIT}),
}


class IllegalTransition(Exception):
    def __init__(self, current: S, target: S, allowed: list[S], reason: str) -> None:
        super().__init__(reason)
        self.current = current
        self.target = target
        self.allowed = allowed
        self.reason = reason


def allowed_targets(current: S, actor: Actor) -> list[S]:
    return [to for (frm, to), actors in _EDGES.items() if frm == current and actor in actors]


def check_transition(current: S, target: S, actor: Actor) -> None:
    """Raise ``IllegalTransition`` naming the allowed targets unless the edge is allowed."""
    if actor in _EDGES.get((current, target), frozenset()):
        return
    allowed = allowed_targets(current, actor)
    if target == S.APPROVED:
        reason = "Items become approved only when a Safety Assessor signs the PIF"
    else:
        names = ", ".join(a.value for a in allowed) or "none"
        reason = f"Cannot move an item from {current.value} to {target.value}; allowed: {names}"
    raise IllegalTransition(current, target, allowed, reason)


def path_to_reviewed(current: S) -> list[S]:
    """Statuses a user passes through to reach ``human_reviewed`` (not-applicable items)."""
    if current == S.MISSING:
        return [S.UPLOADED, S.HUMAN_REVIEWED]
    if current in (S.UPLOADED, S.AI_DRAFT_READY):
        return [S.HUMAN_REVIEWED]
    if current == S.HUMAN_REVIEWED:
        return []
    check_transition(current, S.HUMAN_REVIEWED, Actor.USER)
    return [S.HUMAN_REVIEWED]
