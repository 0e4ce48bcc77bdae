"""A council's CQC report in brief: its overall rating, then the opening sentences of the report's summaries.

"Summarise the Derby report", "Give me an overview of North Lincolnshire's assessment". The rating comes
from the catalog; the rest are verbatim sentences from the sections the report itself calls a summary
("Overall summary", "Summary of people's experiences", ...), in report order, each cited.
"""

from __future__ import annotations

import re

from assistant.answers.base import Result, Structured
from assistant.compose.extractive import render
from assistant.compose.rank import split_sentences
from assistant.compose.shape import looks_like_navigation, looks_like_table
from assistant.evidence.citations import Citer
from assistant.models.questions import QuestionAnalysis, QuestionKind

_ASKS = re.compile(r"\b(summar\w*|overview|in brief|main findings|overall findings|key findings)\b", re.I)
_SUMMARY_HEADING = re.compile(r"\bsummary\b", re.I)
_PER_SECTION = 2


def asks_for_summary(analysis: QuestionAnalysis) -> bool:
    """Whether a question asks for one named council's assessment in brief (no statement named)."""
    return (analysis.kind == QuestionKind.FINDING and len(analysis.councils) == 1 and not analysis.statements
            and _ASKS.search(analysis.question) is not None)


def report_summary(facts: Structured, analysis: QuestionAnalysis, citer: Citer) -> Result:
    """The rating, then the first substantive sentences of each summary section of the council's report."""
    from assistant.answers.ratings import rating

    hit = facts.catalog.assessment(analysis.councils[0])
    if hit is None:
        return Result([], handled=False)  # no CQC report: retrieval summarises what there is
    sentences = rating(facts, analysis.model_copy(update={"kind": QuestionKind.RATING}), citer).sentences
    for rank, passage in enumerate(facts.docs.section_passages(hit[0], None, heading=_SUMMARY_HEADING)):
        picked = [s for s in split_sentences(passage, rank)
                  if len(s.text.split()) >= 8 and not looks_like_navigation(s.text) and not looks_like_table(s.text)]
        sentences += render(picked[:_PER_SECTION], citer)
    return Result(sentences) if len(sentences) > 1 else Result([], handled=False)
