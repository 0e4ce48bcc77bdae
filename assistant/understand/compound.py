"""Compound questions: the parts of "Derby's safeguarding score and what needs to change" or "Kent's
rating and why", each to be answered in turn.

A question splits where a joining word ("and", "also", "plus", a comma or a dash) is followed by a question
of its own (a question word or an ask such as "why", "what needs to change"). Joining words between two
names ("Derby and Camden") do not split. A "why" part asks for the findings behind the first part.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.models.questions import QuestionAnalysis, QuestionKind
from assistant.understand.kinds import COUNCIL_MASK, STATEMENT_MASK
from assistant.understand.lexicon import statement_mentions, without_statements
from assistant.understand.spelling import Correction

_ASK = (
    r"(?:why|what|how|where|which|who|when|is|are|was|were|did|does|do|can|could|should|would|"
    r"tell me|give me|list|explain|describe|any|(?:the\s+)?(?:main\s+|key\s+)?reasons?)\b"
)
_JOIN = re.compile(
    r"\s*(?:[,;]\s*(?:and\s+|also\s+|plus\s+)?|\s-\s+|\s+(?:and|also|plus|then)\s+(?:also\s+)?)(?=" + _ASK + r")",
    re.I,
)
_WHY = re.compile(
    r"^\s*(?:and\s+)?(?:why|(?:the\s+)?(?:main\s+|key\s+)?reasons?(?:\s+(?:why|for\s+(?:it|this|that)))?)\s*\??\s*$",
    re.I,
)
_SCORE_WORD = re.compile(r"\b(scores?|scored|rating|rated)\b", re.I)
_IMPROVE_WITH_SCORE = re.compile(
    r"\b(?:improve|raise|increase|lift|boost|better)\b.{0,40}\b(?:its|their|the|our)\b.{0,30}?"
    r"\b(scores?|rating)\b",
    re.I,
)
_CATALOG = {QuestionKind.SCORE, QuestionKind.RATING}
_ASKS_IMPROVE = {QuestionKind.IMPROVEMENT, QuestionKind.SCORE, QuestionKind.RATING}
MIN_WORDS = 2  # a part needs this many words of its own


def split_parts(question: str) -> list[str]:
    """The question's parts in order (one part when it is not compound)."""
    pieces = [p.strip(" ,;-?") for p in _JOIN.split(question)]
    pieces = [p for p in pieces if p]
    if len(pieces) < 2 or len(pieces[0].split()) < MIN_WORDS or not (
        re.search(r"\b" + _ASK, pieces[0], re.I) or names_only(pieces[0]) or _SCORE_WORD.search(pieces[0])
    ):
        return [question]
    parts: list[str] = [pieces[0]]
    for piece in pieces[1:]:
        if _WHY.match(piece):
            parts.append("why " + re.sub(r"(?i)^(?:what|how)\s+", "", pieces[0]))
        elif len(piece.split()) >= MIN_WORDS:
            parts.append(piece)
        else:
            parts[-1] = f"{parts[-1]} and {piece}"
    return parts if len(parts) > 1 else [question]


def names_only(text: str) -> bool:
    """Whether the text names only statements and a place ("Derby safeguarding"): no ask of its own."""
    rest = without_statements(text)
    return len(rest.split()) <= 2 and len(rest.split()) < len(text.split())


def asks_why(part: str) -> bool:
    """Whether a part asks for the reasons behind a score or rating."""
    return re.match(r"^\s*why\b", part, re.I) is not None and _SCORE_WORD.search(part) is not None


def improvement_names_score(question: str) -> str | None:
    """For "how could Derby improve its equity score": the score or rating it names ("score"), else None."""
    m = _IMPROVE_WITH_SCORE.search(question)
    return m.group(1).lower() if m else None


def mask(question: str, council_texts: tuple[str, ...]) -> str:
    """The question with its councils and named statements replaced by the kind bank's placeholders."""
    out = question
    for text in sorted(council_texts, key=len, reverse=True):
        out = re.sub(r"(?i)(?<![A-Za-z])" + re.escape(text) + r"(?:['’]s)?(?![A-Za-z])", COUNCIL_MASK, out)
    for m in sorted((m for m in statement_mentions(out) if m.strong), key=lambda m: -m.start):
        out = out[: m.start] + STATEMENT_MASK + out[m.end :]
    return out


def statement_readings(question: str, fixes: list[Correction]) -> list[str]:
    """"Taking 'safegaurding' as Safeguarding" for each corrected word that names a statement."""
    out: list[str] = []
    shift = 0
    for fix in fixes:
        start = fix.start + shift
        end = start + len(fix.read)
        shift += len(fix.read) - (fix.end - fix.start)
        for m in statement_mentions(question):
            if m.start < end and start < m.end:
                out.append(f"Taking '{fix.written}' as {m.statement}")
                break
    return list(dict.fromkeys(out))


def with_parts(
    analysis: QuestionAnalysis, question: str, read: Callable[[str], QuestionAnalysis]
) -> QuestionAnalysis:
    """The analysis with its parts when the question is compound (councils and statements shared)."""
    texts = split_parts(question)
    parts: list[QuestionAnalysis] = []
    if len(texts) > 1:
        asks = [t for t in texts if not names_only(t)]
        if len(asks) == 1 and asks[0] != texts[0]:  # "equity - what did Derby score?": one question
            texts = [] if read(asks[0]).kind in _CATALOG else texts
        for text in texts:
            part = read(text)
            if asks_why(text):
                part = part.model_copy(update={"kind": QuestionKind.FINDING})
            parts.append(part)
    elif analysis.kind in _ASKS_IMPROVE and (named := improvement_names_score(question)):
        kind = QuestionKind.RATING if named == "rating" and not analysis.statements else QuestionKind.SCORE
        parts = [analysis.model_copy(update={"kind": kind}),
                 analysis.model_copy(update={"kind": QuestionKind.IMPROVEMENT})]
    kinds = [p.kind for p in parts]
    if (
        len(parts) < 2
        or QuestionKind.OUT_OF_SCOPE in kinds
        or len(set(kinds)) < len(kinds)
        or not set(kinds) & _CATALOG
    ):
        return analysis  # one question in two halves, or no catalog fact among them: retrieval answers it whole
    parts = [
        p.model_copy(update={
            "councils": p.councils or analysis.councils,
            "unknown_councils": p.unknown_councils if p.councils else analysis.unknown_councils,
            "statements": p.statements or analysis.statements,
        })
        for p in parts
    ]
    return parts[0].model_copy(update={"question": question, "parts": parts})
