"""One answer from the answers to a compound question's parts ("Kent's rating and why"): each part's text and
citations in turn, citation numbers renumbered across them, passages interleaved."""

from __future__ import annotations

import re
from itertools import zip_longest

from assistant.evidence.citations import renumber
from assistant.models.answers import Answer
from assistant.models.questions import Passage, QuestionAnalysis


def join_answers(analysis: QuestionAnalysis, answers: list[Answer]) -> Answer:
    """One answer from the answers to a compound question's parts, citations renumbered across them."""
    kept = [a for a in answers if not a.refused] or answers[:1]
    texts: list[str] = []
    citations = []
    offset = 0
    for a in kept:
        texts.append(re.sub(r"\[(\d+)\]", lambda m, o=offset: f"[{int(m.group(1)) + o}]", a.answer))  # type: ignore[misc]
        citations += [c.model_copy(update={"n": c.n + offset}) for c in a.citations]
        offset += max((c.n for c in a.citations), default=0)
    text, numbered = renumber(" ".join(texts), citations)
    passages: list[Passage] = []
    for group in zip_longest(*(a.passages for a in kept)):  # interleaved: each part's best first
        passages += [p for p in group if p is not None and p.chunk_id not in {q.chunk_id for q in passages}]
    return Answer(answer=text, kind=analysis.kind, refused=all(a.refused for a in kept), citations=numbered,
                  passages=passages, analysis=analysis, composer=kept[0].composer)
