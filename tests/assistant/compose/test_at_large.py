"""A council's shortfalls or strengths asked at large (no topic): wider candidates, the right sentences first,
and a sentence that turns on the one before it ("However, ...") read with it (real sample reports)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.compose.cues import is_shortfall
from assistant.compose.rank import score_sentences
from assistant.compose.shortfalls import BOILERPLATE
from assistant.models.questions import Passage, QuestionAnalysis, QuestionKind
from assistant.models.records import DocumentKind

ROOT = Path(__file__).resolve().parents[3]


def test_improvement_at_large_leads_with_a_shortfall(assistant: Any) -> None:
    a = assistant.ask("what does derby need to do better")
    assert not a.refused and a.citations
    assert is_shortfall(a.citations[0].quote), a.citations[0].quote


def test_strengths_at_large_are_findings_not_the_rating(assistant: Any) -> None:
    a = assistant.ask("anything north lincolnshire did well?")
    assert not a.refused and a.citations
    assert not any(BOILERPLATE.search(c.quote) for c in a.citations)
    assert not is_shortfall(a.citations[0].quote), a.citations[0].quote


def test_contrast_sentence_reads_with_the_one_before(assistant: Any) -> None:
    text = (ROOT / "corpus-web" / "reports" / "nottingham.md").read_text(encoding="utf-8")
    start = text.index("During our assessment of Nottingham City Council")
    end = text.index("low morale.", start) + len("low morale.")
    p = Passage(chunk_id="nottingham:v:00001", doc_id="nottingham", title="Nottingham", council=None,
                kind=DocumentKind.CQC_PRESS_RELEASE, heading_path=[], theme=None, quality_statement=None,
                statement_score=None, text=text[start:end], start=start, end=end, source_path="x", score=1.0)
    q = "What workforce concerns did CQC raise?"
    analysis = QuestionAnalysis(question=q, standalone=q, kind=QuestionKind.IMPROVEMENT)
    scored = score_sentences(analysis, [p], assistant.docs)
    best = max(scored, key=lambda s: s.score)
    assert best.text.startswith("However, staff told us"), best.text


def test_shortfalls_at_large_end_with_the_lowest_scores(assistant: Any) -> None:
    a = assistant.ask("where is derby falling short")
    assert not a.refused and "lowest quality statement score was 2" in a.answer
    assert not a.answer.startswith("Derby City Council's lowest")  # the report's own sentences come first


def test_why_after_a_rating_gives_reasons(assistant: Any) -> None:
    from assistant.models.questions import Turn

    first = assistant.ask("what was derby rated overall?")
    a = assistant.ask("why?", [Turn(question="what was derby rated overall?", answer=first.answer,
                                    analysis=first.analysis)])
    assert not a.refused and len(a.citations) >= 2
    assert any(is_shortfall(c.quote) for c in a.citations)  # Requires improvement: explained by shortfalls


def _derby_passage(first: str, last: str) -> Passage:
    text = (ROOT / "corpus" / "derby-city-cqc-assessment-2024.md").read_text(encoding="utf-8")
    start = text.index(first)
    end = text.index(last, start) + len(last)
    return Passage(chunk_id="derby:v:00001", doc_id="derby-city-cqc-assessment-2024", title="Derby", council=None,
                   kind=DocumentKind.CQC_ASSESSMENT, heading_path=[], theme=None, quality_statement=None,
                   statement_score=None, text=text[start:end], start=start, end=end, source_path="x", score=1.0)


def test_a_claim_is_quoted_with_the_data_that_follows_it() -> None:
    from assistant.compose.extractive import extend_anaphora
    from assistant.compose.rank import continues, split_sentences

    p = _derby_passage("The local authority had waiting lists for assessments", "42.11% of total cases.")
    claim, data = split_sentences(p, 0)[:2]
    assert continues(p, claim, data)
    (joined,) = extend_anaphora([claim], [claim, data])
    assert joined.text.endswith("42.11% of total cases.") and joined.text.startswith("The local authority had")


def test_doing_well_on_a_topic_answers_from_the_councils_own_report(assistant: Any) -> None:
    a = assistant.ask("what does derby do well on partnerships")
    assert not a.refused and a.citations
    assert all(c.document == "derby-city-cqc-assessment-2024" for c in a.citations)
    lga = assistant.ask("what does good look like for partnerships in derby")
    assert any(c.document == "lga-what-good-looks-like-analysis" for c in lga.citations)


def test_good_practice_of_a_named_council_comes_from_its_own_report(assistant: Any) -> None:
    """'examples of good practice in X on Y' quotes X's findings; 'what does good look like for Y' the LGA's."""
    own = assistant.ask("examples of good practice in north lincolnshire on safeguarding")
    assert not own.refused and own.citations
    assert all(c.council == "North Lincolnshire Council" for c in own.citations), own.citations
    general = assistant.ask("what does good look like for safeguarding")
    assert general.citations and all("lga" in c.document for c in general.citations), general.citations


def test_improvement_never_quotes_another_councils_shortfall(assistant: Any) -> None:
    """Asked about one council, an improvement answer cites that council's documents or the LGA's, never a
    shortfall found in another council's report."""
    a = assistant.ask("what should north lincolnshire prioritise to fix")
    assert not a.refused and a.citations
    assert all(c.council in (None, "North Lincolnshire Council") for c in a.citations), a.citations


def test_a_statement_nothing_answers_falls_back_to_its_catalog_score(assistant: Any) -> None:
    """'How can X improve safeguarding?' with no sentence to quote: X's score for it, not a refusal; a plain
    finding question gets no such fallback."""
    from assistant.answers.scores import score_alone
    from assistant.evidence.citations import Citer

    path = assistant.path
    q = "how can derby improve safeguarding?"
    analysis = QuestionAnalysis(question=q, standalone=q, kind=QuestionKind.IMPROVEMENT,
                                councils=["Derby City Council"], statements=["Safeguarding"])
    with path.docs.pinned(path.catalog.generation()):
        citer = Citer(path.docs)
        lines = score_alone(path.structured, analysis, citer)
        assert lines and "Safeguarding" in lines[0] and "2" in lines[0], lines
        assert not any("beyond its score" in line for line in lines)  # the report discusses safeguarding
        assert any("Score" in c.quote or "2" in c.quote for c in citer.citations)
        finding = analysis.model_copy(update={"kind": QuestionKind.FINDING, "question": "what about safeguarding"})
        assert score_alone(path.structured, finding, Citer(path.docs)) == []


def test_the_frameworks_i_statements_are_not_findings(assistant: Any) -> None:
    text = (ROOT / "corpus" / "derby-city-cqc-assessment-2024.md").read_text(encoding="utf-8")
    start = text.index("I have care and support that is co-ordinated, and everyone works well")
    end = text.index("\n", text.index("joint working with health", start))
    p = Passage(chunk_id="derby:v:00001", doc_id="derby-city-cqc-assessment-2024", title="Derby",
                council="Derby City Council", kind=DocumentKind.CQC_ASSESSMENT, heading_path=["Partnerships"],
                theme=None, quality_statement="Partnerships and communities", statement_score=None,
                text=text[start:end], start=start, end=end, source_path="x", score=1.0)
    q = "what's derby doing well on working together"
    analysis = QuestionAnalysis(question=q, standalone=q, kind=QuestionKind.GOOD_PRACTICE,
                                councils=["Derby City Council"], statements=["Partnerships and communities"])
    scored = {s.text: s.score for s in score_sentences(analysis, [p], assistant.docs)}
    i_statement = next(v for k, v in scored.items() if "I have care" in k or k.startswith("I have"))
    assert i_statement < max(scored.values()), scored


def test_a_topic_read_as_a_statement_is_also_searched_beyond_that_statement(assistant: Any) -> None:
    """'what was good about north lincs reablement': reablement is read as Supporting people to live healthier
    lives, but the report discusses it under another statement too; the answer quotes it, not only a score."""
    a = assistant.ask("what was good about north lincs reablement")
    assert not a.refused and a.citations
    assert any("reablement" in c.quote.lower() for c in a.citations), [c.quote for c in a.citations]


def test_strengths_never_quote_another_councils_praise(assistant: Any) -> None:
    """A positive sentence of another council's document scores nothing for 'what is X doing well'."""
    a = assistant.ask("what is derby doing well")
    assert not a.refused and a.citations
    assert all(c.council in (None, "Derby City Council") for c in a.citations), [c.council for c in a.citations]
