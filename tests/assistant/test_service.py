"""The Assistant facade: ask, streaming events, follow-ups, latency, readiness, table and documents."""

from __future__ import annotations

from typing import Any

from assistant.models.answers import AnswerEvent
from assistant.models.records import QuestionKind, Turn


def test_ask_measures_time_and_returns_the_analysis(assistant: Any) -> None:
    answer = assistant.ask("safeguarding score for Derby")
    assert answer.kind == QuestionKind.SCORE and answer.analysis.councils == ["Derby City Council"]
    assert answer.elapsed_ms is not None and answer.elapsed_ms > 0
    assert answer.passages  # the retrieved evidence travels with catalog answers too
    dumped = answer.model_dump(mode="json")
    assert {"answer", "kind", "refused", "citations", "passages", "analysis"} <= set(dumped)
    assert {"n", "document", "title", "council", "section", "quote", "start", "end"} <= set(
        dumped["citations"][0]
    )


def test_ask_events_stream_sentence_deltas_then_citations_then_final(assistant: Any) -> None:
    events: list[AnswerEvent] = list(assistant.ask_events("What does good look like for carers assessments?"))
    types = [e.type for e in events]
    assert types[0] == "analysis" and types[-1] == "final"
    deltas = [e.text or "" for e in events if e.type == "delta"]
    citations = [e.citation for e in events if e.type == "citation"]
    final = events[-1].answer
    assert final is not None and len(deltas) >= 2
    assert "".join(deltas) == final.answer
    assert [c.n for c in citations if c] == [c.n for c in final.citations]
    assert types.index("citation") > max(i for i, t in enumerate(types) if t == "delta")


def test_refusal_streams_one_delta(assistant: Any) -> None:
    events = list(assistant.ask_events("What's the weather like in Scunthorpe today?"))
    assert [e.type for e in events] == ["analysis", "delta", "final"]
    assert events[-1].answer is not None and events[-1].answer.refused


def test_follow_up_conversation(assistant: Any) -> None:
    first = assistant.ask("What was Derby City Council's score for partnerships and communities?")
    history = [Turn(question=first.analysis.question, answer=first.answer, analysis=first.analysis)]
    second = assistant.ask("What about care provision, integration and continuity?", history)
    assert second.analysis.is_follow_up
    assert "2 - Evidence shows some shortfalls" in second.answer
    history.append(Turn(question=second.analysis.question, answer=second.answer, analysis=second.analysis))
    third = assistant.ask("what about North Lincolnshire?", history)
    assert "North Lincolnshire Council scored 3" in third.answer


def test_readiness_scores_and_documents(assistant: Any) -> None:
    assert assistant.readiness() == {"catalog": True, "store": True, "embedder": True, "index": True}
    rows = {r.council: r for r in assistant.scores()}
    assert rows["Derby City Council"].scores["Partnerships and communities"] == 3
    assert {d.kind for d in assistant.documents()} >= {"cqc_assessment", "lga_analysis"}
    assert assistant.search("direct payments", k=3)
