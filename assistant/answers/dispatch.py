"""Pick the catalog answer for a question kind; the one module that imports every answer module."""

from __future__ import annotations

import re

from assistant.answers.arithmetic import arithmetic
from assistant.answers.base import Result, Structured
from assistant.answers.compare import comparison
from assistant.answers.dates import asks_when_assessed, assessment_dates
from assistant.answers.ranking import ranking
from assistant.answers.ratings import rating, ratings_named
from assistant.answers.scores import score
from assistant.answers.strengths import strengths
from assistant.answers.summary import asks_for_summary, report_summary
from assistant.answers.thresholds import council_threshold
from assistant.evidence.citations import Citer
from assistant.models.questions import QuestionAnalysis, QuestionKind

_SCORE_WORDS = re.compile(r"\b(scores?|scored|statements?)\b", re.I)
_WORKING = re.compile(
    r"\b(calculat\w*|worked out|work out|how (?:is|was|are|were|do|does)|formula|method|/\s*36)", re.I
)


def states_percentage(facts: Structured, analysis: QuestionAnalysis) -> bool:
    """Whether an overall-percentage question can be answered from figures the documents state."""
    if analysis.what_if or _WORKING.search(analysis.question):
        return False
    found, missing = facts.assessed(analysis)
    return bool(found) and not missing and all(a.overall_percentage is not None for _, _, a in found)


def answer(facts: Structured, analysis: QuestionAnalysis, citer: Citer) -> Result:
    """Dispatch on the question kind."""
    if analysis.unknown_councils and not [
        c for c in analysis.councils if c not in analysis.unknown_councils
    ]:
        return facts.not_loaded(analysis, citer)

    kind = analysis.kind
    named = [c for c in analysis.councils if c not in analysis.unknown_councils]
    rated = bool(ratings_named(analysis.question))
    if kind == QuestionKind.FINDING and asks_when_assessed(analysis):
        return assessment_dates(facts, analysis, citer)
    if asks_for_summary(analysis):
        return report_summary(facts, analysis, citer)
    if kind == QuestionKind.SCORE and not analysis.councils and analysis.statements:
        return ranking(facts, analysis, citer)  # "who scored highest for safeguarding?"
    if kind == QuestionKind.SCORE:
        return score(facts, analysis, citer)
    if kind == QuestionKind.RATING or (
        kind == QuestionKind.RANKING and rated and not analysis.statements
        and not _SCORE_WORDS.search(analysis.question)  # "how many councils were rated Good?"
    ):
        return rating(facts, analysis, citer)
    if kind == QuestionKind.COMPARISON:
        return comparison(facts, analysis, citer)
    if kind == QuestionKind.RANKING and named and analysis.threshold is not None:
        return council_threshold(facts, analysis, citer)  # "did Kent get a 3 anywhere?"
    if kind == QuestionKind.RANKING and len(named) == 1 and analysis.threshold is None:
        return strengths(facts, analysis, citer)  # one council's best and worst statements
    if kind == QuestionKind.RANKING:
        return ranking(facts, analysis, citer)
    if kind == QuestionKind.ARITHMETIC and named and states_percentage(facts, analysis):
        return rating(facts, analysis, citer)  # "overall score out of 100?": the stated figure, not a sum
    if kind == QuestionKind.ARITHMETIC:
        return arithmetic(facts, analysis, citer)
    return Result([], handled=False)


def extremes(facts: Structured, analysis: QuestionAnalysis, citer: Citer, low: bool) -> Result:
    """One council's lowest (or highest) quality statement scores, whatever the question's wording."""
    return strengths(facts, analysis, citer, low=low)
