"""Question terms: a council's name however typed, and a question's framing, are not topic terms."""

from __future__ import annotations

from assistant.compose.terms import names_council, question_terms
from assistant.models.questions import QuestionAnalysis, QuestionKind


def _analysis(question: str, councils: list[str], kind: QuestionKind = QuestionKind.FINDING) -> QuestionAnalysis:
    return QuestionAnalysis(question=question, standalone=question, kind=kind, councils=councils)


def test_short_forms_and_misspellings_of_the_council_are_dropped() -> None:
    terms = question_terms(_analysis("what did N Lincs spend on home care", ["North Lincolnshire Council"]))
    assert "linc" not in terms and "spend" in terms
    terms = question_terms(_analysis("how many carers did darbey support", ["Derby City Council"]))
    assert "darbey" not in terms and "carer" in terms
    assert names_council("hertfordshre", ["Hertfordshire County Council"])
    assert not names_council("carer", ["Derby City Council"])


def test_framing_words_are_not_topic_terms() -> None:
    terms = question_terms(_analysis("what's the shared lives thing on the commissioning side", []))
    assert "thing" not in terms and "side" not in terms and "shared" in terms


def test_improvement_framing_leaves_the_topic() -> None:
    q = "what were the areas for development around direct payments in derby"
    terms = question_terms(_analysis(q, ["Derby City Council"], QuestionKind.IMPROVEMENT))
    assert "area" not in terms and "development" not in terms and "payment" in terms
    only_framing = question_terms(_analysis("areas for improvement in derby", ["Derby City Council"],
                                            QuestionKind.IMPROVEMENT))
    assert only_framing == []  # no topic: the council's shortfalls at large


def test_a_follow_up_without_words_of_its_own_takes_its_standalone_wording() -> None:
    a = QuestionAnalysis(question="why?", standalone="What did CQC find about Safeguarding in Derby City Council?",
                         kind=QuestionKind.FINDING, councils=["Derby City Council"], is_follow_up=True)
    assert "safeguarding" in question_terms(a)


def test_what_went_well_framing_leaves_the_council_at_large() -> None:
    a = _analysis("any good practice spotted in derby?", ["Derby City Council"])
    assert question_terms(a) == []
    b = _analysis("what did derby do well on direct payments", ["Derby City Council"])
    assert "payment" in question_terms(b) and "well" not in question_terms(b)


def test_everyday_shortfall_and_praise_framing_leaves_no_topic() -> None:
    """'shortcomings', 'lagging behind', 'what did inspectors commend': framing, so the council at large."""
    for q in ("what are derby's shortcomings", "where is derby lagging behind",
              "what did inspectors criticise derby for", "what should derby prioritise to fix"):
        assert question_terms(_analysis(q, ["Derby City Council"], QuestionKind.IMPROVEMENT)) == [], q
    for q in ("what did inspectors commend derby for", "what is derby getting right"):
        assert question_terms(_analysis(q, ["Derby City Council"], QuestionKind.GOOD_PRACTICE)) == [], q
    kept = question_terms(_analysis("what are derby's shortcomings on carers", ["Derby City Council"],
                                    QuestionKind.IMPROVEMENT))
    assert kept == ["carer"], kept


def test_everyday_framing_of_a_finding_is_not_a_topic() -> None:
    terms = question_terms(_analysis("what did inspectors make of hounslow's waiting times",
                                     ["London Borough of Hounslow"]))
    assert "make" not in terms and "waiting" in terms
    terms = question_terms(_analysis("what's the story with north lincs reviews", ["North Lincolnshire Council"]))
    assert terms == ["review"], terms
    terms = question_terms(_analysis("how is derby doing on direct payments", ["Derby City Council"]))
    assert "doing" not in terms and "payment" in terms


def test_what_did_they_like_asks_what_went_well_but_what_good_looks_like_does_not() -> None:
    from assistant.compose.terms import asks_what_went_well

    herts = ["Hertfordshire County Council"]
    assert asks_what_went_well(_analysis("hertfordshire carers - what did cqc like", herts))
    assert asks_what_went_well(_analysis("what did inspectors like about camden", ["London Borough of Camden"]))
    assert not asks_what_went_well(_analysis("what does good look like for carers in hertfordshire", herts))
    terms = question_terms(_analysis("derby occupational therapy - what's going wrong", ["Derby City Council"]))
    assert "going" not in terms and "wrong" not in terms and "therapy" in terms


def test_a_town_standing_for_the_council_is_not_a_topic_term() -> None:
    terms = question_terms(_analysis("what did the council for Loughborough's scrutiny report say about the annual "
                                     "conversation", ["Leicestershire County Council"]))
    assert not any(t.startswith("loughborough") for t in terms) and "conversation" in terms


def test_an_acronym_of_framing_words_is_framing_too() -> None:
    terms = question_terms(_analysis("how much does swindon spend on adult social care", ["Swindon Borough Council"]))
    assert terms == ["spend"]  # not "asc", which the passage stating the spend need not hold


def test_a_why_follow_up_takes_the_topic_of_its_standalone_wording() -> None:
    a = QuestionAnalysis(question="why so high?", kind=QuestionKind.FINDING, councils=["Derby City Council"],
                         standalone="What did CQC find about Safeguarding in Derby City Council, and why?",
                         is_follow_up=True)
    terms = question_terms(a)
    assert "high" not in terms and "safeguarding" in terms
    assert "high" in question_terms(a.model_copy(update={"is_follow_up": False}))


def test_a_lower_case_acronym_gives_way_to_its_expansion() -> None:
    terms = question_terms(_analysis("what did inspectors say about dols in derby", ["Derby City Council"]))
    assert "dol" not in terms and {"deprivation", "liberty"} <= set(terms)  # tokens are stemmed
    assert "dol" in question_terms(_analysis("what did inspectors say about DoLS in derby", ["Derby City Council"]))


def test_a_topic_that_is_a_statements_everyday_name_is_the_statement() -> None:
    from assistant.compose.terms import topic_is_statement

    a = QuestionAnalysis(question="bury prevention - anything worth copying?", standalone="",
                         kind=QuestionKind.GOOD_PRACTICE, councils=["Bury Council"],
                         statements=["Supporting people to live healthier lives"])
    assert topic_is_statement(a)
    assert not topic_is_statement(a.model_copy(update={"question": "bury prevention for carers - worth copying?"}))


def test_remembered_terms_are_the_same_each_time_and_each_caller_gets_its_own_list() -> None:
    a = _analysis("How long do people wait for a care act assessment in Derby?", ["Derby City Council"])
    first = question_terms(a)
    first.append("changed by a caller")
    again = question_terms(a)
    assert "changed by a caller" not in again and again == question_terms(a) and again
    other = question_terms(_analysis("How long do people wait for a care act assessment in Derby?", []))
    assert "derby" in other and "derby" not in again  # the councils are part of what is remembered
