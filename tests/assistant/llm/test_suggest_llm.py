"""Draft actions written as prose by a fake model, validated and tied to the item's sources."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.llm.prompts import load_prompts
from assistant.llm.suggest_llm import phrase_plan
from assistant.models.answers import Citation, SuggestionItem, SuggestionPlan
from assistant.settings import LLMSettings
from tests.assistant.llm.conftest import corpus_source

DERBY = "derby-city-cqc-assessment-2024.md"
LGA = "lga-what-good-looks-like-analysis.txt"


def _citation(n: int, filename: str, sentence: str) -> Citation:
    s = corpus_source(n, filename, sentence)
    at = s.text.index(sentence)
    return Citation(n=n, document=s.doc_id, title=s.title, council=None, section=s.section, quote=sentence,
                    start=s.start + at, end=s.start + at + len(sentence), source=s.source_path)


def _plan() -> SuggestionPlan:
    shortfall = "There was also a waiting list for Deprivation of Liberty Safeguards (DoLS) assessments."
    practice = ("Robust triage processes: Clear and effective triage processes are in place which result in "
                "assessments/reviews being completed in a timely manner.")
    citations = [_citation(1, DERBY, "Safeguarding"), _citation(2, DERBY, shortfall),
                 _citation(3, LGA, practice)]
    action = "Put in place robust triage processes to address this shortfall (see [3]); set an owner [2]."
    item = SuggestionItem(shortfall=shortfall, shortfall_citations=[2], good_practice=[practice],
                          good_practice_citations=[3], peer_examples=[], peer_citations=[],
                          draft_action=action)
    return SuggestionPlan(council="Derby City Council", statement="Safeguarding", theme="Ensuring safety",
                          current_score=2, score_wording="Evidence shows some shortfalls", items=[item],
                          citations=citations, markdown=f"# Plan\n\n- [ ] {action}\n")


def test_validated_prose_replaces_the_draft_action_with_plan_numbering() -> None:
    prose = ("Tackle the waiting list for Deprivation of Liberty Safeguards assessments [1]. "
             "Introduce clear and effective triage so assessments are completed in a timely manner [2].")
    model = FakeListChatModel(responses=[prose])
    plan = phrase_plan(model, load_prompts(), LLMSettings(provider="openai_compatible"), _plan())
    assert plan.composer == "llm"
    expected = prose.replace("[1]", "[2]").replace("manner [2]", "manner [3]")
    assert plan.items[0].draft_action == expected
    assert f"- [ ] {expected}" in plan.markdown


def test_failing_prose_keeps_the_extractive_action() -> None:
    original = _plan()
    for reply in ("Hire 40 more staff by 2026 [1].",  # figures in no source
                  "Introduce clear and effective triage [2].",  # does not address the cited shortfall
                  "Do better."):  # uncited
        plan = phrase_plan(FakeListChatModel(responses=[reply]), load_prompts(),
                           LLMSettings(provider="openai_compatible"), original)
        assert plan == original
