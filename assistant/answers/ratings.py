"""Overall ratings from the catalog: one council's, or which assessed councils have a given rating.

"What is Derby's overall rating?", "Which councils were rated Requires improvement?", "How many councils
were rated Good?". Each rating cites its own line in the report (with the percentage, where stated).
"""

from __future__ import annotations

import re

from assistant.answers.base import Result, Structured
from assistant.domain.taxonomy import RATINGS
from assistant.evidence.citations import Citer, marks
from assistant.models.questions import QuestionAnalysis

_YES_NO = re.compile(r"\s*(?:is|was|were|has|had|did|does)\b", re.I)


def ratings_named(text: str) -> list[str]:
    """The CQC ratings a text names ("Good", "Requires improvement", ...), in the framework's order."""
    return [r for r in RATINGS if re.search(rf"\b{r}\b", text, re.I)]


def rating(facts: Structured, analysis: QuestionAnalysis, citer: Citer) -> Result:
    """Overall ratings; with no council named, which assessed councils have which rating."""
    found, missing = facts.assessed(analysis)
    if missing and not found:
        return facts.no_assessment(missing[0], analysis, citer, "rating")
    wanted = ratings_named(analysis.standalone)
    out: list[str] = []
    if not [c for c in analysis.councils if c not in analysis.unknown_councils] and wanted:
        match = [(c, d, a) for c, d, a in found if a.overall_rating in wanted]
        others = [(c, d, a) for c, d, a in found if a.overall_rating not in wanted]
        if match and re.search(r"\bhow many\b", analysis.question, re.I):
            out.append(
                f"{len(match)} of the {len(found)} councils with a CQC assessment loaded "
                f"{'was' if len(match) == 1 else 'were'} rated {' or '.join(wanted)}"
                f"{marks([n for c, d, a in found for n in facts.cite_rating(citer, d, a)])}."
            )
        if match:
            for c, d, a in match:
                out.append(
                    f"{c} was rated {a.overall_rating}{facts.published(a, 'rating')}"
                    f"{marks(facts.cite_rating(citer, d, a))}."
                )
        else:
            out.append(
                f"None of the councils with a CQC assessment loaded was rated {' or '.join(wanted)}"
                f"{marks([n for c, d, a in found for n in facts.cite_rating(citer, d, a)])}."
            )
        for c, d, a in others:
            out.append(
                f"{c}'s {'indicative ' if a.indicative else ''}rating was {a.overall_rating}"
                f"{marks(facts.cite_rating(citer, d, a))}."
            )
        return Result(out)
    for council, doc_id, a in found:
        if not a.overall_rating:
            out.append(
                f"The {council} assessment states no overall rating"
                f"{marks([facts.cite_score(citer, doc_id, s) for s in a.scores[:1]])}."
            )
            continue
        sentence = facts.rating_sentence(citer, council, doc_id, a)
        if wanted and len(found) == 1 and _YES_NO.match(analysis.question):  # "was Herts rated Outstanding?"
            sentence = f"{'Yes' if a.overall_rating in wanted else 'No'}: {sentence}"
        out.append(sentence)
    for council in missing:
        out.extend(facts.no_assessment(council, analysis, citer, "rating").sentences)
    return Result(out)
