"""Rewrite a follow-up question into a standalone one with the model (rewrite prompt), checked before use.

The rewrite is only accepted when it is one short line, carries no instruction-like text and names no
council that neither the question nor the conversation named; otherwise the rules' analysis stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistant.errors import ModelError
from assistant.llm.call import complete_text
from assistant.llm.pack import neutralise
from assistant.llm.prompts import PromptSet
from assistant.llm.validate import OVERRIDE
from assistant.models.questions import QuestionAnalysis, Turn

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

Analyse = Callable[[str, Sequence[Turn], Sequence[str]], QuestionAnalysis]
_PREFIX = re.compile(
    r"^(?:standalone(?:\s+question)?|rewritten(?:\s+question)?|question)\s*:\s*", re.IGNORECASE
)
MAX_TURNS = 3
MAX_ANSWER_CHARS = 300


def render_history(history: Sequence[Turn]) -> str:
    """The last few turns as plain text for the rewrite prompt."""
    lines = []
    for turn in history[-MAX_TURNS:]:
        answer = turn.answer
        if len(answer) > MAX_ANSWER_CHARS:
            answer = answer[:MAX_ANSWER_CHARS] + " …"
        lines.append(f"User: {neutralise(turn.question)}")
        lines.append(f"Assistant: {neutralise(answer)}")
    return "\n".join(lines)


def clean_rewrite(text: str, max_chars: int = 400) -> str | None:
    """The standalone question from the model's reply, or None when the reply is not usable."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return None
    quotes = "\"“”'‘’`"
    line = _PREFIX.sub("", lines[0].strip(quotes).strip()).strip().strip(quotes).strip()
    if not line or len(line) > max_chars or OVERRIDE.search(line):
        return None
    return line


def rewrite_question(
    model: BaseChatModel, prompts: PromptSet, question: str, history: Sequence[Turn], timeout_s: float
) -> str | None:
    """Ask the model for a standalone version of a follow-up; None on any failure."""
    from langchain_core.messages import HumanMessage

    prompt = prompts.rewrite.render({"history": render_history(history), "question": neutralise(question)})
    try:
        reply = complete_text(model, [HumanMessage(prompt)], timeout_s)
    except ModelError:
        return None
    return clean_rewrite(reply)


def rewrite_analysis(
    model: BaseChatModel,
    prompts: PromptSet,
    analysis: QuestionAnalysis,
    history: Sequence[Turn],
    councils: Sequence[str],
    analyse: Analyse,
    timeout_s: float,
) -> QuestionAnalysis:
    """Re-analyse a follow-up from the model's standalone rewrite; keep the rules' analysis when unsafe."""
    if not analysis.is_follow_up or not history:
        return analysis
    standalone = rewrite_question(model, prompts, analysis.question, history, timeout_s)
    if standalone is None:
        return analysis
    rewritten = analyse(standalone, (), councils)
    known = set(analysis.councils) | {c for t in history for c in t.analysis.councils}
    if not set(rewritten.councils) <= known:
        return analysis  # the model brought in a council nobody mentioned
    return rewritten.model_copy(update={
        "question": analysis.question,
        "standalone": standalone,
        "is_follow_up": True,
        "rewritten_by": "llm",
    })
