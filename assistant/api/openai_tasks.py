"""Chat front ends' task prompts on /v1/chat/completions, recognised and answered without the question path.

Open WebUI (and front ends copying it) send, besides the user's questions, long "### Task:" prompts that
wrap the chat history in <chat_history> and ask for JSON: a title (`{"title": ...}`), tags (`{"tags": [...]}`),
follow-up questions (`{"follow_ups": [...]}`) and search queries (`{"queries": [...]}`). They are not
questions about CQC assessments (and exceed the question length limit), so they are answered here from
the history: the title from the last user question's words, tags from the councils and quality
statements it names, follow-ups built from those, queries = the last question. Any other task prompt
gets a clear 400. `CQC_API__CHAT_TASKS=false` rejects all of them (turn the tasks off in the front end).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.api.openai_errors import UnsupportedParameterError
from assistant.domain import taxonomy
from assistant.understand.analyse import analyse

_TASK = re.compile(r"^\s*#{1,3}\s*Task\s*:", re.IGNORECASE | re.MULTILINE)
_HISTORY = re.compile(r"<chat_history>(.*?)</chat_history>", re.DOTALL | re.IGNORECASE)
_JSON_KEY = re.compile(r"""JSON format:\s*\{\s*["'](\w+)["']""", re.IGNORECASE)
_TURN = re.compile(r"^(USER|ASSISTANT|SYSTEM)\s*:\s?(.*)$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’&-]*")
_LEADING = frozenset(
    {
        "what", "whats", "what's", "was", "were", "is", "are", "did", "does", "do", "how", "which", "who", "why",
        "when", "where", "can", "could", "would", "should", "tell", "me", "us", "about", "please", "the", "a", "an",
        "show", "give", "list", "i", "we", "our", "and", "so", "ok", "okay", "hi", "hello",
    }
)
KNOWN_TASKS = ("title", "tags", "follow_ups", "queries")
TITLE_WORDS = 6


@dataclass(frozen=True)
class TaskPrompt:
    """A recognised front-end task: what it asks for and the user questions in its chat history."""

    kind: str  # one of KNOWN_TASKS, or the JSON key of a task this service does not do
    questions: list[str]


def parse_task(text: str) -> TaskPrompt | None:
    """The task a front end's prompt asks for, or None when the text is an ordinary question."""
    if not _TASK.search(text):
        return None
    history = _HISTORY.search(text)
    key = _JSON_KEY.search(text)
    if history is None and key is None:
        return None
    questions: list[str] = []
    role: str | None = None
    for line in (history.group(1) if history else "").splitlines():
        match = _TURN.match(line.strip())
        if match:
            role = match.group(1).upper()
            if role == "USER":
                questions.append(match.group(2).strip())
        elif role == "USER" and line.strip() and questions:
            questions[-1] = f"{questions[-1]} {line.strip()}"
    return TaskPrompt(kind=key.group(1).lower() if key else "unknown", questions=[q for q in questions if q])


def title_of(question: str) -> str:
    """A short title from a question's words: leading question words dropped, at most TITLE_WORDS words."""
    words = _WORD.findall(question)
    while words and words[0].lower() in _LEADING:
        words.pop(0)
    title = " ".join(words[:TITLE_WORDS])
    return (title[:1].upper() + title[1:]) if title else "CQC assessment question"


def tags_of(questions: Sequence[str], councils: Sequence[str]) -> list[str]:
    """Adult social care, then the councils and quality statements the questions name (at most 6)."""
    tags = ["Adult social care"]
    for question in questions:
        analysis = analyse(question, [], councils)
        for name in [*analysis.councils, *analysis.statements, *analysis.themes]:
            if name not in tags:
                tags.append(name)
    return tags[:6]


def follow_ups_of(questions: Sequence[str], councils: Sequence[str]) -> list[str]:
    """Three questions the assistant can answer, about the councils and statements already discussed."""
    last = questions[-1] if questions else ""
    analysis = analyse(last, [], councils) if last else None
    council = analysis.councils[0] if analysis and analysis.councils else None
    statement = analysis.statements[0] if analysis and analysis.statements else None
    names = [s.name for s in taxonomy.STATEMENTS]
    other = names[(names.index(statement) + 1) % len(names)] if statement in names else names[0]
    if council and statement:
        options = [
            f"What did {council} do well on {statement.lower()}?",
            f"How did other councils score for {statement.lower()}?",
            f"What was {council}'s score for {other.lower()}?",
            f"What should {council} improve for {statement.lower()}?",
        ]
    elif council:
        options = [
            f"What was {council}'s overall rating?",
            f"What are {council}'s strengths?",
            f"Where does {council} need to improve?",
        ]
    elif statement:
        options = [
            f"Which councils scored 3 or more for {statement.lower()}?",
            f"What does good practice look like for {statement.lower()}?",
            f"Which councils scored lowest for {statement.lower()}?",
        ]
    else:
        options = [
            "Which councils scored 3 or more for safeguarding?",
            "What does good practice look like for assessing needs?",
            "What are the most common areas for improvement?",
        ]
    asked = {q.strip().lower() for q in questions}
    return [o for o in options if o.lower() not in asked][:3]


def answer_task(task: TaskPrompt, councils: Sequence[str], enabled: bool) -> str:
    """The JSON the front end asked for; UnsupportedParameterError (400) when disabled or unknown."""
    if not enabled:
        raise UnsupportedParameterError(
            "messages",
            f"This is a chat front end's '{task.kind}' task prompt, not a question; task prompts are turned off "
            "on this server (CQC_API__CHAT_TASKS=false). Turn off title, tag and follow-up generation in the "
            "front end, or ask a question about CQC assessments.",
        )
    if task.kind not in KNOWN_TASKS:
        raise UnsupportedParameterError(
            "messages",
            f"This is a chat front end's '{task.kind}' task prompt; cqc-assistant answers questions about CQC "
            f"assessments and does only these tasks: {', '.join(KNOWN_TASKS)}. Turn this task off in the front end.",
        )
    last = task.questions[-1] if task.questions else ""
    if task.kind == "title":
        return json.dumps({"title": title_of(last)}, ensure_ascii=False)
    if task.kind == "tags":
        return json.dumps({"tags": tags_of(task.questions, councils)}, ensure_ascii=False)
    if task.kind == "follow_ups":
        return json.dumps({"follow_ups": follow_ups_of(task.questions, councils)}, ensure_ascii=False)
    return json.dumps({"queries": [last] if last else []}, ensure_ascii=False)
