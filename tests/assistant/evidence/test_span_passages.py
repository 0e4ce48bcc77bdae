"""A catalog answer's evidence passages: chosen from the retrieval index's labels, the same as read from the catalog."""

from __future__ import annotations

from typing import Any

from assistant.evidence.doccache import DocCache
from assistant.evidence.facts import FOLLOW_WINDOW, span_passages

QUESTIONS = ("safeguarding score for Derby", "How was North Lincolnshire rated?",
             "Which council scored highest on equity in experience and outcomes?",
             "Compare Derby and North Lincolnshire on partnerships and communities")


def test_passages_from_the_index_labels_equal_the_catalog_read(assistant: Any) -> None:
    k = assistant.settings.retrieval.k
    index = assistant.retriever.index
    compared = 0
    for question in QUESTIONS:
        citations = assistant.ask(question).citations
        assert citations, question
        plain, labelled = DocCache(assistant.catalog), DocCache(assistant.catalog)
        plain.refresh()
        labelled.refresh()
        expected = span_passages(plain, citations, k)
        assert span_passages(labelled, citations, k, index) == expected
        compared += sum(not p.pinned for p in expected)
    assert compared  # following chunks were chosen, not only the cited ones


def test_following_labels_are_the_next_chunks_of_the_document(assistant: Any) -> None:
    chunks = assistant.catalog.document_chunks("derby-city-cqc-assessment-2024")
    after = assistant.retriever.index.following(chunks[3].id, FOLLOW_WINDOW)
    assert after is not None
    assert [o.id for o in after] == [c.id for c in chunks[4 : 4 + FOLLOW_WINDOW]]
    assert [(o.is_score, o.quality_statement) for o in after] == [
        (c.unit == "score", c.quality_statement) for c in chunks[4 : 4 + FOLLOW_WINDOW]]
    assert assistant.retriever.index.following(chunks[-1].id, FOLLOW_WINDOW) == []
    assert assistant.retriever.index.following("no-such-chunk", FOLLOW_WINDOW) is None


def test_chunks_over_a_span_from_the_index_offsets(assistant: Any) -> None:
    doc = "derby-city-cqc-assessment-2024"
    chunks = assistant.catalog.document_chunks(doc)
    start, end = chunks[5].start + 3, chunks[7].end - 3
    index = assistant.retriever.index
    assert index.over(doc, start, end) == [c.id for c in assistant.catalog.document_chunks(doc, start, end)]
    assert [c.id for c in chunks[5:8]] == index.over(doc, start, end)
    assert index.over("no-such-document", 0, 10) is None


def test_a_repeated_answer_reuses_its_passages_within_a_generation(assistant: Any) -> None:
    k = assistant.settings.retrieval.k
    citations = assistant.ask("safeguarding score for Derby").citations
    docs = DocCache(assistant.catalog)
    docs.refresh()
    first = span_passages(docs, citations, k, assistant.retriever.index)

    class Unread:  # a second call must not read the index again
        def __getattr__(self, name: str) -> Any:
            raise AssertionError(f"index read again: {name}")

    again = span_passages(docs, citations, k, Unread())  # type: ignore[arg-type]
    assert again == first and again is not first
    fresh = DocCache(assistant.catalog)  # a cache of its own computes them again, the same
    fresh.refresh()
    assert span_passages(fresh, citations, k) == first


def _counting_reads(assistant: Any) -> tuple[list[list[str]], Any]:
    """The index's chunk reads from the catalog, recorded (its kept chunks forgotten, as in a new generation)."""
    state = assistant.retriever.index.current()
    reads: list[list[str]] = []
    loader = state.loader

    def counting(ids: Any) -> Any:
        reads.append(list(ids))
        return loader(ids)

    state._chunks.clear()
    state.loader = counting
    return reads, loader


def test_a_few_spans_and_their_followers_are_read_in_one_call(assistant: Any) -> None:
    k = assistant.settings.retrieval.k
    citations = assistant.ask("safeguarding score for Derby").citations
    assert len({(c.document, c.start, c.end) for c in citations}) < k
    state = assistant.retriever.index.current()
    reads, loader = _counting_reads(assistant)
    try:
        docs = DocCache(assistant.catalog)
        docs.refresh()
        passages = span_passages(docs, citations, k, assistant.retriever.index)
    finally:
        state.loader = loader
    assert len(reads) == 1  # the followers were read with the cited spans' chunks
    assert any(not p.pinned for p in passages)
    plain = DocCache(assistant.catalog)
    plain.refresh()
    assert passages == span_passages(plain, citations, k)


def test_no_follower_is_read_when_k_spans_are_pinned(assistant: Any) -> None:
    k = assistant.settings.retrieval.k
    citations = [c for q in QUESTIONS for c in assistant.ask(q).citations]
    citations = list({(c.document, c.start, c.end): c for c in citations}.values())
    assert len(citations) > k
    index = assistant.retriever.index
    spans = {i for c in citations for i in index.over(c.document, c.start, c.end) or ()}
    state = index.current()
    reads, loader = _counting_reads(assistant)
    try:
        docs = DocCache(assistant.catalog)
        docs.refresh()
        passages = span_passages(docs, citations, k, index)
    finally:
        state.loader = loader
    assert len(passages) == k and all(p.pinned for p in passages)
    assert {i for ids in reads for i in ids} <= spans  # no chunk after a pinned one was read
    plain = DocCache(assistant.catalog)
    plain.refresh()
    assert passages == span_passages(plain, citations, k)


def test_an_outline_is_the_chunk_s_labels(assistant: Any) -> None:
    chunks = assistant.catalog.document_chunks("derby-city-cqc-assessment-2024")
    index = assistant.retriever.index
    for c in chunks[:30]:
        assert index.outline(c.id) == (c.id, c.unit == "score", c.quality_statement or None,
                                       c.heading_path[-1] if c.heading_path else "")
    assert index.outline("no-such-chunk") is None
