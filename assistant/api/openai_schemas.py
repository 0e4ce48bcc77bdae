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
    messages: list[ChatMessage] = Field(
        ..., min_length=1, max_length=1000,
        # at least one user message (the question to answer): OpenAPI 3.1 `contains`, checked by the route too
        json_schema_extra={"contains": {"type": "object", "required": ["role", "content"], "properties": {
            "role": {"const": "user"},
            "content": {"anyOf": [{"type": "string", "pattern": "\\S"}, {"type": "array", "minItems": 1}]}}}},
    )
    stream: bool = Field(False, strict=True)
    stream_options: StreamOptions | None = None
    n: int | None = Field(None, strict=True, description="Only 1 is supported.")
    tools: list[dict[str, Any]] | None = Field(None, description="Not supported: the assistant calls no tools.")
    tool_choice: str | dict[str, Any] | None = Field(None, description="Only 'none' or 'auto' (without tools).")
    functions: list[dict[str, Any]] | None = Field(None, description="Not supported (legacy tools).")
    function_call: str | dict[str, Any] | None = Field(None, description="Only 'none' or 'auto'.")
    response_format: dict[str, Any] | None = Field(None, description="Only {'type': 'text'}.")
    logprobs: bool | None = Field(None, strict=True, description="Not supported: answers are composed, not sampled.")
    top_logprobs: int | None = Field(None, strict=True, description="Not supported.")
    conversation_id: str | None = Field(
        None,
        max_length=100,
        description="Extra: continue a server-side conversation instead of sending history.",
    )


    def unsupported(self) -> tuple[str, str] | None:
        """(param, message) for the first parameter this service cannot honour, or None."""
        if self.n is not None and self.n != 1:
            return "n", f"n={self.n} is not supported: the assistant gives one answer per request (use n=1)."
        if self.tools or self.functions:
            name = "tools" if self.tools else "functions"
            return name, f"'{name}' is not supported: the assistant answers from its documents and calls no tools."
        for name in ("tool_choice", "function_call"):
            choice = getattr(self, name)
            if choice is not None and choice not in ("none", "auto"):
                return name, f"'{name}' other than 'none' or 'auto' is not supported: the assistant calls no tools."
        kind = (self.response_format or {}).get("type", "text")
        if kind != "text":
            return "response_format", (
                f"response_format type '{kind}' is not supported: answers are cited text (use type 'text')."
            )
        if self.logprobs or self.top_logprobs:
            name = "logprobs" if self.logprobs else "top_logprobs"
            return name, f"'{name}' is not supported: answers are composed from documents, not sampled."
        return None


class StreamOptions(BaseModel):
    """OpenAI's stream options: include_usage adds a last chunk with token counts."""

    model_config = ConfigDict(extra="allow")

    include_usage: bool = Field(False, strict=True)


class Usage(BaseModel):
    """Token counts (tiktoken, the project's offline encoding)."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class AssistantMessage(BaseModel):
    """The assistant's reply; `citations` is an extra beyond OpenAI's shape (also on the completion)."""

    role: Literal["assistant"] = "assistant"
    content: str
    refusal: None = None
    citations: list[Citation] = Field(default_factory=list)


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
    usage: Usage | None = None
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
    usage: Usage | None = None
    citations: list[Citation] | None = None
    conversation_id: str | None = None
    refused: bool | None = None
    corrected: bool | None = Field(
        None, description="Final chunk: the streamed text was trimmed or replaced; the correction was sent."
    )
    fallback: str | None = Field(None, description="Final chunk: why the model's text was trimmed or replaced.")

    def wire(self, usage_null: bool = False) -> str:
        """The chunk as the JSON of one `data:` line (unset extras left out; `usage: null` kept if asked)."""
        data: dict[str, Any] = self.model_dump(mode="json")
        for extra in ("usage", "citations", "conversation_id", "refused", "corrected", "fallback"):
            if data[extra] is None and not (extra == "usage" and usage_null):
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


class ErrorDetail(BaseModel):
    """OpenAI's error object."""

    message: str
    type: str = Field(..., examples=["invalid_request_error"])
    code: str | None = Field(None, examples=["unsupported_parameter"])
    param: str | None = Field(None, examples=["n"])


class ErrorEnvelope(BaseModel):
    """Every error of the OpenAI-compatible routes: `{"error": {message, type, code, param}}`."""

    error: ErrorDetail
