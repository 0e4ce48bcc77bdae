"""OpenAI chat-completions request and response shapes (the subset chat UIs and SDKs use), plus citations."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.models.answers import Citation

MODEL_ID = "cqc-assistant"


class ContentPart(BaseModel):
    """One part of a multi-part message; only text parts carry a question."""

    model_config = ConfigDict(extra="allow")

    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    """One message of the conversation so far."""

    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None
    name: str | None = None

    def text(self) -> str:
        """The message's text, parts joined."""
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "\n".join(p.text for p in self.content if p.text)


class ChatCompletionRequest(BaseModel):
    """OpenAI-style request: the last user message is the question, earlier turns are history."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "model": MODEL_ID,
                    "messages": [{"role": "user", "content": "What was Derby's safeguarding score?"}],
                    "stream": False,
                }
            ]
        },
    )

    model: str = Field(MODEL_ID, max_length=200, description="Ignored: there is one assistant.")
    messages: list[ChatMessage] = Field(..., min_length=1, max_length=200)
    stream: bool = False
    conversation_id: str | None = Field(
        None,
        max_length=100,
        description="Extra: continue a server-side conversation instead of sending history.",
    )


class AssistantMessage(BaseModel):
    """The assistant's reply."""

    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    """The one choice of a completion."""

    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class ChatCompletion(BaseModel):
    """A non-streamed completion; `citations` and `conversation_id` are extras beyond OpenAI's shape."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str = MODEL_ID
    choices: list[Choice]
    usage: dict[str, int] | None = None
    citations: list[Citation] = Field(default_factory=list)
    conversation_id: str | None = None
    refused: bool = False
    fallback: str | None = Field(None, description="Why a model's answer was trimmed or replaced, when it was.")


class Delta(BaseModel):
    """A piece of a streamed reply."""

    role: Literal["assistant"] | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    """The one choice of a streamed chunk."""

    index: int = 0
    delta: Delta
    finish_reason: Literal["stop"] | None = None
    logprobs: None = None


class ChatCompletionChunk(BaseModel):
    """One streamed chunk; the last one (finish_reason "stop") carries the citations."""

    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str = MODEL_ID
    choices: list[ChunkChoice]
    citations: list[Citation] | None = None
    conversation_id: str | None = None
    refused: bool | None = None
    corrected: bool | None = Field(
        None, description="Final chunk: the streamed text was trimmed or replaced; the correction was sent."
    )
    fallback: str | None = Field(None, description="Final chunk: why the model's text was trimmed or replaced.")

    def wire(self) -> str:
        """The chunk as the JSON of one `data:` line (unset extras left out)."""
        data: dict[str, Any] = self.model_dump(mode="json")
        for extra in ("citations", "conversation_id", "refused", "corrected", "fallback"):
            if data[extra] is None:
                del data[extra]
        for choice in data["choices"]:
            choice["delta"] = {k: v for k, v in choice["delta"].items() if v is not None}
        return json.dumps(data, ensure_ascii=False)


class ModelCard(BaseModel):
    """One entry of GET /v1/models."""

    id: str = MODEL_ID
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "cqc-assistant"


class ModelList(BaseModel):
    """GET /v1/models."""

    object: Literal["list"] = "list"
    data: list[ModelCard]
