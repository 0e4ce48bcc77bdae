"""OpenAI messages ↔ the assistant: the question and history in, footnoted text and token usage out.

Usage is counted with tiktoken in the project's offline encoding (`CQC_INGEST__TOKENIZER_ENCODING`), the way
OpenAI counts chat prompts: 3 tokens per message plus its role, content (and name), plus 3 for the reply.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.api.openai_schemas import ChatMessage, Usage
from assistant.errors import BadInputError
from assistant.models.answers import Citation
from assistant.models.questions import Turn
from assistant.service import Assistant
from assistant.understand.analyse import analyse

if TYPE_CHECKING:
    import tiktoken

SOURCES_HEADING = "\n\nSources:\n"
CORRECTION_HEADING = "\n\n[Corrected answer]\n"
FOOTNOTE_QUOTE_CHARS = 300
TOKENS_PER_MESSAGE = 3
REPLY_PRIMING_TOKENS = 3


def footnotes(citations: Sequence[Citation]) -> str:
    """The citations as a plain-text footnote block ('' when there are none)."""
    if not citations:
        return ""
    lines = []
    for c in citations:
        quote = " ".join(c.quote.split())
        if len(quote) > FOOTNOTE_QUOTE_CHARS:
            quote = quote[:FOOTNOTE_QUOTE_CHARS].rstrip() + "…"
        where = f", {c.section}" if c.section else ""
        lines.append(f"[{c.n}] {c.title}{where}: “{quote}”")
    return SOURCES_HEADING + "\n".join(lines)


def split_messages(messages: Sequence[ChatMessage]) -> tuple[str, list[tuple[str, str]]]:
    """The question (last user message) and earlier (question, answer) pairs, footnotes stripped."""
    last_user = max((i for i, m in enumerate(messages) if m.role == "user"), default=None)
    if last_user is None:
        raise BadInputError("The messages contain no user message to answer.")
    pairs: list[tuple[str, str]] = []
    pending: str | None = None
    for message in messages[:last_user]:
        if message.role == "user":
            pending = message.text()
        elif message.role == "assistant" and pending is not None:
            text = message.text().split(SOURCES_HEADING, 1)[0].rsplit(CORRECTION_HEADING, 1)[-1]
            pairs.append((pending, text))
            pending = None
    return messages[last_user].text(), pairs


def history_of(assistant: Assistant, pairs: Sequence[tuple[str, str]], keep: int = 10) -> list[Turn]:
    """Turns for client-sent history, each question analysed as the assistant would have."""
    councils = assistant.catalog.councils()
    turns: list[Turn] = []
    for question, answer in list(pairs)[-keep:]:
        analysis = analyse(question, turns, councils)
        turns.append(Turn(question=question, answer=answer, analysis=analysis))
    return turns


@lru_cache(maxsize=4)
def _encoding(name: str) -> tiktoken.Encoding:
    import tiktoken  # on the first OpenAI-style request, not when the server starts

    return tiktoken.get_encoding(name)


def count_tokens(text: str, encoding: str) -> int:
    """Tokens in a text (special-token strings counted as ordinary text)."""
    return len(_encoding(encoding).encode(text, disallowed_special=()))


def usage_of(messages: Sequence[ChatMessage], completion: str, encoding: str) -> Usage:
    """Prompt, completion and total tokens of one exchange."""
    prompt = REPLY_PRIMING_TOKENS
    for message in messages:
        prompt += TOKENS_PER_MESSAGE + count_tokens(message.role, encoding) + count_tokens(message.text(), encoding)
        if message.name:
            prompt += 1 + count_tokens(message.name, encoding)
    done = count_tokens(completion, encoding)
    return Usage(prompt_tokens=prompt, completion_tokens=done, total_tokens=prompt + done)
