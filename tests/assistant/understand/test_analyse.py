"""Question understanding: councils, statements, kinds, thresholds, what-ifs and follow-ups (rules only)."""

from __future__ import annotations

import pytest

from assistant.models.questions import QuestionKind, Turn
from assistant.models.records import DocumentKind
from assistant.understand.analyse import analyse, detect_statements, expand_acronyms

COUNCILS = [
    "Derby City Council",
    "North Lincolnshire Council",
    "Leicester City Council",
    "Leicestershire County Council",
]


def ask(question: str, history: list[Turn] | None = None):  # type: ignore[no-untyped-def]
    return analyse(question, history or [], COUNCILS)


def turn(question: str) -> Turn:
    return Turn(question=question, answer="", analysis=ask(question))


@pytest.mark.parametrize(
    ("question", "council"),
    [
        ("How did North Lincs do on equity?", "North Lincolnshire Council"),
        (
            "What was NLC's indicative score for learning, improvement and innovation?",
            "North Lincolnshire Council",
        ),
        ("Derby's score for lead healthier lives", "Derby City Council"),
        ("safeguarding score for Derbby", "Derby City Council"),  # misspelt
        ("What did north lincolnshre score on safeguarding?", "North Lincolnshire Council"),
        ("What CQC rating has Leicestershire County Council received?", "Leicestershire County Council"),
    ],
)
def test_councils_by_alias_and_misspelling(question: str, council: str) -> None:
    assert ask(question).councils[:1] == [council]


def test_leicester_and_leicestershire_are_told_apart() -> None:
    assert ask("Leicester's budget").councils == ["Leicester City Council"]
    assert ask("Leicestershire waiting lists").councils == ["Leicestershire County Council"]


@pytest.mark.parametrize(
    ("question", "statement"),
    [
        ("How did North Lincs do on equity?", "Equity in experience and outcomes"),
        ("Derby's score for lead healthier lives", "Supporting people to live healthier lives"),
        ("Derby safe pathways score", "Safe pathways, systems and transitions"),
        (
            "What did CQC score Derby City Council on safe systems, pathways and transitions?",
            "Safe pathways, systems and transitions",
        ),
        ("Derby governance score", "Governance, management and sustainability"),
        ("How did Derby do on learning?", "Learning, improvement and innovation"),
        ("What does good look like for carers assessments?", "Assessing needs"),
        (
            "north lincolnshire care provision integration and continuity score",
            "Care provision, integration and continuity",
        ),
    ],
)
def test_statements_from_everyday_wording(question: str, statement: str) -> None:
    assert ask(question).statements[:1] == [statement]


def test_statement_false_friends() -> None:
    assert "Learning, improvement and innovation" not in detect_statements(
        "support for people with learning disabilities in Derby"
    )
    assert "Assessing needs" not in detect_statements("How many CQC assessments have been published?")
    assert (
        ask(
            "Did North Lincolnshire or Derby have a waiting list for Deprivation of Liberty Safeguards "
            "assessments?"
        ).statements
        == []
    )  # a comparison of facts: no statement filter


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("safeguarding score for Derby", QuestionKind.SCORE),
        (
            "What overall rating did the CQC give Derby City Council for adult social care?",
            QuestionKind.RATING,
        ),
        (
            "Which of the CQC-assessed councils in the documents was rated Requires improvement?",
            QuestionKind.RATING,
        ),
        ("Which council scored higher on partnerships and communities?", QuestionKind.COMPARISON),
        ("Where did North Lincolnshire score lower than Derby?", QuestionKind.COMPARISON),
        (
            "How does direct payments take-up compare between North Lincolnshire and Derby?",
            QuestionKind.COMPARISON,
        ),
        ("Which councils scored 3 or more on equity?", QuestionKind.RANKING),
        ("Would Derby's rating change if Assessing needs rose to 3?", QuestionKind.ARITHMETIC),
        ("How many overdue reviews did Derby City Council have?", QuestionKind.FINDING),
        ("What does good look like for independent advocacy?", QuestionKind.GOOD_PRACTICE),
        (
            "What does a good preparing-for-adulthood transition process look like?",
            QuestionKind.GOOD_PRACTICE,
        ),
        ("What should Derby do about waiting lists?", QuestionKind.IMPROVEMENT),
        ("What areas for development did CQC identify for North Lincolnshire?", QuestionKind.IMPROVEMENT),
        ("What's the weather like in Scunthorpe today?", QuestionKind.OUT_OF_SCOPE),
        ("What is Derby City Council's Ofsted rating for children's services?", QuestionKind.OUT_OF_SCOPE),
        ("Can you recommend a good care home in Derby for my dad?", QuestionKind.OUT_OF_SCOPE),
        ("What CQC rating did Nottinghamshire County Council get?", QuestionKind.OUT_OF_SCOPE),
        (
            "How many CQC assessment reports did the 'what good looks like' analysis cover?",
            QuestionKind.FINDING,
        ),
        ("Which theme did Derby do best in?", QuestionKind.RANKING),
        ("What are North Lincolnshire's strongest areas?", QuestionKind.RANKING),
        ("Is Derby good?", QuestionKind.RATING),
        ("Was North Lincolnshire rated outstanding?", QuestionKind.RATING),
        ("Is there a good transitions process in Derby?", QuestionKind.FINDING),
        ("Is the transitions process in Derby good?", QuestionKind.FINDING),
        ("Is North Lincs rated good?", QuestionKind.RATING),
        ("What percentage did North Lincolnshire get overall?", QuestionKind.ARITHMETIC),
        ("What is Derby's overall score out of 100?", QuestionKind.ARITHMETIC),
        ("What percentage of care services in North Lincolnshire were rated good?", QuestionKind.FINDING),
        ("how could derby do better for unpaid carers?", QuestionKind.IMPROVEMENT),
        ("what should north lincs do better on transitions", QuestionKind.IMPROVEMENT),
        ("Where did Derby do better?", QuestionKind.SCORE),
        ("what did inspectors criticise derby for", QuestionKind.IMPROVEMENT),
        ("what does derby admit it's getting wrong on reviews", QuestionKind.IMPROVEMENT),
        ("north lincs occupational therapy - what's going wrong", QuestionKind.IMPROVEMENT),
        ("weak spots in derby's safeguarding?", QuestionKind.IMPROVEMENT),
        ("what worries did CQC flag about north lincs", QuestionKind.IMPROVEMENT),
        ("what is north lincs getting right", QuestionKind.GOOD_PRACTICE),
        ("what did inspectors commend derby for", QuestionKind.GOOD_PRACTICE),
        ("what needs to change in derby on waiting times", QuestionKind.IMPROVEMENT),
        ("what should derby do about its waiting list", QuestionKind.IMPROVEMENT),
        ("how many overdue reviews does derby need to clear", QuestionKind.FINDING),
        ("what is the waiting time for assessments in derby", QuestionKind.FINDING),
        ("anything derby does on carers that others could copy?", QuestionKind.GOOD_PRACTICE),
        ("north lincs reablement - anything worth copying?", QuestionKind.GOOD_PRACTICE),
        ("what is leicester proud of in adult social care?", QuestionKind.GOOD_PRACTICE),
        ("derby - anything not so good in the report?", QuestionKind.IMPROVEMENT),
    ],
)
def test_question_kinds(question: str, kind: QuestionKind) -> None:
    assert ask(question).kind == kind


def test_councils_not_loaded_are_noticed() -> None:
    a = ask("What CQC rating did Nottinghamshire County Council get?")
    assert a.unknown_councils == ["Nottinghamshire County Council"]
    assert ask("How did Kent do on safeguarding?").unknown_councils == ["Kent County Council"]
    assert ask("How did Derby do on safeguarding?").unknown_councils == []
    assert ask("North Lincolnshire safeguarding").unknown_councils == []  # not "Lincolnshire"


def test_threshold_and_what_if() -> None:
    a = ask("Which councils scored 3 or more on equity?")
    assert (a.threshold, a.comparator) == (3, ">=")
    assert (ask("Which councils scored below 3 on safeguarding?").comparator) == "<"
    w = ask("Would Derby's rating change if Assessing needs rose to 3?")
    assert w.what_if == {"Assessing needs": 3}
    assert w.councils == ["Derby City Council"]
    both = ask("What if Derby scored 3 on safeguarding and 3 on equity?")
    assert both.what_if == {"Safeguarding": 3, "Equity in experience and outcomes": 3}


def test_doc_kinds() -> None:
    assert ask("What does good look like for equity?").doc_kinds == [DocumentKind.LGA_ANALYSIS]
    assert (
        DocumentKind.SELF_ASSESSMENT
        in ask("What does Leicester's self-assessment say about carers?").doc_kinds
    )
    scrutiny = ask("What did the scrutiny committee hear?").doc_kinds
    assert scrutiny == [DocumentKind.SCRUTINY, DocumentKind.COUNCIL_DOCUMENT]


def test_follow_up_changes_statement() -> None:
    prev = turn("What was Derby City Council's score for partnerships and communities?")
    a = ask("What about care provision, integration and continuity?", [prev])
    assert a.is_follow_up and a.kind == QuestionKind.SCORE
    assert a.councils == ["Derby City Council"]
    assert a.statements == ["Care provision, integration and continuity"]
    assert "Derby City Council" in a.standalone and "Care provision" in a.standalone
    b = ask("and for safeguarding?", [prev])
    assert (b.kind, b.statements, b.councils) == (
        QuestionKind.SCORE,
        ["Safeguarding"],
        ["Derby City Council"],
    )


def test_follow_up_changes_council() -> None:
    prev = turn("What was North Lincolnshire's score for safeguarding?")
    a = ask("what about Derby?", [prev])
    assert (a.kind, a.councils, a.statements) == (
        QuestionKind.SCORE,
        ["Derby City Council"],
        ["Safeguarding"],
    )
    assert "Derby City Council" in a.standalone and "North Lincolnshire" not in a.standalone


def test_follow_up_with_pronoun_keeps_council_and_asks_its_own_question() -> None:
    prev = turn("What score did North Lincolnshire get for safe systems, pathways and transitions?")
    a = ask("At what age does transition planning for young people start there?", [prev])
    assert a.is_follow_up and a.kind == QuestionKind.FINDING
    assert a.councils == ["North Lincolnshire Council"]
    assert "in North Lincolnshire Council" in a.standalone
    prev2 = turn(
        "What did the independent Annual Conversation review of Leicestershire County Council's adult "
        "social care conclude?"
    )
    b = ask("Who carried it out, and when was the visit?", [prev2])
    assert b.councils == ["Leicestershire County Council"] and "Annual Conversation" in b.standalone


def test_standalone_question_is_not_a_follow_up() -> None:
    prev = turn("safeguarding score for Derby")
    a = ask("What is North Lincolnshire Council's overall CQC rating?", [prev])
    assert not a.is_follow_up and a.councils == ["North Lincolnshire Council"]


def test_acronyms_are_expanded_both_ways() -> None:
    assert "DoLS" in expand_acronyms("Deprivation of Liberty Safeguards waiting list")
    assert "Deprivation of Liberty Safeguards" in expand_acronyms("DoLS backlog in Derby")


def _many_councils() -> list[str]:
    """About 200 loaded councils (every English council but Nottinghamshire) plus the sample ones."""
    from assistant.understand.lexicon import ENGLISH_COUNCILS

    skip = {"Derby", "Leicester", "Leicestershire", "North Lincolnshire", "Nottinghamshire"}
    return [*COUNCILS, *(f"{p} Council" for p in ENGLISH_COUNCILS if p not in skip)]


def test_analysis_with_many_councils_loaded() -> None:
    many = _many_councils()
    misspelt = analyse("What did north lincolnshre score on safeguarding?", [], many)
    assert misspelt.councils == ["North Lincolnshire Council"]  # not also Lincolnshire
    assert misspelt.kind == QuestionKind.SCORE
    missing = analyse("What CQC rating did Nottinghamshire County Council get?", [], many)
    assert missing.unknown_councils == ["Nottinghamshire County Council"]
    assert analyse("Compare NLC and Leics on safeguarding", [], many).councils == [
        "North Lincolnshire Council", "Leicestershire County Council"]
    # misspelt names (last letter doubled): no exact alias, so every one goes through fuzzy matching
    names = [n for n in many[4:] if len(n) >= 8 + 6][:30]  # 4-letter names: exact only
    questions = [f"What did inspectors find about {name[:-8]}{name[-9]} waiting lists?" for name in names]
    found = [analyse(q, [], many).councils for q in questions]
    assert found == [[name] for name in names]  # speed: benchmarks/analyse.py


@pytest.mark.parametrize(
    ("question", "councils"),
    [
        ("What did we score for safeguarding?", ["Derby City Council"]),
        ("What is our overall rating?", ["Derby City Council"]),
        ("What did CQC find about waiting lists?", ["Derby City Council"]),
        ("How does our safeguarding score compare with North Lincolnshire?",
         ["Derby City Council", "North Lincolnshire Council"]),
        ("What did North Lincolnshire score for safeguarding?", ["North Lincolnshire Council"]),
        ("Which councils scored 3 or more on equity?", []),
        ("What does good look like for carers' assessments?", []),
    ],
)
def test_a_home_council_scopes_questions_that_name_none(question: str, councils: list[str]) -> None:
    from assistant.understand.followup import scope_to_council

    scoped = scope_to_council(ask(question), "Derby City Council")
    assert scoped.councils == councils
    assert scoped.question == question  # what the user asked is kept; the standalone form names the council


def test_a_figure_about_a_topic_is_a_finding_not_a_rating() -> None:
    loaded = ["Derby City Council", "North Lincolnshire Council"]
    for q in ("derby waiting list for assessments number?", "n lincs delayed discharges figure",
              "what share of carers in derby got a direct payment", "how long were derby's reviews delayed"):
        assert analyse(q, [], loaded).kind == QuestionKind.FINDING, q
    assert analyse("derby overall rating?", [], loaded).kind == QuestionKind.RATING


def test_individual_providers_and_future_events_are_out_of_scope() -> None:
    loaded = ["Derby City Council", "North Lincolnshire Council"]
    for q in ("list the nursing homes in derby rated inadequate", "when will CQC inspect north lincs again?",
              "what date is derby's next assessment due"):
        assert analyse(q, [], loaded).kind == QuestionKind.OUT_OF_SCOPE, q
    share = analyse("what share of care homes in derby were rated good?", [], loaded)
    assert share.kind == QuestionKind.FINDING


def test_what_a_council_needs_to_do_better_is_an_improvement_question() -> None:
    loaded = ["Derby City Council"]
    assert analyse("what does derby need to do better", [], loaded).kind == QuestionKind.IMPROVEMENT
    assert analyse("did derby do better than last time on safeguarding", [], loaded).kind != QuestionKind.IMPROVEMENT
