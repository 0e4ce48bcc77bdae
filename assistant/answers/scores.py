"""A council's quality statement scores: one, several, or all nine, each cited to every place stating it."""

from __future__ import annotations

import re

from assistant.answers.base import Result, Structured, find_score, label_note, score_text
from assistant.answers.mentioned import stated_in_passing
from assistant.compose.cues import is_shortfall
from assistant.compose.shortfalls import SCORE_LINE
from assistant.compose.terms import asks_what_went_well, question_terms
from assistant.domain.numbers import int_to_word
from assistant.evidence.citations import Citer, marks
from assistant.evidence.text import sentence_spans
from assistant.models.questions import QuestionAnalysis, QuestionKind
from assistant.models.records import Assessment, StatementScore
from assistant.understand.lexicon import without_statements


def score(facts: Structured, analysis: QuestionAnalysis, citer: Citer) -> Result:
    """A council's score for one or more statements (all nine, with the overall rating, when none is named)."""
    found, missing = facts.assessed(analysis)
    if missing and not found:
        return facts.no_assessment(missing[0], analysis, citer, "score")
    out: list[str] = []
    for council, doc_id, a in found:
        statements = analysis.statements or [s.statement for s in a.scores]
        if not analysis.statements and a.overall_rating:
            out.append(facts.rating_sentence(citer, council, doc_id, a))
        if len(statements) > 2 and all(find_score(a, st) for st in statements):
            listed = "; ".join(
                f"{x.statement} {score_text(x, False)}{marks(facts.cite_scores(citer, doc_id, a, x))}"
                for x in (find_score(a, st) for st in statements)
                if x is not None
            )
            out.append(f"{council}'s quality statement scores: {listed}.")
            out += [t.strip() for st in statements if (t := facts.conflict_note(citer, doc_id, a, st))]
            statements = []
        for st in statements:
            s = find_score(a, st)
            said = stated_in_passing(facts.docs, council, analysis.question, [st]) if s is None else []
            if said:  # its own documents give none; another council's states it in passing
                n = citer.cite(said[0].doc_id, said[0].start, said[0].end)
                out.append(f"{council} scored {said[0].reading} for {st}, according to {said[0].owner}'s document "
                           f"\"{said[0].title}\"{marks([n])}; its own loaded documents give no score for it.")
                continue
            if s is None:
                ns = facts.cite_rating(citer, doc_id, a)
                out.append(f"The loaded documents about {council} give no score for {st}{marks(ns)}.")
                if a.overall_rating:
                    out.append(facts.rating_sentence(citer, council, doc_id, a))
                continue
            ns = facts.cite_scores(citer, doc_id, s=s, a=a)
            when = facts.published(a) if len(statements) == 1 else ""
            note = facts.conflict_note(citer, doc_id, a, st)
            out.append(
                f"{council} scored {score_text(s, False)} for {st}{label_note(s)}{when}{marks(ns)}.{note}"
            )
            if len(statements) == 1:
                out += standing(facts, citer, doc_id, a, s)
        if a.indicative and len(statements) != 1:
            out.append(
                f"These are indicative scores from CQC's pilot assessment"
                f"{marks(facts.cite_rating(citer, doc_id, a))}."
            )
    for council in missing:
        out.extend(facts.no_assessment(council, analysis, citer, "score").sentences)
    return Result(out)


def standing(facts: Structured, citer: Citer, doc_id: str, a: Assessment, s: StatementScore) -> list[str]:
    """'It is the council's only score of 4; the other eight statements all scored 3.' when it stands out."""
    others = [x for x in a.scores if x.statement != s.statement]
    if not others or any(x.score == s.score for x in others):
        return []
    values = sorted({x.score for x in others}, reverse=True)
    ns = [facts.cite_score(citer, doc_id, x) for x in others]
    if len(values) == 1:
        rest = f"the other {int_to_word(len(others))} quality statements all scored {values[0]}"
    else:
        counts = ", ".join(f"{int_to_word(sum(x.score == v for x in others))} scored {v}" for v in values)
        rest = f"of the other {int_to_word(len(others))} quality statements, {counts}"
    return [f"It is the only score of {s.score} among its {int_to_word(len(a.scores))}; {rest}{marks(ns)}."]


def score_alone(facts: Structured, analysis: QuestionAnalysis, citer: Citer) -> list[str]:
    """The one rule for a catalog score instead of a refusal: when no sentence answers a question on one council's
    quality statement, its catalogued score, and, when its report has no section on the statement, that the loaded
    documents say no more. It applies to what the statement itself is about (its shortfalls or strengths, its
    findings at large), never to a topic of its own the documents lack ("hourly rate" under care provision)."""
    if len(analysis.councils) != 1 or not analysis.statements:
        return []
    asks_statement = analysis.kind == QuestionKind.IMPROVEMENT or asks_what_went_well(analysis)
    if not asks_statement and (len(analysis.statements) != 1 or _own_topic(analysis)):
        return []
    found, _ = facts.assessed(analysis)
    if not found or find_score(found[0][2], analysis.statements[0]) is None:
        return []
    council, doc_id, statement = found[0][0], found[0][1], analysis.statements[0]
    discussed = bool(facts.docs.section_passages(doc_id, statement))
    if discussed and not asks_statement:
        return []  # the report discusses the statement: what is missing is the question's own topic
    sentences = score(facts, analysis.model_copy(update={"kind": QuestionKind.SCORE}), citer).sentences
    if discussed:
        return sentences
    return [*sentences[:1], f"The loaded documents about {council} give no findings on {statement} beyond its score."]


def _own_topic(analysis: QuestionAnalysis) -> bool:
    """Whether the question asks about something besides the statement it names ("hourly rate" under care
    provision): then a missing passage is a missing fact, not a statement the documents leave undiscussed."""
    text = analysis.standalone if analysis.is_follow_up else analysis.question
    text = without_statements(re.sub(r"\(Context:[^)]*\)", " ", text))
    probe = analysis.model_copy(update={"question": text, "is_follow_up": False})
    return bool(set(question_terms(probe)) - {"why", "finding", "findings", "reason", "reasons"})


def none_stated(facts: Structured, analysis: QuestionAnalysis, citer: Citer) -> list[str]:
    """'What needs to change?' on one statement whose report section states no shortfall: said so, with its score,
    instead of leading with a neighbouring statement's shortfalls."""
    if analysis.kind != QuestionKind.IMPROVEMENT or len(analysis.councils) != 1 or len(analysis.statements) != 1:
        return []
    found, _ = facts.assessed(analysis)
    scored = find_score(found[0][2], analysis.statements[0]) if found else None
    if not found or scored is None or scored.score < 3:  # a 1 or 2 is "some shortfalls" whatever the prose says
        return []
    council, doc_id, statement = found[0][0], found[0][1], analysis.statements[0]
    section = facts.docs.section_passages(doc_id, statement)
    said = [p.text[s:e] for p in section for s, e in sentence_spans(p.text)]
    if not section or any(is_shortfall(x) and not SCORE_LINE.search(x) for x in said):  # a score's band is no finding
        return []
    sentences = score(facts, analysis.model_copy(update={"kind": QuestionKind.SCORE}), citer).sentences
    return [f"{council}'s report states no shortfall for {statement}.", *sentences[:1]]
