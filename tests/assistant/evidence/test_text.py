"""The evidence tokenizer: a hyphenated 'co-' word and its closed-up spelling are one term."""

from __future__ import annotations

from pathlib import Path

from assistant.evidence.text import covers, term_set, tokenize

LAYOUTS4 = Path(__file__).resolve().parents[2] / "fixtures" / "layouts4"


def test_co_prefixed_words_match_however_hyphenated() -> None:
    assert tokenize("co-production and co-ordinated care") == ["coproduction", "coordinated", "care"]
    assert covers(tokenize("co-production")[0], term_set("Coproduction: strategies are coproduced"))
    assert tokenize("a costly co-op") == ["costly", "coop"]
    assert tokenize("cost of care") == ["cost", "care"]


def test_asking_for_support_is_requesting_it() -> None:
    assert covers("ask", term_set("It was the main way to request care and support."))
    assert covers("request", term_set("People could ask the contact centre for help."))
    assert not covers("ask", term_set("The contact centre gave general advice to the public."))


def test_a_ment_noun_matches_its_verb() -> None:
    """'how can X improve assessing needs' is answered by '...waiting times for assessments...'."""
    sentence = term_set("We also found some inequality, with people's waiting times for assessments varying.")
    assert covers("assessing", sentence)
    assert covers("develop", term_set("There was a lack of workforce development."))
    assert not covers("pay", term_set("Direct payments were used widely."))  # too short to fold safely


def test_online_is_the_website_and_the_internet() -> None:
    assert covers("online", term_set("Information on the website was only accessible to people with a computer."))
    assert covers("online", term_set("Partners spoke of an over reliance on the internet."))


def test_irregular_past_forms_match_the_question_verb() -> None:
    swindon = term_set("The council spent £98.6 million on adult social care in 2023/24.")  # layouts4 Swindon
    assert covers("spend", swindon)
    assert covers("speak", term_set("96 spoke to us at community events in Chatham, Gillingham and Strood"))
    assert not covers("spend", term_set("The council's budget was balanced for two years running."))


def test_headings_are_not_sentences() -> None:
    from assistant.evidence.text import sentence_spans

    minutes = (LAYOUTS4 / "milton-keynes-committee-minutes.md").read_text(encoding="utf-8")
    walsall = (LAYOUTS4 / "walsall-self-assessment-tables.md").read_text(encoding="utf-8")
    found = [minutes[s:e] for s, e in sentence_spans(minutes)] + [walsall[s:e] for s, e in sentence_spans(walsall)]
    assert not any(s.startswith(("MINUTES OF THE MEETING", "Walsall Council adult social care")) for s in found)
    assert any(s.startswith("Members heard that 81% of safeguarding enquiries") for s in found)


def test_finishing_is_completing() -> None:
    minutes = "Members heard that 81% of safeguarding enquiries were completed within the Council's 28-day target."
    assert covers("finish", term_set(minutes)) and not covers("finish", term_set("Enquiries were screened."))
