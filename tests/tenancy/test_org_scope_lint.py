"""A lint, not a convention: tenant data is queried only in repository modules, and every
repository function touching a tenant table takes the caller's ``org_id``.

Exceptions are listed with the reason they are safe; adding one is a reviewed decision.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pifai
from pifai.models import Base

SRC = Path(pifai.__file__).parent
QUERY_BUILDERS = {"select", "update", "delete", "insert", "text"}
# Modules that may build queries outside repositories: schema plumbing, not tenant data.
PLUMBING = {"core", "migrations"}
PLUMBING_FILES = {"api/health.py"}
# Repository functions scoped by something other than org_id, and why that is safe.
NOT_ORG_SCOPED = {
    "auth/repository.py:list_user_memberships": "a user's own memberships, to choose an org",
    "auth/repository.py:claim_refresh_token": "token rows are RLS-scoped to their user",
    "auth/repository.py:get_refresh_token": "token rows are RLS-scoped to their user",
    "auth/repository.py:revoke_family": "token rows are RLS-scoped to their user",
    "audit/repository.py:last_in_chain": "the chain name is the organisation id",
    "audit/repository.py:chain_names": "verifier only, through the admin role",
    "audit/repository.py:rows_of_chain": "verifier only, through the admin role",
    "tasks/repository.py:list_unqueued_tasks": "reconciler only, through the admin role",
    "tasks/repository.py:count_tasks_by_kind_and_status": "metrics only, admin role",
    "tasks/repository.py:retries_by_kind": "metrics only, through the admin role",
    "tasks/repository.py:duration_histogram": "metrics only, through the admin role",
    "bundle/repository.py:users_by_ids": "users are global; the signers a bundle names",
    "bundle/repository.py:users_by_emails": "users are global; matching imported signers",
    "bundle/repository.py:owning_org_of_product": "operator CLI only, through the admin role",
}

TENANT_MODELS = {
    mapper.class_.__name__
    for mapper in Base.registry.mappers
    if "org_id" in mapper.class_.__table__.columns
}


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        found.append((rel, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def _is_plumbing(rel: str) -> bool:
    return rel.split("/", 1)[0] in PLUMBING or rel in PLUMBING_FILES


def test_queries_are_built_only_in_repositories() -> None:
    offenders = []
    for rel, tree in _modules():
        if rel.endswith("repository.py") or _is_plumbing(rel):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
                names = {a.name for a in node.names} & QUERY_BUILDERS
                if names:
                    offenders.append(f"{rel}:{node.lineno} imports {sorted(names)}")
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"execute", "scalars", "scalar"}
                and isinstance(node.value, ast.Name)
                and ("session" in node.value.id or "conn" in node.value.id)
            ):
                offenders.append(f"{rel}:{node.lineno} calls {node.value.id}.{node.attr}()")
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "get"
                and isinstance(node.value, ast.Name)
                and "session" in node.value.id
            ):
                offenders.append(f"{rel}:{node.lineno} looks a row up by id alone")
    assert offenders == []


def test_repository_functions_on_tenant_tables_take_org_id() -> None:
    assert {"Product", "PifDocument", "Task", "UploadedFile", "AuditLog"} <= TENANT_MODELS
    offenders = []
    for rel, tree in _modules():
        if not rel.endswith("repository.py"):
            continue
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.AsyncFunctionDef | ast.FunctionDef):
                continue
            used = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name)} & TENANT_MODELS
            params = {a.arg for a in fn.args.args + fn.args.kwonlyargs}
            key = f"{rel}:{fn.name}"
            queries = "session" in params  # clause-building helpers take no session
            if used and queries and "org_id" not in params and key not in NOT_ORG_SCOPED:
                offenders.append(f"{key} touches {sorted(used)} without org_id")
    assert offenders == []


def test_every_exception_still_exists() -> None:
    """Stale allow-list entries hide nothing but mislead readers."""
    defined = {
        f"{rel}:{fn.name}"
        for rel, tree in _modules()
        for fn in ast.walk(tree)
        if isinstance(fn, ast.AsyncFunctionDef | ast.FunctionDef)
    }
    assert set(NOT_ORG_SCOPED) <= defined
