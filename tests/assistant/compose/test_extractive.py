"""Extractive composition: sentence offsets, citation renumbering, refusals and cited answers on real data."""

from __future__ import annotations

import re
from typing import Any

from assistant.compose.extractive import NO_EVIDENCE, compose_extractive, order_for_answer
from assistant.compose.rank import Sentence, split_sentences
from assistant.compose.shape import looks_like_navigation, looks_like_table
from assistant.evidence.citations import Citer, DocCache, renumber
from assistant.evidence.text import sentence_spans
from assistant.models.answers import Citation
from assistant.models.questions import Passage, QuestionAnalysis, QuestionKind
from assistant.models.records import DocumentKind


def _passage(text: str, start: int = 100) -> Passage:
    return Passage(
        chunk_id="d:v:00001",
        doc_id="d",
        title="T",
        council=None,
        kind=DocumentKind.CQC_ASSESSMENT,
        heading_path=["A", "B"],
        theme=None,
        quality_statement=None,
        statement_score=None,
        text=text,
        start=start,
        end=start + len(text),
        source_path="x",
        score=1.0,
    )


def test_sentence_spans_keep_decimals_and_bullets() -> None:
    text = (
        "There were 1,454 overdue reviews, 42.11% of cases. The average wait was 30.9 days in March.\n\n"
        "  • Robust triage processes: clear and effective triage is in place.\nShort."
    )
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == [
        "There were 1,454 overdue reviews, 42.11% of cases.",
        "The average wait was 30.9 days in March.",
        "Robust triage processes: clear and effective triage is in place.",
    ]


def test_split_sentences_offsets_index_the_document() -> None:
    doc = "x" * 100 + "First sentence has enough words here. Second one also has enough words."
    p = _passage(doc[100:])
    for s in split_sentences(p, 0):
        assert doc[s.start : s.end] == s.text


def test_renumber_orders_citations_by_first_use() -> None:
    cites = [
        Citation(
            n=i,
            document="d",
            title="t",
            council=None,
            section="",
            quote=f"q{i}",
            start=i,
            end=i + 1,
            source="",
        )
        for i in (1, 2, 3)
    ]
    text, out = renumber("B [2]. A [1][2]. C [3].", cites)
    assert text == "B [1]. A [2][1]. C [3]."
    assert [(c.n, c.quote) for c in out] == [(1, "q2"), (2, "q1"), (3, "q3")]


def test_flattened_tables_are_not_answer_sentences() -> None:
    row = ("Quality statement score Assessing needs 2 2 2 2 8 10 50% 2 Supporting people to live "
           "healthier lives 3 3 3 3 12 16 75% 3")
    assert looks_like_table(row)
    figures = "There were 1,454 overdue reviews, 42.11% of cases, against 1,200 in 2022 and 980 in 2021."
    assert not looks_like_table(figures)
    assert not looks_like_table("Score: 3 - Evidence shows a good standard")  # too short to be a table


def test_contents_lines_links_and_titles_are_not_answer_sentences() -> None:
    assert looks_like_navigation("7 Our key risks and challenges.....")
    assert looks_like_navigation("[How we assess local authorities](#).")
    assert looks_like_navigation("OUR SELF ASSESSMENT MARCH 2023.")
    assert not looks_like_navigation("Derby received 3,931 safeguarding referrals between April and December.")
    assert not looks_like_navigation("The NHS and the ICB worked well with the council.")
    footer = "Barnsley Metropolitan Borough Council: local authority assessment - Care Quality Commission Page 2 of 4."
    assert looks_like_navigation(footer)
    assert not looks_like_navigation("Page 2 of the report sets out the council's plans for carers.")


def test_the_best_sentence_leads_and_the_rest_keep_document_order() -> None:
    p = _passage("Waiting times for assessments fell sharply during the year. Carers told us they felt "
                 "listened to by staff. Reviews were mostly completed within the council's own timescales.")
    a, b, c = split_sentences(p, 0)
    a.score, b.score, c.score = 0.4, 0.9, 0.5
    finding = QuestionAnalysis(question="q", standalone="q", kind=QuestionKind.FINDING)
    assert [s.text for s in order_for_answer([c, a, b], finding)] == [b.text, a.text, c.text]
    anaphor = Sentence(p, 0, c.start, c.end, "This follows the first.", 0.5)
    assert order_for_answer([anaphor, a, b], finding)[0] is a  # never parts "This ..." from its antecedent


def test_answer_leads_with_the_sentence_that_answers(assistant: Any) -> None:
    answer = assistant.ask("How many councils scored 3 on assessing needs according to the LGA?")
    assert not answer.refused
    assert answer.answer.startswith("At the time of this report seven local authorities have received a score of 3")
    assert all("Final rationg" not in c.quote for c in answer.citations)  # the LGA's example score table


def test_extractive_answer_cites_verbatim_spans(assistant: Any) -> None:
    analysis = assistant.analyse("How many overdue reviews did Derby City Council have?")
    passages = assistant.search("How many overdue reviews did Derby City Council have?")
    docs = DocCache(assistant.catalog)
    docs.refresh()
    citer = Citer(docs)
    lines = compose_extractive(analysis, passages, docs, citer)
    assert 1 <= len(lines) <= 6
    assert any("1454" in line or "1,454" in line for line in lines)
    for line in lines:
        assert re.search(r"\[\d+\]$", line)
    for c in citer.citations:
        assert assistant.catalog.document_text(c.document)[c.start : c.end] == c.quote
        assert c.title and c.section and c.source


def test_finding_answer(assistant: Any) -> None:
    answer = assistant.ask(
        "How long does North Lincolnshire keep paying a care provider when the person they "
        "support goes into hospital?"
    )
    assert not answer.refused and "7 days" in answer.answer
    assert answer.citations and all(c.council == "North Lincolnshire Council" for c in answer.citations)


def test_good_practice_answer_uses_lga_bullets(assistant: Any) -> None:
    answer = assistant.ask("What does good look like for independent advocacy?")
    assert not answer.refused
    assert all(c.document.startswith("lga") for c in answer.citations)
    assert "advoca" in answer.answer.lower()


def test_who_leads_finds_the_post_holder(assistant: Any) -> None:
    answer = assistant.ask("Who leads adult social care in Derby?")
    assert answer.analysis.standalone.endswith("(director)")
    assert answer.answer.startswith("The Care Strategic Director of People Services is a dual role")


def test_improvement_answer_leads_with_findings_from_the_report(assistant: Any) -> None:
    answer = assistant.ask("What shortfalls did CQC find in Derby's governance and performance management?")
    assert not answer.refused
    assert "missed opportunities to ensure robust performance monitoring" in answer.answer
    assert 2 <= len(answer.citations) <= 6


def test_follow_up_answer(assistant: Any) -> None:
    first = assistant.ask("What score did North Lincolnshire get for safe systems, pathways and transitions?")
    from assistant.models.questions import Turn

    history = [
        Turn(
            question="What score did North Lincolnshire get for safe systems, pathways and transitions?",
            answer=first.answer,
            analysis=first.analysis,
        )
    ]
    answer = assistant.ask("At what age does transition planning for young people start there?", history)
    assert not answer.refused and "14" in answer.answer


def test_out_of_scope_is_refused_plainly(assistant: Any) -> None:
    for question in (
        "What's the weather like in Scunthorpe today?",
        "What hourly rate does North Lincolnshire pay homecare providers?",
        "Can you recommend a good care home in Derby for my dad?",
    ):
        answer = assistant.ask(question)
        assert answer.refused and answer.answer.startswith(NO_EVIDENCE) and not answer.citations
        assert "Derby City Council" in answer.answer  # says what the loaded documents cover


def test_a_markdown_table_row_is_not_an_answer_sentence() -> None:
    assert looks_like_table("Ensuring safety | 7. safeguarding | 2")
    assert looks_like_table("supporting people to lead healthier lives | 3.")
    assert not looks_like_table("People could ask for support through the council's telephone contact centre.")


def test_a_framework_commitment_under_a_label_line_is_not_a_finding() -> None:
    from assistant.compose.rank import _after_framework_label

    finding = "Inspectors found that some groups were not reached by the carers service."
    text = ("The local authority commitment:\n\nWe listen to people most at risk. "
            f"We tailor the care and support we give.\n\n{finding}")
    p = _passage(text, start=0)
    spans = {p.text[s.start:s.end]: s for s in split_sentences(p, 0)}
    assert _after_framework_label(p, spans["We tailor the care and support we give."])
    assert not _after_framework_label(p, spans[finding])


def test_a_continuation_does_not_use_up_its_passages_share() -> None:
    from assistant.compose.extractive import choose
    from assistant.compose.rank import ANAPHOR

    text = ("Waits for an occupational therapy assessment had grown over the year. This meant people waited at home "
            "for equipment they needed. A large number of reviews were overdue across the teams. In March, around "
            "300 of these had been waiting for more than a year.")
    p = _passage(text, start=0)
    sentences = split_sentences(p, 0)
    for i, s in enumerate(sentences):
        s.score, s.coverage = 1.0 - 0.1 * i, 0.5
    assert ANAPHOR.match(sentences[3].text)
    assert len(choose(sentences, 5)) == 3  # two points and the continuation of the first


def test_a_continuation_makes_no_point_of_its_own() -> None:
    """choose() stops at `limit` points: a 'This ...' sentence following a pick in its paragraph rides along."""
    from assistant.compose.extractive import choose
    from assistant.compose.rank import Sentence
    from assistant.models.questions import Passage
    from assistant.models.records import DocumentKind

    text = "Waiting lists had grown. This meant people waited longer. Reviews were overdue. Carers lacked support."
    p = Passage(chunk_id="d:v:00001", doc_id="d", title="d", council=None, kind=DocumentKind.CQC_ASSESSMENT,
                heading_path=[], theme=None, quality_statement=None, statement_score=None, text=text, start=0,
                end=len(text), source_path="x", score=1.0)
    spans, at = [], 0
    for part in ("Waiting lists had grown.", "This meant people waited longer.", "Reviews were overdue.",
                 "Carers lacked support."):
        at = text.index(part, at)
        spans.append(Sentence(p, 0, at, at + len(part), part, 0.0, 1.0))
    for s, score in zip(spans, (1.0, 0.9, 0.8, 0.7), strict=True):
        s.score = score
    picked = choose(spans, limit=2, per_passage=5)
    assert [s.text for s in picked] == [s.text for s in spans[:3]]


def test_a_bullet_labelled_with_the_topic_leads_good_practice(assistant: Any) -> None:
    """'what does good look like for co-production': the LGA bullets labelled 'Coproduction' come first, not a
    bullet that mentions co-production boards in passing."""
    a = assistant.ask("what does good look like for co-production")
    assert not a.refused and a.citations
    first = a.citations[0].quote.lower()
    assert first.startswith("commissioning strategies are coproduced") or first.startswith("coproduction"), first


def test_a_sentence_repeated_in_a_document_is_quoted_once() -> None:
    from assistant.compose.extractive import choose

    text = "Waiting lists had grown in the north.\n\nReviews were overdue.\n\nWaiting lists had grown in the north."
    p = Passage(chunk_id="d:v:00001", doc_id="d", title="d", council=None, kind=DocumentKind.CQC_ASSESSMENT,
                heading_path=[], theme=None, quality_statement=None, statement_score=None, text=text, start=0,
                end=len(text), source_path="x", score=1.0)
    first = text.index("Waiting")
    second = text.rindex("Waiting")
    middle = text.index("Reviews")
    spans = [Sentence(p, 0, first, first + 37, text[first:first + 37], 1.0, 1.0),
             Sentence(p, 0, second, second + 37, text[second:second + 37], 0.9, 1.0),
             Sentence(p, 0, middle, middle + 21, text[middle:middle + 21], 0.8, 1.0)]
    picked = choose(spans, limit=3, per_passage=5)
    assert [s.start for s in picked] == [first, middle]
