"""A finding about a council stated only in another council's document ("Next door, Bexley was marked two out of
four for safeguarding ... after inspectors found a backlog of Deprivation of Liberty Safeguards applications").

When the council's own documents hold no evidence, the passages of other documents that name the council are
searched before refusing; only sentences naming the council count, and each is cited where it stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answers.mentioned import name_pattern
from assistant.compose.extractive import compose_extractive
from assistant.compose.rank import evidence_strength
from assistant.domain.sentences import sentence_spans
from assistant.evidence.citations import Citer, DocCache
from assistant.models.questions import Passage, QuestionAnalysis, QuestionKind

Search = Callable[..., list[Passage]]  # the retriever's search: (query, analysis, k=...)
WIDE_K = 40  # passages searched across every council: the council's name is in few of them
_ASKED = (QuestionKind.FINDING, QuestionKind.IMPROVEMENT, QuestionKind.GOOD_PRACTICE)


def _naming(p: Passage, pattern: re.Pattern[str]) -> list[Passage]:
    """The sentences of a passage that name the council, each as a passage of its own (offsets kept)."""
    return [p.model_copy(update={"text": p.text[a:b], "start": p.start + a, "end": p.start + b})
            for a, b in sentence_spans(p.text) if pattern.search(p.text, a, b)]


def named_elsewhere(search: Search, docs: DocCache, analysis: QuestionAnalysis, citer: Citer,
                    threshold: float) -> list[str]:
    """Cited sentences of other councils' documents about the one council asked of, if they answer; else []."""
    if len(analysis.councils) != 1 or analysis.unknown_councils or analysis.kind not in _ASKED:
        return []
    council = analysis.councils[0]
    pattern = name_pattern(council)
    broad = analysis.model_copy(update={"councils": [], "statements": []})
    hits = docs.available(search(f"{analysis.standalone} {council}", broad, k=WIDE_K))
    found = [s for p in hits if p.council != council for s in _naming(p, pattern)]
    if not found or evidence_strength(analysis, found, docs) < threshold:
        return []
    return compose_extractive(analysis, found, docs, citer, limit=2)
