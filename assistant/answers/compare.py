"""Comparisons and rankings of catalogued scores: who scored higher, ties, "nowhere", thresholds."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answers.arithmetic import percent
from assistant.answers.base import Result, Structured, find_score, score_text, wording
from assistant.answers.scores import score
from assistant.domain.councils import only_council_words
from assistant.domain.taxonomy import STATEMENT_NAMES
from assistant.evidence.citations import Citer, marks
from assistant.models.records import Assessment, QuestionAnalysis, StatementScore
from assistant.understand.lexicon import LOWEST_WORDS

Pair = tuple[str, StatementScore, StatementScore]
_LOW = re.compile(rf"\b({LOWEST_WORDS})\b", re.I)
_HIGH = re.compile(r"\b(highest|best|strongest|top|most)\b", re.I)
_FRAME_WORDS = {
    "how", "do", "does", "did", "compare", "compared", "comparison", "and", "with", "between", "the", "on",
    "all", "quality", "statements", "statement", "overall", "across", "against", "to", "of", "vs", "versus",
    "v", "city", "county", "council", "councils", "borough", "what", "is", "are", "difference", "differences",
    "cqc", "assessments", "assessment", "in", "their", "a", "s", "me", "give", "show", "side", "by", "results",
}


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
    if _names_only_councils(analysis):
        ratings = [f"{side.council}'s{side.flag} overall rating is {side.a.overall_rating or 'not stated'}"
                   f"{marks(facts.cite_rating(citer, side.doc_id, side.a))}" for side in (a, b)]
        out.append("; ".join(ratings) + ".")
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


SHOWN = 3  # rankings over many councils: this many at each end of the order, cited; the rest behind a pointer
FULL_TABLE = "the full table is at /v1/scores (`cqc-assistant scores`)"
Row = tuple[str, str, Assessment, StatementScore]


def _few(rows: Sequence[Row]) -> str:
    """'A (3), B (3) and 12 other councils': a few names of a long list."""
    names = [f"{c} ({s.score}{' indicative' if a.indicative else ''})" for c, _, a, s in rows[:SHOWN]]
    more = len(rows) - len(names)
    return ", ".join(names) + (f" and {more} other council{'s' if more > 1 else ''}" if more else "")


def _cite_few(facts: Structured, citer: Citer, rows: Sequence[Row]) -> list[int]:
    return [facts.cite_score(citer, d, s) for _, d, _, s in rows[:SHOWN]]


def _spread(facts: Structured, citer: Citer, st: str, have: Sequence[Row]) -> str:
    """How many councils had each score on a statement, one council cited per score."""
    groups: dict[int, list[Row]] = {}
    for row in have:
        groups.setdefault(row[3].score, []).append(row)
    parts = [f"{len(rows)} scored {score} (e.g. {rows[0][0]})" for score, rows in sorted(groups.items(), reverse=True)]
    ns = [facts.cite_score(citer, rows[0][1], rows[0][3]) for _, rows in sorted(groups.items(), reverse=True)]
    return f"Of the {len(have)} councils with a CQC assessment loaded, on {st}: {'; '.join(parts)}{marks(ns)}."


def ranking(facts: Structured, analysis: QuestionAnalysis, citer: Citer) -> Result:
    """Councils meeting a score threshold on a statement, or ordered by score or overall percentage.

    With up to 2 x SHOWN councils every council is listed; beyond that the answer stays the same size at any
    number of councils: the answer itself (with ties), the top and bottom few, cited, and a pointer to the
    full table.
    """
    found, _ = facts.assessed(analysis.model_copy(update={"councils": []}))
    if not found:
        return Result([], handled=False)
    low = _LOW.search(analysis.question) is not None
    asks_extreme = low or _HIGH.search(analysis.question) is not None
    if not analysis.statements:
        return Result(_by_total(facts, citer, found, low, asks_extreme))
    out: list[str] = []
    comp, thr = analysis.comparator or ">=", analysis.threshold
    for st in analysis.statements:
        have: list[Row] = [(c, d, a, s) for c, d, a in found if (s := find_score(a, st)) is not None]
        have.sort(key=lambda t: t[3].score if low else -t[3].score)
        many, everyone = len(have) > 2 * SHOWN, list(have)
        if thr is None:
            if asks_extreme and len(have) > 1:
                top = [t for t in have if t[3].score == have[0][3].score]
                names = " and ".join(c for c, _, _, _ in top) if len(top) <= SHOWN else _few(top)
                lead = "tied for the" if len(top) > 1 else "had the"
                out.append(f"{names} {lead} {'lowest' if low else 'highest'} score on {st} of the {len(have)} "
                           f"councils with a CQC assessment loaded: {score_text(top[0][3], top[0][2].indicative)}"
                           f"{marks(_cite_few(facts, citer, top))}.")
                have = [t for t in have if t not in top]
            if not many:
                out += [f"{c}: {score_text(s, a.indicative)} on {st} [{facts.cite_score(citer, d, s)}]."
                        for c, d, a, s in have]
                continue
            out.append(_spread(facts, citer, st, everyone))
            out.append(f"Lowest on {st}: {_few(have[::-1])}{marks(_cite_few(facts, citer, have[::-1]))}; "
                       f"{FULL_TABLE}." if not low else
                       f"Highest on {st}: {_few(have[::-1])}{marks(_cite_few(facts, citer, have[::-1]))}; "
                       f"{FULL_TABLE}.")
            continue
        ok = [t for t in have if _compare(t[3].score, comp, thr)]
        rest = [t for t in have if t not in ok]
        phrase = _phrase(comp, thr)
        if ok:
            listed = _few(ok) if many else ", ".join(
                f"{c} ({s.score}{' indicative' if a.indicative else ''})" for c, d, a, s in ok)
            ns = _cite_few(facts, citer, ok) if many else [facts.cite_score(citer, d, s) for _, d, _, s in ok]
            out.append(f"{len(ok)} of the {len(have)} councils with a CQC assessment loaded scored {phrase} on "
                       f"{st}: {listed}{marks(ns)}.")
        else:
            ns = _cite_few(facts, citer, have) if many else [facts.cite_score(citer, d, s) for _, d, _, s in have]
            out.append(f"None of the {len(have)} councils with a CQC assessment loaded scored {phrase} on {st}"
                       f"{marks(ns)}.")
        if many:
            if rest:
                out.append(f"The other {len(rest)} include {_few(rest)}{marks(_cite_few(facts, citer, rest))}; "
                           f"{FULL_TABLE}.")
            continue
        out += [f"{c} scored {score_text(s, a.indicative)} [{facts.cite_score(citer, d, s)}]." for c, d, a, s in rest]
    return Result(out)


def _by_total(facts: Structured, citer: Citer, found: Sequence[tuple[str, str, Assessment]], low: bool,
              asks_extreme: bool) -> list[str]:
    """Councils ordered by their quality statement total (all of them, or the ends of a long list)."""
    out: list[str] = []
    scored = [(c, d, a, percent(a)) for c, d, a in found if a.scores]
    scored.sort(key=lambda t: (t[3] or 0) if low else -(t[3] or 0))
    many = len(scored) > 2 * SHOWN
    if asks_extreme and len(scored) > 1:
        c, d, a, pct = scored[0]
        ties = [t[0] for t in scored[1:] if t[3] == pct]
        tied = f" (tied with {', '.join(ties[:SHOWN])}{' and others' if len(ties) > SHOWN else ''})" if ties else ""
        out.append(f"{c} has the {'lowest' if low else 'highest'} quality statement total of the "
                   f"{len(scored)} councils with a CQC assessment loaded{tied}"
                   f"{marks([facts.cite_score(citer, d, s) for s in a.scores])}.")
    shown = scored if not many else scored[:SHOWN] + scored[-SHOWN:]
    for i, (c, d, a, pct) in enumerate(shown):
        ns = facts.cite_rating(citer, d, a) if many else (
            [facts.cite_score(citer, d, s) for s in a.scores] + facts.cite_rating(citer, d, a))
        pct_text = f"{sum(s.score for s in a.scores)}/{4 * len(a.scores)} ({pct:.0f}%)" if pct else "n/a"
        between = f" ({len(scored) - 2 * SHOWN} councils come between; {FULL_TABLE})" if many and i == SHOWN else ""
        out.append(f"{c}{between}: {'indicative ' if a.indicative else ''}rating {a.overall_rating or 'not stated'}"
                   f", quality statement scores total {pct_text}{marks(ns)}.")
    return out


def _compare(value: int, comp: str, thr: int) -> bool:
    return {">=": value >= thr, "<=": value <= thr, ">": value > thr, "<": value < thr, "==": value == thr}[
        comp
    ]


def _phrase(comp: str, thr: int) -> str:
    return {
        ">=": f"{thr} or more",
        "<=": f"{thr} or less",
        ">": f"more than {thr}",
        "<": f"less than {thr}",
        "==": f"exactly {thr}",
    }[comp]


def _direction(question: str) -> str | None:
    low = question.lower()
    if re.search(r"\b(lower|worse|below|less well|weaker)\b", low):
        return "lower"
    if re.search(r"\b(higher than|better than|above|outperform\w*|stronger than)\b", low):
        return "higher"
    return None


def is_score_comparison(analysis: QuestionAnalysis) -> bool:
    """Whether a comparison asks about scores/ratings (catalog) rather than facts (retrieval)."""
    q = analysis.standalone
    if _names_only_councils(analysis):
        return True  # "How do Derby and North Lincolnshire compare?": their ratings and scores
    if re.search(
        r"\b(scores?|scored|rating|rated|did better|did worse|do better|performed|better on|worse on)\b",
        q,
        re.I,
    ):
        return not re.search(
            r"\b(take-?up|proportion|percentage of|waiting list|how many|number of)\b", q, re.I
        )
    return False


def _names_only_councils(analysis: QuestionAnalysis) -> bool:
    """Whether the question names nothing but the councils (and the framework itself) to compare on."""
    return (len(analysis.councils) >= 2 and not analysis.statements
            and only_council_words(analysis.question, analysis.councils, _FRAME_WORDS))
