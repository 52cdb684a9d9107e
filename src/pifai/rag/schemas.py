from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from pifai.rag.client import RagAnswer


class AskRequest(BaseModel):
    """Only the question: the knowledge base is the product's own, never named by the caller."""

    question: str = Field(min_length=1, max_length=2000)


class SourceOut(BaseModel):
    title: str | None
    url: str | None
    snippet: str | None
    score: float | None


class AnswerOut(BaseModel):
    answer: str
    from_wiki: bool | None
    tier: Literal["wiki", "retrieval", "unknown"]
    sources: list[SourceOut]

    @classmethod
    def of(cls, answer: RagAnswer) -> AnswerOut:
        return cls(
            answer=answer.answer,
            from_wiki=answer.from_wiki,
            tier=answer.tier,
            sources=[SourceOut(**vars(s)) for s in answer.sources],
        )
