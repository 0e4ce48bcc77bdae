"""One council's highest and lowest quality statement scores, or themes, from its catalog scores.

"Which quality statements did Derby score lowest on?", "Where did North Lincolnshire score highest?",
"Which theme did Derby do best in?". Every score quoted cites its own span in the report; a theme's
average is worked out from the cited scores, and the answer says so.
"""

from __future__ import annotations

import re

from assistant.answers.base import Result, Structured, score_text
from assistant.domain.numbers import int_to_word
from assistant.domain.taxonomy import THEMES
from assistant.evidence.citations import Citer, marks
from assistant.models.questions import QuestionAnalysis
from assistant.models.records import StatementScore
from assistant.understand.lexicon import LOWEST_WORDS

_LOW = re.compile(rf"\b({LOWEST_WORDS}|weakness(?:es)?)\b", re.I)
_BY_THEME = re.compile(r"\bthemes?\b", re.I)


def _count(n: int) -> str:
    return "no" if n == 0 else int_to_word(n) if n < 10 else str(n)


def strengths(facts: Structured, analysis: QuestionAnalysis, citer: Citer, low: bool | None = None) -> Result:
    """The extreme statements (or themes) of the one council asked about, low or high as asked (or as `low`)."""

    found, missing = facts.assessed(analysis)
    if not found:
        return facts.no_assessment(missing[0], analysis, citer, "score") if missing else Result([], handled=False)
    council, doc_id, a = found[0]
    scores = [s for s in a.scores if not analysis.themes or s.theme in analysis.themes]
    if not scores:
        return Result([], handled=False)
    low = bool(_LOW.search(analysis.question)) if low is None else low
    cite = {s.statement: facts.cite_score(citer, doc_id, s) for s in scores}
    note = " (indicative scores from CQC's pilot assessment)" if a.indicative else ""

    def listed(items: list[StatementScore]) -> str:
        return "; ".join(f"{s.statement} {s.score} [{cite[s.statement]}]" for s in items)

    if _BY_THEME.search(analysis.question) and not analysis.themes:
        groups = {t: [s for s in scores if s.theme == t] for t in THEMES}
        averages = {t: sum(s.score for s in g) / len(g) for t, g in groups.items() if g}
        order = sorted(averages, key=lambda t: (averages[t] if low else -averages[t], THEMES.index(t)))
        best = [t for t in order if averages[t] == averages[order[0]]]
        word = "lowest" if low else "highest"
        lead = (f"{council}'s {word}-scoring theme{'s were' if len(best) > 1 else ' was'} "
                f"{' and '.join(best)}, averaging {averages[best[0]]:.1f} of 4{note}: ")
        out = [lead + "; ".join(listed(groups[t]) for t in best) + "."]
        rest = [f"{t} {averages[t]:.1f} ({listed(groups[t])})" for t in order if t not in best]
        if rest:
            out.append("The other themes averaged: " + "; ".join(rest) + ".")
        out.append("Theme averages are worked out here from the cited quality statement scores; CQC does not "
                    "publish them.")
        return Result(out)
    extreme = min(s.score for s in scores) if low else max(s.score for s in scores)
    picked = [s for s in scores if s.score == extreme]
    others = [s for s in scores if s.score != extreme]
    where = f" in {', '.join(analysis.themes)}" if analysis.themes else ""
    if not others:
        return Result([f"All {_count(len(picked))} of {council}'s quality statement scores{where} were "
                       f"{score_text(picked[0], a.indicative)}{marks(list(cite.values()))}."])
    word = "lowest" if low else "highest"
    plural = len(picked) > 1
    out = [f"{council}'s {word} quality statement score{where} was {score_text(picked[0], a.indicative)}, "
           f"for {_count(len(picked)) + ' statements: ' if plural else ''}"
           + "; ".join(f"{s.statement} [{cite[s.statement]}]" for s in picked) + "."]
    out.append(f"{'Its other scores' if len(others) > 1 else 'Its other score'}: {listed(others)}.")
    return Result(out)
