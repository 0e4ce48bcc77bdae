"""Compound questions split where a second question starts, and nowhere else."""

from assistant.understand.compound import split_parts


def test_a_leading_phrase_is_not_a_part_of_its_own() -> None:
    """'is' inside 'analysis' is no question word: a framing phrase before a comma does not split."""
    question = "According to the council's own analysis, which statement scored highest?"
    assert split_parts(question) == [question]


def test_a_score_and_what_needs_to_change_are_two_parts() -> None:
    assert split_parts("what did Wessex score for equity and what needs to change") == [
        "what did Wessex score for equity", "what needs to change"]


def test_the_reasons_for_it_is_a_why_part() -> None:
    assert split_parts("Wessex rating and the main reasons for it") == ["Wessex rating", "why Wessex rating"]
    assert split_parts("anytown's rating and the reasons why") == ["anytown's rating", "why anytown's rating"]
