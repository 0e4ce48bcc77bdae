"""The one sentence splitter on text with extraction faults, display text of quotes, and number words."""

from __future__ import annotations

from assistant.domain.numbers import int_to_word, word_to_int
from assistant.domain.sentences import display, segments, sentence_spans
from assistant.evidence.text import sentence_spans as evidence_spans

FAULTY = (
    "## Assessing needs\n"
    "Waiting lists were managed by our internal team.There had been an additional focus on training.\n"
    "Although they will reduce the pressures faced by our internal team There had been a review of roles.\n"
    "Staff referred to guidance, e.g. the Care Act, and Dr. Patel chaired Panel No. 5 each month.\n"
    "Its actual spend was **£76,044,000**, which is **£1,672,000 more** than estimated. Data shows 1454 "
    "overdue reviews equating to 42.11% of total cases.\n\n"
    "To support carers we will:\n\n"
    "- Complete a respite review\n"
    "- Continue to work with carers to identify joint solutions;\n"
    "1. Numbered items keep their words\n"
    "2) And so does the second\n"
    "> A quoted line from a person who uses services.\n"
    "Reviews rose. [2] Then they fell."
)


def _pieces(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_splitter_copes_with_extraction_faults() -> None:
    assert _pieces(FAULTY) == [
        "Assessing needs",
        "Waiting lists were managed by our internal team.",
        "There had been an additional focus on training.",
        "Although they will reduce the pressures faced by our internal team",
        "There had been a review of roles.",
        "Staff referred to guidance, e.g. the Care Act, and Dr. Patel chaired Panel No. 5 each month.",
        "Its actual spend was **£76,044,000**, which is **£1,672,000 more** than estimated.",
        "Data shows 1454 overdue reviews equating to 42.11% of total cases.",
        "To support carers we will:",
        "Complete a respite review",
        "Continue to work with carers to identify joint solutions;",
        "Numbered items keep their words",
        "And so does the second",
        "A quoted line from a person who uses services.",
        "Reviews rose. [2]",
        "Then they fell.",
    ]


def test_spans_are_offsets_into_the_text_and_segments_cover_every_word() -> None:
    offset = "x" * 17 + FAULTY
    for s, e in sentence_spans(offset, 17):
        assert offset[s:e] == offset[s:e].strip() and s >= 17
    covered = "".join(offset[s:e] for s, e in segments(offset, 17))
    assert "".join(covered.split()) == "".join(FAULTY.split())


def test_wrapped_lines_stay_one_sentence_but_headings_do_not() -> None:
    text = "Summary of findings\nThe council works with partners and\nNHS colleagues across the area."
    assert _pieces(text) == [
        "Summary of findings",
        "The council works with partners and\nNHS colleagues across the area.",
    ]


def test_answer_text_is_not_repaired() -> None:
    answer = "It was reduced by our internal team There had been delays [1]. Then it rose [2]."
    assert [answer[s:e] for s, e in segments(answer, repair=False)] == [
        "It was reduced by our internal team There had been delays [1].",
        "Then it rose [2].",
    ]


def test_evidence_spans_drop_headings_and_short_fragments() -> None:
    text = "Safeguarding systems\n\nThe local authority had a backlog of DoLS applications.\n\nShort one."
    assert [text[s:e] for s, e in evidence_spans(text)] == ["The local authority had a backlog of DoLS applications."]


def test_display_drops_markdown_and_joins_lists() -> None:
    shown = display("# Score: 2\n\n2 - Evidence shows some shortfalls")
    assert shown == "Score: 2 — 2 - Evidence shows some shortfalls"
    assert display("Its actual spend was **£76,044,000**.") == "Its actual spend was £76,044,000."
    assert display('*"Led by the two Principal Workers, ASC did it.') == "Led by the two Principal Workers, ASC did it."
    assert display("To support carers we will:\n\n- Complete a respite review\n- Continue our work") == (
        "To support carers we will: complete a respite review; continue our work"
    )


def test_number_words() -> None:
    assert word_to_int("Seven") == 7 and word_to_int("twenty") == 20 and word_to_int("zero") == 0
    assert word_to_int("many") is None
    assert int_to_word(3) == "three" and int_to_word(21) == "21"


def test_a_two_column_row_holds_a_sentence_per_cell() -> None:
    """A two-column table flattened to 'left. | right.' lines gives each cell's sentences apart; a markdown
    table's row (which opens with a bar) and a row of more cells stay whole."""
    text = ("What we are proud of | What we need to improve\n\n"
            "Our median wait is 12 days. | Only 62% of people had a review. We funded a team.\n\n"
            "| Safeguarding | Enquiries were late. | Clear them. |\n"
            "Safeguarding | Enquiries were late. | Clear them.\n")
    assert _pieces(text) == [
        "What we are proud of | What we need to improve",
        "Our median wait is 12 days.",
        "Only 62% of people had a review.",
        "We funded a team.",
        "Safeguarding | Enquiries were late. | Clear them.",
        "Safeguarding | Enquiries were late. | Clear them.",
    ]
