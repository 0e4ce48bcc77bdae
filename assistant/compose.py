"""Extractive composition: pick the retrieved sentences that answer the question and cite each one.

Citations always quote the document's stored text exactly: ``quote == text[start:end]`` where the
offsets are the passage's start plus the sentence's offset inside the passage text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.evidence import (
    FRAMEWORK_QUOTES,
    Citer,
    DocCache,
    clean,
    covers,
    prepare,
    sentence_spans,
    term_set,
    tokenize,
)
from assistant.lexicon import expand_acronyms
from assistant.models import (
    DocumentKind,
    GoodPracticeItem,
    Passage,
    QuestionAnalysis,
    QuestionKind,
)

NO_EVIDENCE = "I have no evidence for that in the loaded documents."
STRONG_SHORTFALL = re.compile(
    r"\b(however|backlogs?|waiting (?:list|times?)|waited|delays?|delayed|lack(?:ed|ing)?|shortfalls?|"
    r"overdue|not (?:always|consistently|yet|clear|timely|aware|able)|too soon|inconsistent|limited|"
    r"needed to|need(?:s|ed)? to (?:be )?improv|further work|concerns?|poor|below the (?:national|england)|"
    r"out of date|no overall|areas? for (?:development|improvement)|must|should)\b",
    re.I,
)
SHORTFALL_CUES = re.compile(
    r"\b(however|but|although|waiting|wait(?:ed)?|backlogs?|not|no|lack(?:ed|ing)?|delays?|delayed|"
    r"shortfalls?|concerns?|improve(?:d|ment)?|needed|needs to|should|overdue|limited|inconsistent|"
    r"difficult(?:y|ies)?|challenges?|gaps?|poor|below|out of date|too soon)\b",
    re.I,
)
_KIND_NAMES = {
    DocumentKind.CQC_ASSESSMENT: "CQC assessments",
    DocumentKind.LGA_ANALYSIS: "the LGA analysis",
    DocumentKind.SELF_ASSESSMENT: "council self-assessments",
    DocumentKind.COUNCIL_DOCUMENT: "council reports",
}


@dataclass
class Sentence:
    """A sentence of a passage with its absolute offsets and selection score."""

    passage: Passage
    rank: int
    start: int
    end: int
    text: str
    score: float = 0.0
    coverage: float = 0.0


def split_sentences(p: Passage, rank: int) -> list[Sentence]:
    """Sentences (or bullet items) of a passage, trimmed, with document offsets."""
    return [Sentence(p, rank, p.start + s, p.start + e, p.text[s:e]) for s, e in sentence_spans(p.text)]


def _terms(text: str) -> list[str]:
    return [t for t in dict.fromkeys(tokenize(text)) if len(t) > 1]


def question_terms(analysis: QuestionAnalysis) -> list[str]:
    """Content terms of the question (council names removed: filters handle those)."""
    text = prepare(expand_acronyms(analysis.question))
    for council in analysis.councils:
        for word in council.split():
            text = re.sub(rf"(?i)\b{re.escape(word)}\b", " ", text)
    generic = {
        "cqc",
        "city",
        "county",
        "score",
        "what",
        "much",
        "many",
        "did",
        "say",
        "find",
        "local",
        "authority",
        "adult",
        "social",
        "care",
        "lincs",
        "compare",
        "comparison",
        "between",
        "long",
        "accord",
        "according",
        "share",
        "keep",
        "tell",
        "know",
        "happen",
        "goe",
        "go",
        "quality",
        "commission",
    }
    return [t for t in _terms(text) if t not in generic]


def score_sentences(
    analysis: QuestionAnalysis, passages: Sequence[Passage], docs: DocCache
) -> list[Sentence]:
    """Every candidate sentence, scored by weighted term overlap, figures, rank and statement match."""
    terms = question_terms(analysis)
    context_terms = [
        t
        for t in question_terms(analysis.model_copy(update={"question": analysis.standalone}))
        if t not in terms
    ]
    weights = {t: docs.weight(t) for t in terms}
    weights.update({t: 0.4 * docs.weight(t) for t in context_terms})
    total = sum(weights.values()) or 1.0
    wants_figure = bool(
        re.search(
            r"\b(how many|how much|how long|what (?:proportion|percentage|share|rate)|average|number|"
            r"figures?|budget|age|when|rates?|proportion|percentage|take-?up|uptake|share|compare)\b",
            analysis.question,
            re.I,
        )
    )
    wants_person = re.match(r"\s*(?:\w+\s+)?who\b", analysis.question, re.I) is not None
    improvement = analysis.kind == QuestionKind.IMPROVEMENT
    out: list[Sentence] = []
    for rank, p in enumerate(passages):
        for s in split_sentences(p, rank):
            sterms = term_set(s.text)
            hterms = term_set(" ".join(p.heading_path[-1:]))
            # a term only in the heading counts half: every sentence under the heading shares it
            covered = sum(w if covers(t, sterms) else 0.5 * w if covers(t, hterms) else 0.0 for t, w in weights.items())
            s.coverage = covered / total
            score = s.coverage
            if re.search(r"\d", s.text):
                score += 0.15 if wants_figure else 0.05
            if analysis.statements and p.quality_statement in analysis.statements:
                score += 0.1
            elif analysis.statements and p.quality_statement:
                score *= 0.6  # a passage about another quality statement than the one asked about
            if looks_like_table(s.text):
                score *= 0.3  # a flattened table row: figures without the sentence that explains them
            if wants_person and _PERSON.search(s.text):
                score += 0.2
            if improvement:
                score += (
                    0.25
                    if STRONG_SHORTFALL.search(s.text)
                    else 0.1
                    if SHORTFALL_CUES.search(s.text)
                    else -0.1
                )
            if p.heading_path and FRAMEWORK_QUOTES.search(p.heading_path[-1]):
                score *= 0.3  # the framework's own "I/We" statements, not findings
            score *= 1.0 / (1.0 + 0.15 * rank)
            s.score = score
            out.append(s)
    return out


def evidence_strength(analysis: QuestionAnalysis, passages: Sequence[Passage], docs: DocCache) -> float:
    """How well the best passage supports the question: IDF-weighted term coverage blended with similarity."""
    if not passages:
        return 0.0
    terms = question_terms(analysis)
    if not terms:
        return max((p.dense_similarity or 0.0) for p in passages)
    weights = {t: docs.weight(t) for t in terms}
    total = sum(weights.values())
    best = 0.0
    for p in passages[:5]:
        pterms = term_set(" ".join(p.heading_path) + " " + p.text)
        cov = sum(w for t, w in weights.items() if covers(t, pterms)) / total
        best = max(best, 0.6 * cov + 0.4 * (p.dense_similarity or 0.0))
    # a content word the documents never use (nor a close spelling of it): the question is likely about
    # something they do not cover ("hourly rate" when no report gives fee rates)
    missing = [t for t in terms if len(t) >= 4 and not docs.known(t)]
    return best * (0.6 ** len(missing))


def coverage_summary(docs: DocCache) -> str:
    """What the loaded documents cover: councils and document kinds."""
    councils = sorted({d.council for d in docs.records.values() if d.council})
    kinds = sorted({_KIND_NAMES.get(d.kind, str(d.kind)) for d in docs.records.values()})
    if not docs.records:
        return "No documents are loaded yet."
    return f"The loaded documents cover {', '.join(councils) or 'no specific council'} ({', '.join(kinds)})."


def choose(sentences: list[Sentence], limit: int, per_passage: int = 2) -> list[Sentence]:
    """The best sentences, at most per_passage from one passage, without near-duplicates."""
    picked: list[Sentence] = []
    counts: dict[str, int] = {}
    for s in sorted(sentences, key=lambda x: -x.score):
        if s.score <= 0 or s.coverage <= 0 or counts.get(s.passage.chunk_id, 0) >= per_passage:
            continue
        if any(abs(s.start - o.start) < 3 and s.passage.doc_id == o.passage.doc_id for o in picked):
            continue
        if any(s.passage.doc_id == o.passage.doc_id and s.start < o.end and o.start < s.end for o in picked):
            continue
        picked.append(s)
        counts[s.passage.chunk_id] = counts.get(s.passage.chunk_id, 0) + 1
        if len(picked) >= limit:
            break
    return picked


_FIGURE = re.compile(r"^[(£]?\d[\d.,/%]*\)?$")


def looks_like_table(text: str) -> bool:
    """Whether a "sentence" is mostly bare figures, as a table flattened to text is."""
    words = text.split()
    return len(words) >= 12 and sum(bool(_FIGURE.match(w)) for w in words) >= 0.45 * len(words)


_PERSON = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Professor|Sir|Dame|Cllr|Councillor)\.? [A-Z][a-z]+|\b[Dd]irector\b")
_ANAPHOR = re.compile(r"^(This|These|That|Those|It|They|Such|He|She)\b")


def extend_anaphora(picked: list[Sentence], all_sentences: list[Sentence]) -> list[Sentence]:
    """Join a sentence that opens with 'This/It/They...' to the one before it, and take in a following
    sentence that does, so each cited span reads on its own."""
    by_passage: dict[str, list[Sentence]] = {}
    for s in all_sentences:
        by_passage.setdefault(s.passage.chunk_id, []).append(s)
    out: list[Sentence] = []
    for s in picked:
        seq = by_passage.get(s.passage.chunk_id, [])
        idx = next((i for i, o in enumerate(seq) if o.start == s.start), None)
        start, end = s.start, s.end
        if idx is not None:
            if _ANAPHOR.match(s.text) and idx > 0:
                start = seq[idx - 1].start
            if idx + 1 < len(seq) and _ANAPHOR.match(seq[idx + 1].text) and len(s.text) < 400:
                end = seq[idx + 1].end
        p = s.passage
        if any(o.passage.doc_id == p.doc_id and o.start < end and start < o.end for o in out):
            continue
        out.append(
            Sentence(p, s.rank, start, end, p.text[start - p.start : end - p.start], s.score, s.coverage)
        )
    return out


def order_for_answer(picked: list[Sentence], analysis: QuestionAnalysis) -> list[Sentence]:
    """Group by document in the order of first appearance, document order within, but the best
    sentence first; for improvement questions strengths first, then shortfalls."""
    doc_order = list(dict.fromkeys(s.passage.doc_id for s in picked))
    grouped = analysis.kind == QuestionKind.IMPROVEMENT
    # moving a sentence could part an anaphor ("This ...") from the sentence before it
    anaphora = any(_ANAPHOR.match(s.text) for s in picked)
    best = None if grouped or anaphora or not picked else max(picked, key=lambda s: s.score)

    def key(s: Sentence) -> tuple[int, bool, bool, int]:
        shortfall = grouped and bool(SHORTFALL_CUES.search(s.text))
        return doc_order.index(s.passage.doc_id), s is not best, shortfall, s.start

    return sorted(picked, key=key)


def render(sentences: Sequence[Sentence], citer: Citer, prefix: str = "") -> list[str]:
    """One answer sentence per chosen sentence, each ending with its citation mark."""
    lines: list[str] = []
    for s in sentences:
        n = citer.cite(s.passage.doc_id, s.start, s.end, " > ".join(s.passage.heading_path))
        body = clean(s.text)
        if not re.search(r"[.!?]$", body):
            body += "."
        lines.append(f"{prefix}{body} [{n}]")
    return lines


_GP_GENERIC = {
    "good",
    "look",
    "like",
    "practice",
    "practise",
    "best",
    "example",
    "what",
    "doe",
    "work",
    "process",
    "approach",
}


def compose_good_practice(
    analysis: QuestionAnalysis,
    items: Sequence[tuple[str, GoodPracticeItem]],
    docs: DocCache,
    citer: Citer,
    limit: int = 5,
) -> list[str]:
    """Good-practice bullets of the statement asked about, those matching the question's topic first."""
    if not items:
        return []
    statement_terms = {t for st in analysis.statements for t in tokenize(st)}
    terms = [t for t in question_terms(analysis) if t not in _GP_GENERIC and t not in statement_terms]
    weights = {t: docs.idf(t) for t in terms}
    scored: list[tuple[float, int, str, GoodPracticeItem]] = []
    for i, (doc_id, item) in enumerate(items):
        body = term_set(f"{item.subsection or ''} {item.label} {item.text}")
        scored.append((sum(w for t, w in weights.items() if covers(t, body)), i, doc_id, item))
    best = max(s for s, *_ in scored)
    if weights and best > 0:
        chosen = [t for t in sorted(scored, key=lambda t: (-t[0], t[1])) if t[0] >= 0.5 * best][:limit]
    else:
        chosen = scored[:limit]  # the statement in general: its bullets in the analysis's order
    lines: list[str] = []
    for _, _, doc_id, item in sorted(chosen, key=lambda t: t[1]):
        n = citer.cite(doc_id, item.start, item.end)
        shown = clean(item.text)
        lines.append(f"{shown}{'' if re.search(r'[.!?]$', shown) else '.'} [{n}]")
    return lines


def compose_extractive(
    analysis: QuestionAnalysis, passages: Sequence[Passage], docs: DocCache, citer: Citer, limit: int = 4
) -> list[str]:
    """Answer sentences for a retrieval question (may be empty when nothing scores)."""
    scored = score_sentences(analysis, passages, docs)
    if analysis.kind in (QuestionKind.GOOD_PRACTICE, QuestionKind.IMPROVEMENT):
        limit = max(limit, 5)
    picked = choose(scored, limit)
    if picked:
        top_score = max(s.score for s in picked)
        top_cov = max(s.coverage for s in picked)
        picked = [s for s in picked if s.score >= 0.35 * top_score and s.coverage >= min(0.25, 0.5 * top_cov)]
    picked = order_for_answer(extend_anaphora(picked, scored), analysis)
    return render(picked, citer)
