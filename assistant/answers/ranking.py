"""Rankings of catalogued scores: who scored highest or lowest, thresholds, order by total.

With up to 2 x SHOWN councils every council is listed. Beyond that an answer stays the same size at any number
of councils: the answer itself (its ties counted, a few named), how many councils had each score, the other end
of the order, each cited, and a pointer to the full table (`/v1/scores`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answers.arithmetic import percent
from assistant.answers.base import Result, Structured, find_score, score_text
from assistant.answers.thresholds import meets, threshold_phrase
from assistant.evidence.citations import Citer, marks
from assistant.models.questions import QuestionAnalysis
from assistant.models.records import Assessment, StatementScore
from assistant.understand.lexicon import LOWEST_WORDS

_LOW = re.compile(rf"\b({LOWEST_WORDS})\b", re.I)
_HIGH = re.compile(r"\b(highest|best|strongest|top|most)\b", re.I)
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


def _cite_all(facts: Structured, citer: Citer, rows: Sequence[Row]) -> list[int]:
    return [facts.cite_score(citer, d, s) for _, d, _, s in rows]


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
    named = facts.assessed(analysis)[0] if len(analysis.councils) >= 2 else []
    found = named if len(named) >= 2 else facts.assessed(analysis.model_copy(update={"councils": []}))[0]
    pool = "councils asked about" if found is named else "councils with a CQC assessment loaded"  # "among A, B, C"
    if not found:
        return Result([], handled=False)
    low = _LOW.search(analysis.question) is not None
    asks_extreme = low or _HIGH.search(analysis.question) is not None
    if not analysis.statements:
        return Result(_by_total(facts, citer, found, low, asks_extreme, pool))
    out: list[str] = []
    comp, thr = analysis.comparator or ">=", analysis.threshold
    for st in analysis.statements:
        have: list[Row] = [(c, d, a, s) for c, d, a in found if (s := find_score(a, st)) is not None]
        have.sort(key=lambda t: t[3].score if low else -t[3].score)
        many, everyone = len(have) > 2 * SHOWN, list(have)
        if thr is None:
            if asks_extreme and len(have) > 1:
                top = [t for t in have if t[3].score == have[0][3].score]
                few = many and len(top) > SHOWN
                names = _few(top) if few else " and ".join(c for c, _, _, _ in top)
                lead = "tied for the" if len(top) > 1 else "had the"
                out.append(f"{names} {lead} {'lowest' if low else 'highest'} score on {st} of the {len(have)} "
                           f"{pool}: {score_text(top[0][3], top[0][2].indicative)}"
                           f"{marks(_cite_few(facts, citer, top) if few else _cite_all(facts, citer, top))}.")
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
        ok = [t for t in have if meets(t[3].score, comp, thr)]
        rest = [t for t in have if t not in ok]
        phrase = threshold_phrase(comp, thr)
        if ok:
            listed = _few(ok) if many else ", ".join(
                f"{c} ({s.score}{' indicative' if a.indicative else ''})" for c, d, a, s in ok)
            ns = _cite_few(facts, citer, ok) if many else _cite_all(facts, citer, ok)
            out.append(f"{len(ok)} of the {len(have)} {pool} scored {phrase} on "
                       f"{st}: {listed}{marks(ns)}.")
        else:
            ns = _cite_few(facts, citer, have) if many else _cite_all(facts, citer, have)
            out.append(f"None of the {len(have)} {pool} scored {phrase} on {st}"
                       f"{marks(ns)}.")
        if many:
            if rest:
                out.append(f"The other {len(rest)} include {_few(rest)}{marks(_cite_few(facts, citer, rest))}; "
                           f"{FULL_TABLE}.")
            continue
        out += [f"{c} scored {score_text(s, a.indicative)} [{facts.cite_score(citer, d, s)}]." for c, d, a, s in rest]
    return Result(out)


def _by_total(facts: Structured, citer: Citer, found: Sequence[tuple[str, str, Assessment]], low: bool,
              asks_extreme: bool, pool: str = "councils with a CQC assessment loaded") -> list[str]:
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
                   f"{len(scored)} {pool}{tied}"
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
