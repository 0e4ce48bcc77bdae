"""Eval harness scoring rules on crafted inputs: quote matching, verbatim check, exactness, summaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.councils import CouncilMatcher
from assistant.errors import BadInputError
from assistant.evaluation.harness import EvalQuestion, Evaluator, load_questions, markdown
from assistant.evaluation.metrics import (
    NormalisedText,
    Span,
    is_exact,
    is_verbatim,
    normalise,
    percentile,
    quote_found,
)
from assistant.models.answers import Answer, Citation
from assistant.models.questions import Passage, QuestionAnalysis, QuestionKind, Turn

COUNCILS = CouncilMatcher(["Derby City Council", "North Lincolnshire Council",
                           "Leicestershire County Council"])
DOC = "## Safeguarding\n\n# Score: 2\n\n2 - Evidence shows some shortfalls\n\nBacklogs  remained high.\n"


def test_normalise_folds_whitespace_markup_and_quotes() -> None:
    assert normalise("Safeguarding\n\n# Score: 2\n\n2 - Evidence") == "Safeguarding Score: 2 2 - Evidence"
    assert normalise("**people’s**  views") == "people's views"


def test_quote_found_in_passage_text_or_by_span_overlap() -> None:
    docs = {"d": NormalisedText(DOC)}
    quote = "Safeguarding\n\nScore: 2\n\n2 - Evidence shows some shortfalls"
    whole = Span("d", 0, len(DOC), DOC)
    assert quote_found([quote], [whole], docs)
    start = DOC.index("Safeguarding")
    end = DOC.index("shortfalls") + len("shortfalls")
    # a passage covering only the first 80% of the quote still counts (quote straddling chunks)
    partial_end = start + int((end - start) * 0.8)
    assert quote_found([quote], [Span("d", start, partial_end, DOC[start:partial_end])], docs)
    assert not quote_found([quote], [Span("d", start, start + 10, DOC[start:start + 10])], docs)
    assert not quote_found(["nowhere in the text"], [whole], docs)
    assert quote_found(["nowhere in the text", "Backlogs remained high."], [whole], docs)  # any one suffices


LIST = ("Scores:\n\n- supporting people to lead healthier lives – 2\n- equity in experience and outcomes – 3\n"
        "| 7. safeguarding | 3 |\n")


def _span(text: str, part: str) -> Span:
    at = text.index(part)
    return Span("d", at, at + len(part), part)


def test_quote_found_for_whole_lines_of_a_multi_line_quote_only() -> None:
    docs = {"d": NormalisedText(LIST)}
    quote = "- supporting people to lead healthier lives – 2\n- equity in experience and outcomes – 3"
    assert quote_found([quote], [_span(LIST, "equity in experience and outcomes – 3")], docs)
    assert quote_found([quote], [_span(LIST, "supporting people to lead healthier lives – 2")], docs)
    assert not quote_found([quote], [_span(LIST, "equity in experience")], docs)  # part of a line
    assert not quote_found([quote], [_span(LIST, "7. safeguarding | 3")], docs)  # a line outside the quote
    one_line = "- equity in experience and outcomes – 3"
    assert not quote_found([one_line], [_span(LIST, "equity in")], docs)  # a one-line quote needs its half
    sentence = "Backlogs remained high.\nWaiting lists grew across the year."
    assert quote_found([sentence], [_span(sentence, "Waiting lists grew across the year.")],
                       {"d": NormalisedText(sentence)})


def test_normalised_text_maps_back_to_original_offsets() -> None:
    spans = NormalisedText(DOC).find_all("Backlogs remained high")
    assert spans == [(DOC.index("Backlogs"), DOC.index("high") + 4)]


def test_verbatim_check() -> None:
    start = DOC.index("Backlogs")
    assert is_verbatim(DOC[start:start + 8], DOC, start, start + 8)
    assert not is_verbatim("Backlogs remained high.", DOC, start, start + 8)  # offsets disagree
    assert not is_verbatim("Backlogs  remained", DOC.replace("  ", " "), start, start + 18)
    assert not is_verbatim("", DOC, 0, 0)
    assert not is_verbatim("x", None, 0, 1)


@pytest.mark.parametrize(("gold", "kind", "answer", "refused", "expected"), [
    ("2 - Evidence shows some shortfalls.", "score_lookup",
     "Derby scored 2 - Evidence shows some shortfalls for Safeguarding [1].", False, True),
    ("2 - Evidence shows some shortfalls.", "score_lookup",
     "Derby scored 3 - Evidence shows a good standard [1].", False, False),
    ("2 - Evidence shows some shortfalls.", "score_lookup", "Derby scored 2 [1].", False, False),
    ("Requires improvement (assessment published 16 August 2024).", "rating_lookup",
     "Derby City Council was rated Requires improvement [1].", False, True),
    ("Requires improvement (published 2024).", "rating_lookup", "Derby was rated Good [1].", False, False),
    ("Derby City Council (North Lincolnshire's indicative rating was Good).", "rating_lookup",
     "Derby City Council was rated Requires improvement [1]. North Lincolnshire: Good.", False, True),
    ("Derby City Council (North Lincolnshire's indicative rating was Good).", "rating_lookup",
     "North Lincolnshire was rated Good [1]. Derby City Council: Requires improvement.", False, False),
    ("None in the documents: it was not yet known when it would be assessed.", "rating_lookup",
     "I have no evidence of a CQC rating for Leicestershire.", True, True),
    ("Neither: North Lincolnshire (indicative) and Derby both scored 3 - Evidence shows a good standard.",
     "comparison", "Neither: both scored 3 [1][2].", False, True),
    ("Neither: North Lincolnshire (indicative) and Derby both scored 3 - Evidence shows a good standard.",
     "comparison", "North Lincolnshire scored higher: 3 against 2.", False, False),
    ("North Lincolnshire 93% (above the national average); Derby 63.98%, below the England average of 77.6%.",
     "comparison", "North Lincolnshire Council: 93% [1]. Derby City Council: 63.98% [2].", False, True),
    ("North Lincolnshire 93% (above the national average); Derby 63.98%, below the England average of 77.6%.",
     "comparison", "North Lincolnshire Council: 93% [1].", False, False),
    ("2 - Evidence shows some shortfalls.", "score_lookup", "2 - Evidence shows some shortfalls", True,
     False),
])
def test_exactness_rule(gold: str, kind: str, answer: str, refused: bool, expected: bool) -> None:
    assert is_exact(gold, kind, answer, refused, COUNCILS) is expected


def test_percentile() -> None:
    assert percentile([], 95) == 0.0
    assert percentile([10.0], 50) == 10.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile(list(map(float, range(1, 101))), 95) == pytest.approx(95.05)


def test_load_questions_rejects_bad_files(tmp_path: Path) -> None:
    with pytest.raises(BadInputError):
        load_questions(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n')
    with pytest.raises(BadInputError):
        load_questions(bad)


class _Texts:
    def document_text(self, doc_id: str) -> str:
        return DOC


class _ScriptedAsker:
    """A recorded answerer: returns fixed answers, and records the history it was given."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def ask(self, question: str, history: tuple[Turn, ...] | list[Turn] = ()) -> Answer:
        self.calls.append((question, len(history)))
        analysis = QuestionAnalysis(question=question, standalone=question, kind=QuestionKind.SCORE)
        start = DOC.index("Safeguarding")
        end = DOC.index("shortfalls") + len("shortfalls")
        passage = Passage(chunk_id="d:v:00000", doc_id="d", title="t", council=None, kind="cqc_assessment",
                          heading_path=["Safeguarding"], theme=None, quality_statement=None,
                          statement_score=None, text=DOC[start:end], start=start, end=end, source_path="x",
                          score=1.0)
        good = Citation(n=1, document="d", title="t", council=None, section="s", quote=DOC[start:end],
                        start=start, end=end, source="x")
        bad = good.model_copy(update={"quote": "Safeguarding is fine"})
        return Answer(answer="Derby scored 2 - Evidence shows some shortfalls [1].", kind=QuestionKind.SCORE,
                      refused=False, citations=[good, bad], passages=[passage], analysis=analysis)


def test_evaluator_runs_follow_ups_with_history_and_aggregates() -> None:
    asker = _ScriptedAsker()
    questions = [
        EvalQuestion(id="q1", question="safeguarding score for Derby", kind="score_lookup",
                     gold_answer="2 - Evidence shows some shortfalls.",
                     gold_quotes=["Safeguarding\n\nScore: 2\n\n2 - Evidence shows some shortfalls"]),
        EvalQuestion(id="q2", question="And for them?", kind="follow_up", context="Derby safeguarding?",
                     gold_answer="2", gold_quotes=["not in the document at all"]),
    ]
    report = Evaluator(asker, _Texts(), ["Derby City Council"]).run(questions)
    assert ("Derby safeguarding?", 0) in asker.calls and ("And for them?", 1) in asker.calls
    rows = {r.kind: r for r in report.rows}
    assert rows["score_lookup"].exact == 1.0 and rows["score_lookup"].top5 == 1.0
    assert rows["follow_up"].top5 == 0.0 and rows["follow_up"].exact is None
    assert rows["overall"].verbatim == 0.5  # one of each answer's two citations is not verbatim
    assert rows["score_lookup"].cited_first == 1.0 and rows["follow_up"].cited_first == 0.0
    assert report.false_refusals == (0, 2)
    assert "| score_lookup | 1 | 1.00 | 1.00 |" in markdown(report)


def test_verdict_per_kind() -> None:
    from assistant.evaluation.harness import verdict

    assert verdict("out_of_scope", refused=True, exact=None, cited=None)
    assert not verdict("out_of_scope", refused=False, exact=None, cited=None)
    assert verdict("score_lookup", refused=False, exact=True, cited=False)
    assert not verdict("score_lookup", refused=False, exact=False, cited=True)
    assert verdict("finding", refused=False, exact=None, cited=True)
    assert not verdict("finding", refused=True, exact=None, cited=True)
    assert not verdict("finding", refused=False, exact=None, cited=False)


def test_load_questions_keeps_one_split(tmp_path: Path) -> None:


    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": "a", "question": "q1", "kind": "finding", "split": "tuned"}\n'
        '{"id": "b", "question": "q2", "kind": "finding", "split": "held_out"}\n'
    )
    assert [q.id for q in load_questions(path)] == ["a", "b"]
    assert [q.id for q in load_questions(path, "held_out")] == ["b"]
