"""The embedding kind scorer: held-out phrasings of the bank, and combination with the rules."""

from __future__ import annotations

import pytest

from assistant.models.questions import QuestionKind
from assistant.settings import Settings
from assistant.understand.analyse import analyse
from assistant.understand.kinds import OPEN_KINDS, KindScorer, combine, load_bank
from ingest.embed.factory import get_embedder


@pytest.fixture(scope="module")
def embed():  # type: ignore[no-untyped-def]
    return get_embedder(Settings().embedding).embed_documents


def test_the_bank_has_many_phrasings_per_kind() -> None:
    bank = load_bank()
    assert all(sum(e.kind == k for e in bank) >= 25 for k in OPEN_KINDS)


def test_held_out_phrasings_are_recognised(embed) -> None:  # type: ignore[no-untyped-def]
    bank = load_bank()
    right = total = 0
    for fold in range(4):  # each phrasing is scored by a bank that has not seen it
        train = [e for i, e in enumerate(bank) if i % 4 != fold]
        scorer = KindScorer(embed, train)
        for e in (e for i, e in enumerate(bank) if i % 4 == fold and e.kind in OPEN_KINDS):
            scores = scorer.scores(e.text)
            right += max(OPEN_KINDS, key=lambda k: scores[k]) == e.kind
            total += 1
    assert right / total >= 0.7


def test_rules_with_a_cue_keep_their_kind() -> None:
    scores = {k: 0.5 for k in OPEN_KINDS} | {QuestionKind.FINDING: 0.6}
    assert combine(QuestionKind.IMPROVEMENT, True, scores) == QuestionKind.IMPROVEMENT
    assert combine(QuestionKind.FINDING, False, scores | {QuestionKind.SCORE: 0.7}) == QuestionKind.SCORE
    assert combine(QuestionKind.RANKING, False, scores) == QuestionKind.RANKING


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("where is derby falling down", QuestionKind.IMPROVEMENT),
        ("what is derby doing right", QuestionKind.GOOD_PRACTICE),
    ],
)
def test_everyday_phrasings_without_cue_words(embed, question: str, kind: QuestionKind) -> None:  # type: ignore[no-untyped-def]
    scorer = KindScorer(embed)
    assert analyse(question, [], ["Derby City Council"], scorer).kind == kind


def test_a_question_about_what_a_named_analysis_says_stays_a_finding() -> None:
    """The embedding may not turn 'which statement … score?' about the LGA analysis into a council lookup."""
    scorer = KindScorer(get_embedder(Settings(_env_file=None).embedding).embed_documents)  # type: ignore[call-arg]
    analysis = analyse("In the LGA's analysis, which quality statement earned a top score?", (), [], scorer)
    assert analysis.kind == QuestionKind.FINDING
