"""Where a rating stated on a bare or label line is cited: the line, with the label above it, never the title."""

from assistant.answers.citing import with_heading

TITLE = "Exampleshire Council: local authority assessment\n\nAssessment published: 2 August 2024\n\n"


def test_a_bare_rating_takes_its_label_line_not_the_title_section() -> None:
    text = TITLE + "Overall rating\nGood\nEvidence shows a good standard\n"
    at = text.index("Good\n")
    assert text[with_heading(text, at, at + 4, [0]) : at + 4] == "Overall rating\nGood"


def test_a_section_heading_wins_over_a_line_that_is_no_label() -> None:
    text = "## Overall rating\n\nExampleshire Council\n\nGood\n"
    at = text.index("Good")
    assert text[with_heading(text, at, at + 4, [0]) : at + 4].startswith("## Overall rating")
