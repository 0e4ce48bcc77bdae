"""A council's list asked for ("where is X falling short", "what does X need to improve on Y", "what is X good
at") gives the distinct points its documents state, from the whole document (a summary or a next-steps list as
well as the statement's section), on the named statement only, and never pads with strengths, other statements'
points or repeats (real ingest, Chroma and embedder, over a report written here)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from assistant.compose.breadth import ABOUT, CEILING, FLOOR
from assistant.compose.terms import question_terms
from assistant.models.questions import QuestionAnalysis, QuestionKind
from assistant.settings import Settings

REPORT = """# Stockport Metropolitan Borough Council: local authority assessment

Assessment published: 3 April 2025

About 3,900 people were receiving long-term support from the local authority at the time of the assessment.

## Summary of strengths, areas for development and next steps

The local authority worked closely with its voluntary sector partners, who described a trusting relationship.
However, a backlog of 380 Deprivation of Liberty Safeguards applications had built up, and some people had waited
more than a year for an assessment. Leaders did not yet have reliable performance data on waiting lists across
teams.

# Theme 1: How Stockport works with people

## Assessing needs

Score: 2

2 - Evidence shows some shortfalls

People waited too long for a Care Act assessment: the median wait was 88 days, against 35 days in similar
authorities. Unpaid carers told us they were not offered an assessment of their own needs. Around 41% of people
receiving long-term support had not had a review in the last year. Staff were kind and took time to understand
what mattered to people.

# Theme 3: How Stockport ensures safety within the system

## Safeguarding

Score: 2

2 - Evidence shows some shortfalls

Safeguarding concerns were screened on the day they arrived by a multi-agency hub. Feedback to people who raised
a concern was inconsistent, and some told us they never heard what happened.

## Partnerships and communities

Score: 3

3 - Evidence shows a good standard

The community navigator scheme, run with a local charity, helped 2,300 people find support in their
neighbourhood in 2024. Partners told us joint funding agreements lasting three years gave them stability. The
integrated neighbourhood teams brought social workers, district nurses and GPs together in shared bases.
"""


@pytest.fixture(scope="module")
def service(make_loaded: Callable[[Sequence[Path]], Settings], tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[Any]:
    from assistant.service import Assistant

    path = tmp_path_factory.mktemp("breadth") / "stockport-report.md"
    path.write_text(REPORT, encoding="utf-8")
    assistant = Assistant.open(make_loaded([path]))
    try:
        yield assistant
    finally:
        assistant.close()


def _quotes(answer: Any) -> list[str]:
    return [" ".join(c.quote.split()) for c in answer.citations]


def _has(quotes: list[str], start: str) -> bool:
    return any(q.startswith(start) or start in q for q in quotes)


def test_shortfalls_at_large_are_a_list_of_stated_shortfalls(service: Any) -> None:
    answer = service.ask("stockport - where does it fall short?")
    quotes = _quotes(answer)
    assert not answer.refused
    stated = [s for s in ("However, a backlog of 380", "People waited too long for a Care Act assessment",
                          "Unpaid carers told us they were not offered", "Around 41% of people",
                          "Feedback to people who raised a concern", "Leaders did not yet have reliable")
              if _has(quotes, s)]
    assert len(stated) >= FLOOR, answer.answer
    for practice in ("The community navigator scheme", "Staff were kind", "Partners told us joint funding",
                     "About 3,900 people were receiving"):  # nor is the place described
        assert not _has(quotes, practice), answer.answer  # a strength is never padding for a shortfall list
    assert len(quotes) == len(set(quotes))


def test_a_statement_list_takes_its_shortfall_stated_in_the_summary(service: Any) -> None:
    """The DoLS backlog is stated in the summary, away from the safeguarding section: it is on safeguarding."""
    answer = service.ask("what does stockport need to improve on safeguarding?")
    quotes = _quotes(answer)
    assert _has(quotes, "Feedback to people who raised a concern"), answer.answer
    assert _has(quotes, "However, a backlog of 380"), answer.answer
    for other in ("People waited too long for a Care Act assessment", "Around 41% of people",
                  "Unpaid carers told us"):
        assert not _has(quotes, other), answer.answer  # another statement's shortfall
    strength = [i for i, q in enumerate(quotes) if q.startswith("Safeguarding concerns were screened")]
    assert all(i >= 2 for i in strength), answer.answer  # what works, if said at all, after the shortfalls


def test_strengths_at_large_are_a_list_of_practices(service: Any) -> None:
    answer = service.ask("what is stockport good at? give me the full list")
    quotes = _quotes(answer)
    assert not answer.refused
    practices = [s for s in ("The community navigator scheme", "Partners told us joint funding",
                             "The integrated neighbourhood teams", "Safeguarding concerns were screened",
                             "The local authority worked closely with its voluntary sector")
                 if _has(quotes, s)]
    assert len(practices) >= FLOOR, answer.answer
    assert not _has(quotes, "People waited too long"), answer.answer
    assert not _has(quotes, "However, a backlog"), answer.answer


def test_a_list_asked_on_a_topic_is_not_widened(service: Any) -> None:
    """A topic that is no statement ("carers") keeps its own answer: the floor never pads it with other points."""
    answer = service.ask("what does stockport need to improve for unpaid carers?")
    quotes = _quotes(answer)
    assert _has(quotes, "Unpaid carers told us they were not offered"), answer.answer
    assert not _has(quotes, "However, a backlog of 380"), answer.answer


def test_list_framing_names_no_topic() -> None:
    asked = [("bury - where does it fall short?", "Bury Council", QuestionKind.IMPROVEMENT),
             ("oldham strengths - give me the full list", "Oldham Council", QuestionKind.GOOD_PRACTICE),
             ("derby key areas for development", "Derby City Council", QuestionKind.IMPROVEMENT),
             ("where should hartlepool focus its improvement work?", "Hartlepool Borough Council",
              QuestionKind.IMPROVEMENT)]
    for q, council, kind in asked:
        analysis = QuestionAnalysis(question=q, standalone=q, kind=kind, councils=[council])
        assert question_terms(analysis) == [], q


def test_every_statement_has_a_description() -> None:
    from assistant.domain.taxonomy import STATEMENT_NAMES

    assert set(ABOUT) == set(STATEMENT_NAMES)
    assert FLOOR <= CEILING


def test_a_point_needs_its_words_and_its_meaning_to_agree() -> None:
    from assistant.compose.breadth import _opposite, _stated

    gap = "Feedback to people who raised a concern was inconsistent, and some never heard what happened."
    assert _stated(gap, 0.2, shortfalls=True)
    assert not _stated(gap, -0.05, shortfalls=True)  # the meaning reads it as a practice: no stated shortfall
    # the meaning alone states a shortfall only in a whole sentence, never in a heading or a table row
    assert _stated("Performance data had been unreliable since the new system went live.", 0.2, shortfalls=True)
    assert not _stated("Performance data had been unreliable since the new system went live.", 0.1, True)
    assert not _stated("Performance data | Data cleanse | Head of Intelligence", 0.2, shortfalls=True)
    assert not _stated("Understanding and managing risk has led to improved outcomes.", 0.2, shortfalls=True)
    scheme = "The community navigator scheme helped 2,300 people find support in their neighbourhood."
    assert _stated(scheme, -0.2, shortfalls=False)
    place = "The borough has a large Somali community, centred on Brinnington and Reddish."
    assert not _stated(place, -0.2, shortfalls=False)  # the place described is no practice
    assert _opposite("Staff were kind and took time to understand what mattered to people.", -0.1, True)
    assert not _opposite(gap, -0.1, True)  # its words state a shortfall: kept whatever the meaning
