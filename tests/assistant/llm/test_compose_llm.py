"""The LLM composer with LangChain fake chat models: validation, fallbacks, timeouts and streaming."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel

from assistant.llm.compose_llm import LLMComposer
from assistant.llm.prompts import load_prompts
from assistant.models.answers import Answer, AnswerEvent, Citation
from assistant.models.questions import QuestionAnalysis, QuestionKind
from assistant.settings import LLMSettings
from tests.assistant.llm.conftest import corpus_passage

DERBY = "derby-city-cqc-assessment-2024.md"
DERBY_COUNCIL = "Derby City Council"


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def _extractive() -> Answer:
    passages = [
        corpus_passage(DERBY, "The maximum wait for financial assessments was 337 days.", DERBY_COUNCIL),
        corpus_passage(DERBY, "There were 846 referrals to the equipment service", DERBY_COUNCIL),
    ]
    p = passages[0]
    quote = "The maximum wait for financial assessments was 337 days."
    at = p.text.index(quote)
    citation = Citation(n=1, document=p.doc_id, title=p.title, council=p.council, section="Test section",
                        quote=quote, start=p.start + at, end=p.start + at + len(quote), source=p.source_path)
    analysis = QuestionAnalysis(question="How long do financial assessments take in Derby?",
                                standalone="How long do financial assessments take in Derby?",
                                kind=QuestionKind.FINDING, councils=["Derby City Council"])
    return Answer(answer=f"{quote} [1]", kind=QuestionKind.FINDING, refused=False, citations=[citation],
                  passages=passages, analysis=analysis)


def _composer(model, timeout_s: float = 5.0) -> LLMComposer:  # type: ignore[no-untyped-def]
    return LLMComposer(model, load_prompts(), LLMSettings(provider="openai_compatible", timeout_s=timeout_s))


def _events(composer: LLMComposer) -> list[AnswerEvent]:
    return list(composer.stream(_extractive()))


def _check_verbatim(answer: Answer) -> None:
    for c in answer.citations:
        text = _read(c.source)
        assert text[c.start : c.end] == c.quote


def test_good_cited_answer_streams_and_passes() -> None:
    script = ("Community financial assessments had an average wait of 65.38 days [1]. "
              "The maximum wait was 337 days [1]. The equipment service had 846 referrals [2].")
    events = _events(_composer(GenericFakeChatModel(messages=iter([script]))))
    deltas = [e.text for e in events if e.type == "delta"]
    assert len(deltas) > 5 and "".join(deltas) == script  # type: ignore[arg-type]
    final = events[-1]
    assert final.type == "final" and final.answer is not None and not final.corrected
    answer = final.answer
    assert answer.composer == "llm" and answer.fallback is None and answer.answer == script
    assert [c.n for c in answer.citations] == [1, 2]
    assert "65.38 days" in answer.citations[0].quote  # two claims far apart: the first claim's sentence
    assert "846 referrals" in answer.citations[1].quote
    assert [e.citation for e in events if e.type == "citation"] == answer.citations
    _check_verbatim(answer)


def test_quote_covers_nearby_sentences_of_several_claims() -> None:
    from assistant.llm.compose_llm import best_quote
    from tests.assistant.llm.conftest import corpus_source

    source = corpus_source(1, DERBY, "There were 846 referrals to the equipment service")
    claims = ["There were 846 referrals [1].", "6.9% of high-risk cases got it fast [1]."]
    start, end = best_quote(source, claims)
    quote = _read(source.source_path)[start:end]
    assert quote.startswith("There were 846 referrals") and quote.endswith("within 48 hours.")
    start, end = best_quote(source, ["Nothing in common here [1]."])
    assert (start, end) == (source.start, source.end)


def test_sentence_citing_a_source_not_given_is_removed_and_flagged() -> None:
    script = ("The maximum wait was 337 days [1]. The equipment service had 846 referrals [2]. "
              "It is improving [4].")
    events = _events(_composer(GenericFakeChatModel(messages=iter([script]))))
    final = events[-1]
    assert final.corrected and final.answer is not None
    assert final.answer.composer == "llm"
    assert final.answer.fallback == "removed 1 sentence: cites a source not given [4]"
    assert "[4]" not in final.answer.answer


def test_uncited_and_unsupported_numbers_fall_back_to_extractive() -> None:
    script = "Derby has a 12 week wait for assessments. Around 95% of people are happy [2]."
    answer = _composer(GenericFakeChatModel(messages=iter([script]))).compose(_extractive())
    assert answer.composer == "extractive" and answer.answer == _extractive().answer
    assert answer.fallback is not None
    assert answer.fallback.startswith("llm answer rejected: no sentence survived")
    assert "uncited" in answer.fallback and "number not in its sources (95)" in answer.fallback


def test_timeout_falls_back() -> None:
    slow = FakeListChatModel(responses=["The maximum wait was 337 days [1]."], sleep=0.05)
    events = _events(_composer(slow, timeout_s=0.3))
    final = events[-1].answer
    assert final is not None and final.composer == "extractive"
    assert final.fallback == "llm failed: timed out after 0.3s"
    assert events[-1].corrected


def test_model_error_falls_back_before_and_during_streaming() -> None:
    failing = FakeListChatModel(responses=["The maximum wait was 337 days [1]."], error_on_chunk_number=0)
    answer = _composer(failing).compose(_extractive())
    assert answer.composer == "extractive" and answer.fallback == "llm failed: FakeListChatModelError: "
    midway = FakeListChatModel(responses=["The maximum wait was 337 days [1]."], error_on_chunk_number=10)
    events = _events(_composer(midway))
    assert sum(1 for e in events if e.type == "delta") == 10
    assert events[-1].corrected and events[-1].answer.fallback.startswith("llm failed")  # type: ignore[union-attr]


def test_empty_output_falls_back() -> None:
    for empty in ("", "  \n "):
        answer = _composer(FakeListChatModel(responses=[empty])).compose(_extractive())
        assert answer.composer == "extractive" and answer.fallback == "llm failed: empty output"


def test_catalog_and_refused_answers_bypass_the_model() -> None:
    model = GenericFakeChatModel(messages=iter([]))  # would raise StopIteration if called
    extractive = _extractive()
    for bypass in (extractive.model_copy(update={"composer": "catalog"}),
                   extractive.model_copy(update={"refused": True})):
        answer = _composer(model).compose(bypass)
        assert answer == bypass


def test_no_source_within_the_budget_skips_the_model() -> None:
    composer = LLMComposer(GenericFakeChatModel(messages=iter([])), load_prompts(),
                           LLMSettings(provider="openai_compatible", max_context_tokens=10))
    answer = composer.compose(_extractive())
    assert answer.composer == "extractive"
    assert answer.fallback == "llm skipped: no passage fits settings.llm.max_context_tokens"
