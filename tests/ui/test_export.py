"""The Word export of an improvement plan, read back with python-docx."""

from __future__ import annotations

import io
from datetime import date

from docx import Document

from assistant.api.export import plan_docx, plan_filename
from assistant.models.answers import Citation, SuggestionItem, SuggestionPlan


def make_plan(draft_action: str) -> SuggestionPlan:
    citations = [
        Citation(
            n=1,
            document="derby",
            title="Derby City Council: LA assessment",
            council="Derby City Council",
            section="Ensuring safety > Safeguarding",
            quote="Safeguarding remains a challenging\narea.",
            start=10,
            end=48,
            source="derby.md",
            publisher="Care Quality Commission",
            published=date(2024, 8, 16),
        ),
        Citation(
            n=2,
            document="lga",
            title="What does good look like?",
            council=None,
            section="Safeguarding > Triage",
            quote="Robust triage processes",
            start=5,
            end=28,
            source="lga.txt",
            publisher=None,
            published=None,
        ),
    ]
    item = SuggestionItem(
        shortfall="Backlogs in safeguarding enquiries.",
        shortfall_citations=[1],
        good_practice=["Robust triage processes"],
        good_practice_citations=[2],
        peer_examples=[],
        peer_citations=[],
        draft_action=draft_action,
    )
    return SuggestionPlan(
        council="Derby City Council",
        statement="Safeguarding",
        theme="Ensuring safety",
        current_score=2,
        score_wording="Evidence shows some shortfalls",
        items=[item],
        citations=citations,
        markdown="",
    )


def test_plan_docx_holds_the_edited_plan_and_its_sources() -> None:
    data = plan_docx(make_plan("Weekly backlog review <b>not markup</b>\x07"))
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Improvement plan: Safeguarding — Derby City Council"
    assert "Theme: Ensuring safety. Current score: 2 (Evidence shows some shortfalls)." in texts
    assert "Backlogs in safeguarding enquiries. [1]" in texts
    assert "Robust triage processes [2]" in texts
    assert "Weekly backlog review <b>not markup</b>" in texts  # kept as text; the control character dropped
    sources = texts[texts.index("Sources") + 1 :]
    assert sources[0] == (
        "[1] Derby City Council: LA assessment (Care Quality Commission, 16 August 2024), "
        "Ensuring safety > Safeguarding: “Safeguarding remains a challenging area.”"
    )
    assert sources[1].startswith("[2] What does good look like? (publisher not stated, date not stated)")
    assert doc.core_properties.title == texts[0]


def test_plan_filename_is_safe() -> None:
    plan = make_plan("x").model_copy(update={"council": '../../Derby "City"'})
    assert plan_filename(plan) == "improvement-plan-derby-city-safeguarding.docx"
