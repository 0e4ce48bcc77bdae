"""Comparisons of facts between councils (not of their catalogued scores, for which see `assistant.answers.compare`):
retrieval run once per council with the other councils' names left out of the query, then each council's
side composed from its own passages, the best sentences and, when the question asks about something
measured per council (a waiting list, take-up, a rate), the sentences carrying its figures, each cited.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence

from assistant.compose.extractive import choose, extend_anaphora, order_for_answer, render
from assistant.compose.rank import Sentence, score_sentences
from assistant.compose.terms import question_terms
from assistant.domain.councils import aliases_for
from assistant.evidence.citations import Citer, DocCache
from assistant.evidence.facts import chunk_passage
from assistant.evidence.text import covers, term_set
from assistant.models.questions import Passage, QuestionAnalysis, QuestionKind, Search


def council_queries(analysis: QuestionAnalysis, councils: Sequence[str]) -> dict[str, str]:
    """Each council's search wording: the question with the other councils' names left out."""
    out: dict[str, str] = {}
    for council in councils:
        query = analysis.standalone
        for other in councils:
            if other != council:
                for alias in sorted(aliases_for(other), key=len, reverse=True):
                    query = re.sub(rf"(?i)\b{re.escape(alias)}\b", " ", query)
        out[council] = re.sub(
            r"\s+", " ", re.sub(r"\b(and|or|between|vs\.?|versus)\s*(?=[?.,]|\s*$|\s+and\b)", "", query)
        )
    return out


def passages_by_council(
    search: Search, analysis: QuestionAnalysis, councils: Sequence[str], k: int = 4
) -> dict[str, list[Passage]]:
    """Retrieval run once per council (for comparisons of facts)."""
    out: dict[str, list[Passage]] = {}
    for council, query in council_queries(analysis, councils).items():
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
