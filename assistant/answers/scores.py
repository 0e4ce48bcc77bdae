"""A council's quality statement scores: one, several, or all nine, each cited to its span."""

from __future__ import annotations

from assistant.answers.base import Result, Structured, find_score, label_note, score_text
from assistant.evidence.citations import Citer, marks
from assistant.models.questions import QuestionAnalysis


def score(facts: Structured, analysis: QuestionAnalysis, citer: Citer) -> Result:
    """A council's score for one or more statements (all nine when none is named)."""
    found, missing = facts.assessed(analysis)
    if missing and not found:
        return facts.no_assessment(missing[0], analysis, citer, "score")
    out: list[str] = []
    for council, doc_id, a in found:
        statements = analysis.statements or [s.statement for s in a.scores]
        if len(statements) > 2 and all(find_score(a, st) for st in statements):
            listed = "; ".join(
                f"{x.statement} {score_text(x, False)} [{facts.cite_score(citer, doc_id, x)}]"
                for x in (find_score(a, st) for st in statements)
                if x is not None
            )
            out.append(f"{council}'s quality statement scores: {listed}.")
            out += [t.strip() for st in statements if (t := facts.conflict_note(citer, doc_id, a, st))]
            statements = []
        for st in statements:
            s = find_score(a, st)
            if s is None:
                ns = facts.cite_rating(citer, doc_id, a)
                out.append(f"The {council} assessment gives no score for {st}{marks(ns)}.")
                continue
            n = facts.cite_score(citer, doc_id, s)
            when = facts.published(a) if len(statements) == 1 else ""
            note = facts.conflict_note(citer, doc_id, a, st)
            out.append(
                f"{council} scored {score_text(s, False)} for {st}{label_note(s)}{when} [{n}].{note}"
            )
        if a.indicative and len(statements) != 1:
            out.append(
                f"These are indicative scores from CQC's pilot assessment"
                f"{marks(facts.cite_rating(citer, doc_id, a))}."
            )
    for council in missing:
        out.extend(facts.no_assessment(council, analysis, citer, "score").sentences)
    return Result(out)
