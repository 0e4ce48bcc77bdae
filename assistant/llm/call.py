"""Call a LangChain chat model with a wall-clock limit, streaming its text.

The model runs in a worker thread feeding a queue, so a stalled provider (or a slow fake) cannot hold a
request past settings.llm.timeout_s whatever its client does; errors surface as ModelError.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from assistant.errors import ModelError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage


def chunk_text(content: Any) -> str:
    """The text of a message chunk's content (a string or a list of content blocks)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for block in content:
            if isinstance(block, str):
                parts.append(block)
            elif isinstance(block, dict) and block.get("type") == "text":
                parts.append(str(block.get("text", "")))
        return "".join(parts)
    return ""


def stream_text(
    model: BaseChatModel, messages: Sequence[BaseMessage], timeout_s: float, max_chars: int = 20_000
) -> Iterator[str]:
    """Yield the model's text pieces; ModelError on timeout, provider error, empty or runaway output."""
    items: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()

    def work() -> None:
        try:
            for chunk in model.stream(list(messages)):
                if stop.is_set():
                    return
                items.put(("text", chunk_text(chunk.content)))
            items.put(("end", None))
        except Exception as exc:  # any provider failure becomes a fallback, never a 500
            items.put(("error", exc))

    worker = threading.Thread(target=work, name="llm-call", daemon=True)
    worker.start()
    deadline = time.monotonic() + timeout_s
    produced = 0
    visible = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ModelError(f"timed out after {timeout_s:g}s")
            try:
                kind, value = items.get(timeout=remaining)
            except queue.Empty:
                raise ModelError(f"timed out after {timeout_s:g}s") from None
            if kind == "end":
                if not visible:
                    raise ModelError("empty output")
                return
            if kind == "error":
                if not visible and "no generation chunks" in str(value).lower():
                    raise ModelError("empty output") from value  # LangChain's way of saying "nothing"
                raise ModelError(f"{type(value).__name__}: {value}") from value
            if value:
                visible = visible or bool(value.strip())
                produced += len(value)
                if produced > max_chars:
                    raise ModelError(f"output longer than {max_chars} characters")
                yield value
    finally:
        stop.set()


def complete_text(model: BaseChatModel, messages: Sequence[BaseMessage], timeout_s: float) -> str:
    """The model's whole reply as one string (ModelError when it fails, times out or is empty)."""
    return "".join(stream_text(model, messages, timeout_s))
