"""Improvement answers lead with stated shortfalls: method boilerplate, neutral context and third-party
write-ups fall back (texts of our own)."""

from __future__ import annotations

from pathlib import Path

from assistant.compose.cues import POSITIVE, STRONG_SHORTFALL, is_shortfall
from assistant.compose.shape import looks_like_navigation, shape_factor
from assistant.compose.shortfalls import BOILERPLATE, improvement_factor
from assistant.models.records import DocumentKind

CQC = DocumentKind.CQC_ASSESSMENT
ROOT = Path(__file__).resolve().parents[3]


def test_gap_words_read_as_shortfalls() -> None:
    for text in (
        "There were missed opportunities to check how well the new rota was working.",
        "Residents said that advice wasn’t consistent between the two hubs.",
        "Officers were unclear about who owned the transport budget.",
        "The audit found some inequality in how quickly people were seen.",
    ):
        assert STRONG_SHORTFALL.search(text), text
        assert is_shortfall(text), text


def test_shortfall_outweighs_neutral_context() -> None:
    gap = "The borough had waiting lists for home adaptations and 310 overdue reviews."
    context = "The borough has a young population and a growing number of new residents."
    assert improvement_factor(gap, CQC, True) > 2 * improvement_factor(context, CQC, True)


def test_method_boilerplate_is_never_a_finding() -> None:
    text = "Inspectors looked at nine areas spread across four themes and gave each a score out of four."
    assert improvement_factor(text, DocumentKind.CQC_PRESS_RELEASE, True) <= 0.2


def test_own_reports_before_third_party_write_ups() -> None:
    text = "However, carers said that respite was not always available at short notice."
    own = improvement_factor(text, DocumentKind.CQC_PRESS_RELEASE, True)
    assert own > improvement_factor(text, DocumentKind.NEWS, True)
    assert improvement_factor(text, DocumentKind.NEWS, False) == own  # no council named: no preference


def test_page_dates_are_navigation() -> None:
    assert looks_like_navigation("Published: 3 March 2024 Page last updated: 5 March 2024")


def test_missing_mechanisms_and_below_average_figures_are_gaps() -> None:
    for text in (
        "At present there is no formal mechanism for hearing from people after an enquiry closes.",
        "Our rate of completed annual reviews is lower than the regional average.",
        "The areas which required further improvement were transport and respite.",
    ):
        assert STRONG_SHORTFALL.search(text), text
        assert is_shortfall(text), text


def test_domain_words_that_only_look_like_gaps() -> None:
    # "safeguarding concerns" is what enquiries are about, "not just" widens a point, "reducing" is progress
    progress = "The new triage has had a direct impact on reducing the number of safeguarding concerns raised."
    widening = "They looked not just at population growth but at what was changing in families."
    assert not is_shortfall(progress) and not is_shortfall(widening)


def test_rating_announcement_is_no_finding() -> None:
    text = "The regulator has rated Anyshire County Council as good in how well it meets its duties."
    assert BOILERPLATE.search(text)
    assert improvement_factor(text, DocumentKind.CQC_PRESS_RELEASE, True) <= 0.2


def test_a_sentence_cut_after_its_subject_is_a_fragment() -> None:
    assert shape_factor(", in how well they are meeting their duties under the Act.") < 1.0
    assert shape_factor("Contact Anytown was the main way people asked for support.") == 1.0


def test_a_sentence_cut_off_at_an_excerpts_end_is_a_fragment() -> None:
    assert shape_factor("According to the regulator, national survey data for 2023/24 showed") < 1.0
    assert shape_factor("Partners said the new rota worked and was") < 1.0
    assert shape_factor("Partners said the new rota had worked well for everyone involved") == 1.0


def test_praise_reads_as_a_strength() -> None:
    text = "Inspectors praised the exceptional work of its reablement team, which had cut waits."
    assert POSITIVE.search(text) and not is_shortfall(text)
    assert BOILERPLATE.search("Anyshire has been rated as Outstanding for its adult social care services.")


def test_captions_and_quoted_ratings() -> None:
    assert looks_like_navigation("Image: A care worker and a resident; library photo")
    assert BOILERPLATE.search("Adult social care services in Anytown have been rated ‘Good’ by the regulator.")


def test_page_dates_and_the_regulators_duty_text_are_no_findings() -> None:
    assert looks_like_navigation("Assessment published: 17 May 2023")
    assert looks_like_navigation("Assessment start date: 11 May 2023")
    assert BOILERPLATE.search("Where support is needed it should provide people with choice and control.")
    assert not looks_like_navigation("The assessment was published after a long wait for people.")


def test_a_title_line_and_a_figure_cut_mid_way_weigh_less() -> None:
    assert shape_factor("Nottingham City Council: Create the right environment and support staff") < 1.0
    assert shape_factor("The Local Authority estimated that it would spend £60,0") < 1.0
    assert shape_factor("Its actual spend was £76,044,000, which is £1,672,000 more than estimated.") == 1.0
    assert shape_factor("Derby Direct was the named contact centre for the local authority.") == 1.0


def test_a_sentence_pointing_elsewhere_says_nothing() -> None:
    text = (ROOT / "corpus" / "leicester-city-self-assessment-2023.txt").read_text(encoding="utf-8")
    assert "Our plans to improve this are set out below." in text
    assert shape_factor("Our plans to improve this are set out below.") < 0.5
    assert shape_factor("There are challenges in securing short breaks for people with complex needs.") == 1.0


def test_a_photo_credit_is_navigation() -> None:
    assert looks_like_navigation("Camden Town Hall (credit: London Borough of Camden)")


def test_how_many_asks_for_a_count_not_a_duration_a_share_or_a_section() -> None:
    from assistant.compose.measures import wanted_measure

    count = wanted_measure("How many DoLS applications did Derby get in 2023/24?")
    assert count is not None
    assert count.search("The local authority received 1094 applications in 2023/24")
    assert count.search("This stood at over 600 in the second half of 2023.")
    assert not count.search("some people had been waiting more than 6 months")
    assert not count.search("1454 overdue reviews equating to 42.11% of total cases"[-20:])
    assert not count.search("met the Section 42 enquiry threshold")
