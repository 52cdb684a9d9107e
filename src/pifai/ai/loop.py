"""The tool-use conversation of one task: the model calls our tools, our code runs them,
and the model ends by calling ``submit_result`` with an answer our Pydantic model accepts.

* Bad tool calls (unknown tool, arguments that fail validation, a tool that cannot answer)
  are answered with a ``tool_result`` marked ``is_error`` and the conversation goes on.
* An answer that fails validation gets one repair turn (the errors are sent back); a
  second failure ends the task with :class:`AiInvalidOutput`.
* At most ``max_tool_turns`` requests; the last one forces ``submit_result``
  (``tool_choice``); no valid answer by then is :class:`AiToolLoopExceeded`.
* Every tool call and every value it returned is kept (``calls``), for the number guard
  and for the record.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from anthropic.types import Message
from pydantic import BaseModel, ValidationError

from pifai.ai.client import LlmClient
from pifai.ai.errors import AiInvalidOutput, AiToolLoopExceeded
from pifai.ai.prompts import Prompt
from pifai.ai.results import ToolCallRecord, UsageTotals
from pifai.ai.router import Task
from pifai.ai.tools import (
    SUBMIT,
    JsonObject,
    ToolFailed,
    ToolRunner,
    ToolSpec,
    run_tool,
    submit_definition,
)
from pifai.ai.usage import CallUsage, cost_usd

log = logging.getLogger("pifai.ai")
T = TypeVar("T", bound=BaseModel)

EPHEMERAL: JsonObject = {"type": "ephemeral"}
MAX_REPAIRS = 1
NO_SUBMIT = (
    "Your answer must be given by calling submit_result with input that matches its "
    "schema. Do not answer in text."
)


def _validation_summary(exc: ValidationError, limit: int = 10) -> str:
    lines = [
        f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}"
        for err in exc.errors()[:limit]
    ]
    more = exc.error_count() - limit
    return "; ".join(lines) + (f"; and {more} more" if more > 0 else "")


def _block_param(block: Any) -> JsonObject:
    """A response content block as a request block (the assistant turn is sent back)."""
    if block.type == "text":
        return {"type": "text", "text": block.text}
    if block.type == "tool_use":
        return {"type": "tool_use", "id": block.id, "name": block.name, "input": block.input}
    dumped: JsonObject = block.model_dump(mode="json", exclude_none=True)
    return dumped  # thinking blocks go back unchanged, signature included


def _error_result(tool_use_id: str, message: str) -> JsonObject:
    return {"type": "tool_result", "tool_use_id": tool_use_id, "content": message, "is_error": True}


class ToolLoop(Generic[T]):
    def __init__(
        self,
        client: LlmClient,
        runner: ToolRunner,
        *,
        task: Task,
        prompt: Prompt,
        output: type[T],
        tools: Sequence[ToolSpec],
    ) -> None:
        self.client = client
        self.runner = runner
        self.task = task
        self.prompt = prompt
        self.output = output
        self.tools = {spec.name: spec for spec in tools}
        self.model = client.model_for(task)
        self.calls: list[ToolCallRecord] = []
        self.usage = UsageTotals()
        self.repairs = 0

    def request_tools(self) -> list[JsonObject]:
        definitions = [spec.definition() for spec in self.tools.values()]
        definitions.append({**submit_definition(self.output), "cache_control": EPHEMERAL})
        return definitions

    def system(self) -> list[JsonObject]:
        return [{"type": "text", "text": self.prompt.text, "cache_control": EPHEMERAL}]

    async def run(self, content: list[JsonObject]) -> T:
        """Converse until a valid answer is submitted; ``content`` is the first user turn
        (its last block becomes a cache breakpoint, so a long document is sent once)."""
        first = [*content[:-1], {**content[-1], "cache_control": EPHEMERAL}]
        messages: list[JsonObject] = [{"role": "user", "content": first}]
        turns = self.client.settings.max_tool_turns
        for turn in range(turns):
            message = await self.client.create(
                task=self.task,
                prompt_version=self.prompt.label,
                system=self.system(),
                tools=self.request_tools(),
                tool_choice=self._tool_choice(last=turn == turns - 1),
                messages=messages,
            )
            self._count(message)
            messages.append(
                {"role": "assistant", "content": [_block_param(b) for b in message.content]}
            )
            if message.stop_reason == "max_tokens":
                raise AiInvalidOutput("the answer was cut off at the output token limit")
            if message.stop_reason == "refusal":
                raise AiInvalidOutput("the model declined to answer")
            uses = [b for b in message.content if b.type == "tool_use"]
            if not uses:
                messages.append({"role": "user", "content": [{"type": "text", "text": NO_SUBMIT}]})
                continue
            answer, replies = await self._answer(uses)
            if answer is not None:
                return answer
            messages.append({"role": "user", "content": replies})
        raise AiToolLoopExceeded(f"no valid answer within {turns} turns")

    async def _answer(self, uses: Sequence[Any]) -> tuple[T | None, list[JsonObject]]:
        """Run the turn's tool calls: a valid ``submit_result`` ends the task; otherwise
        the tool results (errors included) for the next user turn."""
        replies: list[JsonObject] = []
        for use in uses:
            if use.name != SUBMIT:
                replies.append(await self._run_tool(use.id, use.name, use.input))
                continue
            try:
                return self.output.model_validate(use.input), []
            except ValidationError as exc:
                self.repairs += 1
                summary = _validation_summary(exc)
                if self.repairs > MAX_REPAIRS:
                    raise AiInvalidOutput(
                        f"the answer did not match the schema after a repair: {summary}"
                    ) from exc
                replies.append(_error_result(use.id, f"Not accepted: {summary}. Fix it."))
        return None, replies

    @staticmethod
    def _tool_choice(*, last: bool) -> JsonObject:
        """The model chooses, except on the last turn allowed: then it must submit."""
        return {"type": "tool", "name": SUBMIT} if last else {"type": "auto"}

    async def _run_tool(self, use_id: str, name: str, raw: Any) -> JsonObject:
        arguments = raw if isinstance(raw, dict) else {}
        spec = self.tools.get(name)
        if spec is None:
            known = ", ".join([*self.tools, SUBMIT])
            return self._error(
                use_id, name, arguments, f"Unknown tool {name!r}; use one of {known}."
            )
        try:
            args = spec.args.model_validate(raw)
        except ValidationError as exc:
            message = f"Invalid arguments for {name}: {_validation_summary(exc)}"
            return self._error(use_id, name, arguments, message)
        try:
            result = await run_tool(self.runner, spec, args)
        except ToolFailed as exc:
            return self._error(use_id, name, arguments, f"{name} cannot answer: {exc}")
        except Exception as exc:  # a tool bug must not end the task; the model is told
            log.exception("ai tool %s failed", name)
            return self._error(use_id, name, arguments, f"{name} failed ({type(exc).__name__})")
        self.calls.append(
            ToolCallRecord(id=use_id, name=name, input=arguments, is_error=False, result=result)
        )
        content = json.dumps(result, ensure_ascii=False, default=str)
        return {"type": "tool_result", "tool_use_id": use_id, "content": content}

    def _error(self, use_id: str, name: str, arguments: JsonObject, message: str) -> JsonObject:
        self.calls.append(
            ToolCallRecord(id=use_id, name=name, input=arguments, is_error=True, result=message)
        )
        return _error_result(use_id, message)

    def _count(self, message: Message) -> None:
        call = CallUsage.from_response(message.usage)
        cost = cost_usd(call, self.client.settings.prices.get(self.model))
        u = self.usage
        self.usage = UsageTotals(
            requests=u.requests + 1,
            input_tokens=u.input_tokens + call.input_tokens,
            output_tokens=u.output_tokens + call.output_tokens,
            cache_creation_input_tokens=u.cache_creation_input_tokens
            + call.cache_creation_input_tokens,
            cache_read_input_tokens=u.cache_read_input_tokens + call.cache_read_input_tokens,
            cost_usd=None if cost is None else round((u.cost_usd or 0.0) + cost, 6),
        )
