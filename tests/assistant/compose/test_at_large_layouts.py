"""'What does X need to improve?' asked at large about councils whose documents lack the sample reports'
sections: a section headed as shortfalls ("AREAS FOR DEVELOPMENT"), a short press release read whole, and
the place described or a score-table row never taken for a shortfall (real development layout fixtures)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from assistant.compose.cues import is_shortfall
from assistant.compose.shortfalls import BOILERPLATE, improvement_factor
from assistant.models.records import DocumentKind
from assistant.settings import Settings

LAYOUTS = Path(__file__).resolve().parents[2] / "fixtures"
FILES = ["layouts2/essex-report-caps.md", "layouts2/norfolk-press-release.md", "layouts/cornwall-press-release.md",
         "layouts2/hackney-score-table.pdf", "layouts/lambeth-report.md"]


@pytest.fixture(scope="module")
def layouts(make_loaded: Callable[[Sequence[Path]], Settings]) -> Iterator[Any]:
    from assistant.service import Assistant

    service = Assistant.open(make_loaded([LAYOUTS / f for f in FILES]))
    try:
        yield service
    finally:
        service.close()


def test_a_section_headed_as_shortfalls_answers(layouts: Any) -> None:
    a = layouts.ask("where is essex falling short")
    assert not a.refused and a.citations
    assert "occupational therapy assessment" in a.citations[0].quote, a.answer
    assert "1.5 million" not in a.answer  # the county described is no shortfall


def test_a_short_press_release_is_read_whole(layouts: Any) -> None:
    a = layouts.ask("where is norfolk falling short")
    assert not a.refused
    assert any("not always triaged quickly" in c.quote for c in a.citations), a.answer


def test_a_pdf_score_table_row_is_not_a_shortfall(layouts: Any) -> None:
    a = layouts.ask("what does hackney need to improve")
    assert not a.refused
    quotes = [c.quote for c in a.citations]
    assert any("Interpreters were not always booked" in q for q in quotes), a.answer
    assert not any("languages are spoken" in q for q in quotes), a.answer  # the "About" section
    assert "Evidence shows" not in a.answer.split("lowest quality statement score")[0]


def test_score_scale_description_is_boilerplate() -> None:
    text = (LAYOUTS / "layouts/cornwall-press-release.md").read_text(encoding="utf-8")
    start = text.index("Each quality statement is given a score")
    sentence = text[start:text.index(".", start) + 1]
    assert BOILERPLATE.search(sentence)
    assert improvement_factor(sentence, DocumentKind.CQC_PRESS_RELEASE, True) < 0.5


def test_a_shrinking_gap_is_progress_and_not_finding_is_a_gap() -> None:
    lambeth = (LAYOUTS / "layouts/lambeth-report.md").read_text(encoding="utf-8")
    start = lambeth.index("Waiting lists for occupational therapy")
    assert not is_shortfall(lambeth[start:lambeth.index(".", start) + 1])
    assert is_shortfall("Delays had reduced but some people still waited too long for an assessment.")
    assert is_shortfall("Some younger adults with autism told us they did not find services accessible.")


def test_the_lga_named_as_source_is_no_topic(make_loaded: Callable[[Sequence[Path]], Settings],
                                              corpus_dir: Path) -> None:
    from assistant.service import Assistant

    service = Assistant.open(make_loaded([corpus_dir / "lga-what-good-looks-like-analysis.txt",
                                          LAYOUTS / "layouts/lga-safeguarding-practice.md"]))
    try:
        a = service.ask("what does good safeguarding look like according to the LGA?")
    finally:
        service.close()
    assert not a.refused and a.citations
    assert not any("improvement programme offers" in c.quote for c in a.citations), a.answer


def test_a_score_asked_of_a_topic_adds_what_the_report_says_on_it(layouts: Any) -> None:
    a = layouts.ask("how did lambeth do on waiting times")
    assert not a.refused and a.answer.startswith("London Borough of Lambeth scored 2"), a.answer
    assert any("700 people were waiting" in c.quote for c in a.citations), a.answer
    plain = layouts.ask("what did lambeth score for assessing needs")  # the statement named: the score alone
    assert "700 people" not in plain.answer
