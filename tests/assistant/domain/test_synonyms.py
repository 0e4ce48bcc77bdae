"""Other wordings read as the reports' own: matched on a real report sentence, searched with its wording."""

from __future__ import annotations

from pathlib import Path

from assistant.domain.synonyms import canonical, groups, with_report_wording
from assistant.evidence.text import covers, term_set, tokenize

CORPUS = Path(__file__).resolve().parents[3] / "corpus"


def _sentence_with(doc: str, words: str) -> str:
    text = (CORPUS / doc).read_text(encoding="utf-8")
    return next(s for s in text.replace("\n", " ").split(". ") if words in s)


def test_every_group_has_the_reports_wording_and_others() -> None:
    assert all(head and rest and head not in rest for head, rest in groups())


def test_other_wordings_become_the_reports_one() -> None:
    assert canonical("Cash payments for care") == "direct payments for care"
    assert canonical("a pile of safeguarding referrals") == "a backlog safeguarding referrals"
    assert canonical("family carers and informal carer") == "unpaid carers and unpaid carers"
    assert canonical("direct payments") == "direct payments"


def test_a_question_in_other_words_holds_a_report_sentences_terms() -> None:
    sentence = _sentence_with("north-lincolnshire-cqc-assessment-2023.txt", "high take-up of direct payments")
    have = term_set(sentence)
    asked = tokenize(canonical("personal budget as cash"))
    assert asked and all(covers(t, have) for t in asked)
    assert not covers("cash", term_set("The local authority had a high take-up of reablement"))


def test_searches_add_the_reports_wording_once() -> None:
    assert with_report_wording("cash payments in derby") == "cash payments in derby (direct payments)"
    assert with_report_wording("direct payments in derby") == "direct payments in derby"


def test_sight_loss_is_the_reports_visual_impairment() -> None:
    sentence = _sentence_with("derby-city-cqc-assessment-2024.md", "visual impairment rehabilitation")
    asked = tokenize(canonical("waiting for sight loss rehab"))
    assert "loss" not in asked and all(covers(t, term_set(sentence)) for t in asked if t != "rehab")


def test_a_question_on_the_workforce_holds_a_report_sentence_on_its_staff() -> None:
    sentence = _sentence_with("leicester-city-self-assessment-2023.txt", "helping to develop and retain staff")
    asked = tokenize(canonical("what works for the workforce"))
    assert "staff" in asked and covers("staff", term_set(sentence))
