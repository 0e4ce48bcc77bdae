"""Comparisons and rankings of catalogued scores: who scored higher, ties, "nowhere", thresholds."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answers.arithmetic import percent
from assistant.answers.base import Result, Structured, find_score, score_text, wording
from assistant.answers.overall import asks_only_overall, asks_overall, overall_lines
from assistant.answers.scores import score
from assistant.answers.thresholds import meets, threshold_phrase
from assistant.domain.councils import only_council_words
from assistant.domain.taxonomy import STATEMENT_NAMES
from assistant.evidence.citations import Citer, marks
from assistant.models.questions import QuestionAnalysis
from assistant.models.records import Assessment, StatementScore
from assistant.understand.lexicon import LOWEST_WORDS, statement_mentions

Pair = tuple[str, StatementScore, StatementScore]
_LOW = re.compile(rf"\b({LOWEST_WORDS})\b", re.I)
_HIGH = re.compile(r"\b(highest|best|strongest|top|most)\b", re.I)
_FRAME_WORDS = {
    "how", "do", "does", "did", "compare", "compared", "comparison", "and", "with", "between", "the", "on",
    "all", "quality", "statements", "statement", "overall", "across", "against", "to", "of", "vs", "versus",
    "v", "city", "county", "council", "councils", "borough", "what", "is", "are", "difference", "differences",
    "cqc", "assessments", "assessment", "in", "their", "a", "s", "me", "give", "show", "side", "by", "results",
}
_SHORT = {"n", "w", "e", "lb", "cc", "one", "for", "who", "which", "or", "did", "do", "better", "higher", "score"}


@dataclass
class Side:
    """One council in a comparison: its name, assessment document and assessment."""

    council: str
    doc_id: str
    a: Assessment

    @property
    def flag(self) -> str:
        """' indicative' for pilot assessments."""
        return " indicative" if self.a.indicative else ""


def comparison(facts: Structured, analysis: QuestionAnalysis, citer: Citer) -> Result:
    """Scores side by side: who scored higher, ties, and 'nowhere' for one-sided questions."""
    if not is_score_comparison(analysis):
        return Result([], handled=False)
    found, missing = facts.assessed(analysis)
    if missing and len(found) < 2:
        return facts.no_assessment(missing[0], analysis, citer, "score")
    if len(found) < 2:
        return score(facts, analysis, citer) if found else Result([], handled=False)
    rest = _without_statements(analysis.question)
    if not analysis.statements and (asks_only_overall(rest) or len(found) > 2):
        return Result(overall_lines(facts, analysis, citer, found))  # "which was rated higher overall?"
    a, b = Side(*found[0]), Side(*found[1])
    statements = analysis.statements or [
        s for s in STATEMENT_NAMES if find_score(a.a, s) and find_score(b.a, s)
    ]
    rows = [(st, find_score(a.a, st), find_score(b.a, st)) for st in statements]
    direction = _direction(analysis.standalone)
    if direction and not analysis.statements:
        pairs = [(st, x, y) for st, x, y in rows if x is not None and y is not None]
        return Result(one_sided(facts, citer, a, b, pairs, direction))
    out: list[str] = []
    if _names_only_councils(analysis) or asks_overall(rest):
        out += overall_lines(facts, analysis, citer, found[:2])
    for st, x, y in rows:
        if x is None or y is None:
            lacking = a if x is None else b
            out.append(
                f"The {lacking.council} assessment gives no score for {st}, so the two cannot be "
                f"compared on it{marks(facts.cite_rating(citer, lacking.doc_id, lacking.a))}."
            )
            continue
        both = marks(pair_cites(facts, citer, a, b, [(st, x, y)]))
        if x.score == y.score:
            who = f"{a.council}{a.flag}, {b.council}{b.flag}"
            out.append(f"Neither: on {st} both scored {x.score} - {wording(x)} ({who}){both}.")
            continue
        (win, ws), (lose, ls) = ((a, x), (b, y)) if x.score > y.score else ((b, y), (a, x))
        out.append(
            f"{win.council} scored higher on {st}: {score_text(ws, win.a.indicative)}, against "
            f"{lose.council}'s {score_text(ls, lose.a.indicative)}{both}."
        )
    return Result(out)


def pair_cites(facts: Structured, citer: Citer, a: Side, b: Side, pairs: Sequence[Pair]) -> list[int]:
    """Citation numbers of both councils' score spans for each statement pair."""
    return [
        n
        for _, x, y in pairs
        for n in (facts.cite_score(citer, a.doc_id, x), facts.cite_score(citer, b.doc_id, y))
    ]


def one_sided(
    facts: Structured, citer: Citer, a: Side, b: Side, pairs: list[Pair], direction: str
) -> list[str]:
    """'Where did A score lower than B?': the statements where it did, or 'Nowhere' with the ties."""
    sign = -1 if direction == "lower" else 1
    hits = [(st, x, y) for st, x, y in pairs if (x.score - y.score) * sign > 0]
    out: list[str] = []
    if hits:
        listed = "; ".join(f"{st} ({x.score} v {y.score})" for st, x, y in hits)
        plural = "s" if len(hits) > 1 else ""
        out.append(
            f"{a.council} scored {direction} than {b.council} on {len(hits)} quality statement{plural}: "
            f"{listed}{marks(pair_cites(facts, citer, a, b, hits))}."
        )
    else:
        ties = [(st, x, y) for st, x, y in pairs if x.score == y.score]
        opp = "higher" if direction == "lower" else "lower"
        ns = pair_cites(facts, citer, a, b, (ties or pairs)[:2])
        out.append(
            f"Nowhere: {a.council} scored the same as or {opp} than {b.council} on all {len(pairs)} "
            f"quality statements both reports score{marks(ns)}."
        )
        for tie in ties:
            out.append(
                f"They tied on {tie[0]}: both scored {tie[1].score} - {wording(tie[1])}"
                f"{marks(pair_cites(facts, citer, a, b, [tie]))}."
            )
        rest = [(st, x, y) for st, x, y in pairs if x.score != y.score]
        if rest:
            listed = "; ".join(f"{st} ({x.score} v {y.score})" for st, x, y in rest)
            out.append(
                f"{a.council} scored {opp} on the other {len(rest)}: {listed}"
                f"{marks(pair_cites(facts, citer, a, b, rest))}."
            )
    for side in (a, b):
        if side.a.indicative:
            out.append(
                f"{side.council}'s scores are indicative, from CQC's pilot assessment"
                f"{marks(facts.cite_rating(citer, side.doc_id, side.a))}."
            )
    return out


def ranking(facts: Structured, analysis: QuestionAnalysis, citer: Citer) -> Result:
    """Councils meeting a score threshold on a statement, or ordered by score or overall percentage."""
    found, _ = facts.assessed(analysis.model_copy(update={"councils": []}))
    if not found:
        return Result([], handled=False)
    out: list[str] = []
    low = _LOW.search(analysis.question) is not None
    asks_extreme = low or _HIGH.search(analysis.question) is not None
    if not analysis.statements:
        scored = [(c, d, a, percent(a)) for c, d, a in found if a.scores]
        scored.sort(key=lambda t: (t[3] or 0) if low else -(t[3] or 0))
        if asks_extreme and len(scored) > 1:
            c, d, a, pct = scored[0]
            out.append(f"{c} has the {'lowest' if low else 'highest'} quality statement total of the "
                       f"{len(scored)} councils with a CQC assessment loaded"
                       f"{marks([facts.cite_score(citer, d, s) for s in a.scores])}.")
        for c, d, a, pct in scored:
            ns = [facts.cite_score(citer, d, s) for s in a.scores] + facts.cite_rating(citer, d, a)
            pct_text = f"{sum(s.score for s in a.scores)}/{4 * len(a.scores)} ({pct:.0f}%)" if pct else "n/a"
            out.append(
                f"{c}: {'indicative ' if a.indicative else ''}rating {a.overall_rating or 'not stated'}, "
                f"quality statement scores total {pct_text}{marks(ns)}."
            )
        return Result(out)
    comp, thr = analysis.comparator or ">=", analysis.threshold
    for st in analysis.statements:
        rows = [(c, d, a, find_score(a, st)) for c, d, a in found]
        have = [(c, d, a, s) for c, d, a, s in rows if s is not None]
        have.sort(key=lambda t: t[3].score if low else -t[3].score)
        if thr is None:
            if asks_extreme and len(have) > 1:
                top = [(c, d, a, s) for c, d, a, s in have if s.score == have[0][3].score]
                names = " and ".join(c for c, _, _, _ in top)
                lead = "tied for the" if len(top) > 1 else "had the"
                out.append(f"{names} {lead} {'lowest' if low else 'highest'} score on {st} of the {len(have)} "
                           f"councils with a CQC assessment loaded: {score_text(top[0][3], top[0][2].indicative)}"
                           f"{marks([facts.cite_score(citer, d, s) for c, d, a, s in top])}.")
                have = [t for t in have if t not in top]
            for c, d, a, s in have:
                out.append(f"{c}: {score_text(s, a.indicative)} on {st} [{facts.cite_score(citer, d, s)}].")
            continue
        ok = [(c, d, a, s) for c, d, a, s in have if meets(s.score, comp, thr)]
        rest = [t for t in have if t not in ok]
        phrase = threshold_phrase(comp, thr)
        if ok:
            listed = ", ".join(f"{c} ({s.score}{' indicative' if a.indicative else ''})" for c, d, a, s in ok)
            out.append(
                f"{len(ok)} of the {len(have)} councils with a CQC assessment loaded scored {phrase} on "
                f"{st}: {listed}{marks([facts.cite_score(citer, d, s) for c, d, a, s in ok])}."
            )
        else:
            out.append(
                f"None of the {len(have)} councils with a CQC assessment loaded scored {phrase} on {st}"
                f"{marks([facts.cite_score(citer, d, s) for c, d, a, s in have])}."
            )
        for c, d, a, s in rest:
            out.append(f"{c} scored {score_text(s, a.indicative)} [{facts.cite_score(citer, d, s)}].")
    return Result(out)


def _direction(question: str) -> str | None:
    low = question.lower()
    if re.search(r"\b(lower|worse|below|less well|weaker)\b", low):
        return "lower"
    if re.search(r"\b(higher than|better than|above|outperform\w*|stronger than)\b", low):
        return "higher"
    return None


def _without_statements(text: str) -> str:
    """The question with its named statements blanked ("safeguarding", "the equity one")."""
    for m in sorted((m for m in statement_mentions(text) if m.strong), key=lambda m: -m.start):
        text = text[: m.start] + " " + text[m.end :]
    return text


def is_score_comparison(analysis: QuestionAnalysis) -> bool:
    """Whether a comparison asks about scores/ratings (catalog) rather than facts (retrieval)."""
    q = analysis.standalone
    if _names_only_councils(analysis):
        return True  # "How do Derby and North Lincolnshire compare?": their ratings and scores
    if len(analysis.councils) >= 2 and analysis.statements and only_council_words(
        _without_statements(analysis.question), analysis.councils, _FRAME_WORDS | _SHORT
    ):
        return True  # "derby vs camden on safeguarding": the statement named and nothing else
    if re.search(
        r"\b(scores?|scored|rating|rated|overall|did better|did worse|do better|performed|better on|worse on)\b",
        q,
        re.I,
    ):
        return not re.search(
            r"\b(take-?up|proportion|percentage of|share of|waiting list|how many|number of)\b|"
            r"\b(homes?|providers?|services|agencies)\b[^.?]{0,40}\brated\b", q, re.I
        )
    return False


def _names_only_councils(analysis: QuestionAnalysis) -> bool:
    """Whether the question names nothing but the councils (and the framework itself) to compare on."""
    return (len(analysis.councils) >= 2 and not analysis.statements
            and only_council_words(analysis.question, analysis.councils, _FRAME_WORDS))
