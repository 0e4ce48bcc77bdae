"""Comparisons and rankings of catalogued scores: who scored higher, ties, "nowhere", thresholds."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.arithmetic import percent
from assistant.compose import (
    Sentence,
    choose,
    extend_anaphora,
    order_for_answer,
    question_terms,
    render,
    score_sentences,
)
from assistant.councils import aliases_for
from assistant.evidence import Citer, DocCache, covers, marks, term_set
from assistant.facts import chunk_passage
from assistant.models import Assessment, Passage, QuestionAnalysis, QuestionKind, StatementScore
from assistant.structured import Result, Search, Structured, find_score, score_text, wording
from assistant.taxonomy import STATEMENT_NAMES

Pair = tuple[str, StatementScore, StatementScore]


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
        return facts.score(analysis, citer) if found else Result([], handled=False)
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
    if not analysis.statements:
        scored = [(c, d, a, percent(a)) for c, d, a in found]
        scored.sort(key=lambda t: -(t[3] or 0))
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
        have.sort(key=lambda t: -t[3].score)
        if thr is None:
            for c, d, a, s in have:
                out.append(f"{c}: {score_text(s, a.indicative)} on {st} [{facts.cite_score(citer, d, s)}].")
            continue
        ok = [(c, d, a, s) for c, d, a, s in have if _compare(s.score, comp, thr)]
        rest = [t for t in have if t not in ok]
        phrase = _phrase(comp, thr)
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
    if re.search(
        r"\b(scores?|scored|rating|rated|did better|did worse|do better|performed|better on|worse on)\b",
        q,
        re.I,
    ):
        return not re.search(
            r"\b(take-?up|proportion|percentage of|waiting list|how many|number of)\b", q, re.I
        )
    return False


def passages_by_council(
    search: Search, analysis: QuestionAnalysis, councils: Sequence[str], k: int = 4
) -> dict[str, list[Passage]]:
    """Retrieval run once per council (for comparisons of facts)."""
    out: dict[str, list[Passage]] = {}
    for council in councils:
        query = analysis.standalone
        for other in councils:
            if other != council:
                for alias in sorted(aliases_for(other), key=len, reverse=True):
                    query = re.sub(rf"(?i)\b{re.escape(alias)}\b", " ", query)
        query = re.sub(
            r"\s+", " ", re.sub(r"\b(and|or|between|vs\.?|versus)\s*(?=[?.,]|\s*$|\s+and\b)", "", query)
        )
        probe = analysis.model_copy(
            update={"councils": [council], "kind": QuestionKind.FINDING, "standalone": query}
        )
        out[council] = [p for p in search(query, probe) if p.council == council][:k]
    return out


# A comparison about something counted or measured per council ("waiting list", "take-up").
_MEASURABLE = re.compile(
    r"\b(take-?up|uptake|proportion|percentage|per ?cent|rates?|numbers?|how many|how much|how long|"
    r"waiting (?:lists?|times?)|backlogs?|waits?|delays?|figures?|budget|spend(?:ing)?|average|"
    r"overdue|cost|fees?)\b",
    re.I,
)
# A number that is a figure: not a year, a section of an Act or a theme/statement number.
_FIGURE = re.compile(
    r"(?<![\w.])(?!(?:19|20)\d\d(?![\d%]))\d[\d,]*(?:\.\d+)?(?![\w])"
)
_NOT_FIGURE = re.compile(r"(?i)\b(?:section|theme|part|statement|step|phase|tier)\s+\d+")
_MEASURE_WORDS = frozenset(
    {
        "proportion", "percentage", "per", "cent", "rate", "number", "figure", "many", "much", "long",
        "average", "take", "person", "level", "amount", "total", "share", "compare", "higher", "lower",
        "more", "less",
    }
)
_CONTINUES = re.compile(r"^(This|These|That|Those|It|They|The (?:number|figure|backlog|list|rate))\b")


def asks_measure(analysis: QuestionAnalysis) -> bool:
    """Whether a comparison of facts asks about something measured per council."""
    return bool(_MEASURABLE.search(analysis.standalone))


def has_figure(text: str) -> bool:
    """Whether a sentence carries a figure (a count, rate or amount; not a year or section number)."""
    return _FIGURE.search(_NOT_FIGURE.sub(" ", text)) is not None


def _continuations(anchor: Sentence, scored: Sequence[Sentence], reach: int = 3) -> list[Sentence]:
    """Sentences shortly after a figure sentence, in the same passage, that carry on its figure: they
    carry a figure themselves and refer back ('This had reduced to 252') or name the asked topic."""
    seq = sorted((s for s in scored if s.passage.chunk_id == anchor.passage.chunk_id), key=lambda s: s.start)
    idx = next((i for i, s in enumerate(seq) if s.start >= anchor.end), len(seq))
    return [
        s for s in seq[idx : idx + reach] if has_figure(s.text) and (_CONTINUES.match(s.text) or s.coverage > 0)
    ]


def with_neighbours(passages: Sequence[Passage], docs: DocCache, top: int = 3) -> list[Passage]:
    """The passages plus the chunks either side of the first few in the same subsection: a finding's
    figures often sit in the next paragraph ('This stood at over 600')."""
    seen = {p.chunk_id for p in passages}
    extra: list[Passage] = []
    for p in passages[:top]:
        chunks = docs.by_doc.get(p.doc_id, [])
        at = next((i for i, c in enumerate(chunks) if c.id == p.chunk_id), None)
        if at is None:
            continue
        for c in chunks[max(0, at - 1) : at + 2]:
            if c.id in seen or c.unit == "score" or c.heading_path != p.heading_path:
                continue
            seen.add(c.id)
            extra.append(chunk_passage(docs, c, p.score, pinned=False))
    return [*passages, *extra]


def _overlaps(s: Sentence, others: Sequence[Sentence]) -> bool:
    return any(o.passage.doc_id == s.passage.doc_id and o.start < s.end and s.start < o.end for o in others)


def compose_facts(
    analysis: QuestionAnalysis, passages: Sequence[Passage], docs: DocCache, citer: Citer, limit: int = 2
) -> list[str]:
    """One council's side of a comparison of facts: the best sentences and, when the question asks about
    something measured, the sentences carrying its figures (with those that carry the figure on), each cited."""
    measure = asks_measure(analysis)
    scored = score_sentences(analysis, with_neighbours(passages, docs) if measure else passages, docs)
    picked = choose(scored, limit)
    if picked:
        top_score = max(s.score for s in picked)
        top_cov = max(s.coverage for s in picked)
        picked = [s for s in picked if s.score >= 0.35 * top_score and s.coverage >= min(0.25, 0.5 * top_cov)]
    if measure:
        picked += _figure_sentences(scored, picked, _topic(analysis, docs, scored))
    widened = extend_anaphora(picked, scored)
    keep = [s for s in widened if not any(o is not s and _contains(o, s) for o in widened)]
    return render(order_for_answer(keep, analysis), citer)


def _contains(outer: Sentence, inner: Sentence) -> bool:
    if outer.passage.doc_id != inner.passage.doc_id or (outer.start, outer.end) == (inner.start, inner.end):
        return False
    return outer.start <= inner.start and inner.end <= outer.end


def _topic(analysis: QuestionAnalysis, docs: DocCache, scored: Sequence[Sentence]) -> Callable[[Sentence], float]:
    """IDF-weighted share of the question's topic words (its terms less the words of measuring:
    'proportion', 'number', 'people') a sentence covers, with the sentence before when it opens 'This...'."""
    terms = [t for t in question_terms(analysis) if t not in _MEASURE_WORDS]
    weights = {t: docs.weight(t) for t in terms}
    total = sum(weights.values())
    before: dict[tuple[str, int], Sentence] = {}
    seqs: dict[str, list[Sentence]] = {}
    for s in sorted(scored, key=lambda x: x.start):
        seqs.setdefault(s.passage.chunk_id, []).append(s)
    for seq in seqs.values():
        for prev, s in itertools.pairwise(seq):
            before[(s.passage.chunk_id, s.start)] = prev

    def share(s: Sentence) -> float:
        if not total:
            return 0.0
        text = s.text
        prev = before.get((s.passage.chunk_id, s.start))
        if prev is not None and _CONTINUES.match(s.text):
            text = prev.text + " " + text
        found = term_set(text)
        return sum(w for t, w in weights.items() if covers(t, found)) / total

    return share


def _figure_sentences(
    scored: Sequence[Sentence], picked: Sequence[Sentence], topic: Callable[[Sentence], float]
) -> list[Sentence]:
    """The best figure-carrying sentence about the asked topic and the sentences that carry on the
    figures of it and of the picked ones, not yet picked. A sentence opening with 'This'/'It' is judged
    on the sentence before it too ('...a backlog of DoLS applications. This stood at over 600.')."""
    by_chunk: dict[str, list[Sentence]] = {}
    for s in sorted(scored, key=lambda x: x.start):
        by_chunk.setdefault(s.passage.chunk_id, []).append(s)
    figures: list[Sentence] = []
    for seq in by_chunk.values():
        for i, s in enumerate(seq):
            if not has_figure(s.text):
                continue
            if _CONTINUES.match(s.text) and i > 0:
                prev = seq[i - 1]
                s = Sentence(s.passage, s.rank, s.start, s.end, s.text,
                             max(s.score, prev.score), max(s.coverage, prev.coverage))
            if s.coverage > 0:
                figures.append(s)
    out: list[Sentence] = []
    fresh = [s for s in figures if not _overlaps(s, picked) and topic(s) >= 0.3]
    out += choose(fresh, 1)
    anchors = [*(s for s in picked if has_figure(s.text)), *out]
    for anchor in anchors:
        for s in _continuations(anchor, scored):
            if not _overlaps(s, [*picked, *out]):
                out.append(s)
    return out
