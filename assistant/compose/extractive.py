"""Extractive composition: pick the retrieved sentences that answer the question and cite each one
(the sentences are scored in `assistant.compose.rank`).

Citations always quote the document's stored text exactly: ``quote == text[start:end]`` where the
offsets are the passage's start plus the sentence's offset inside the passage text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.compose.breadth import list_points
from assistant.compose.cues import is_shortfall
from assistant.compose.meaning import extend_lists, rerank_by_meaning, weigh_by_lean
from assistant.compose.rank import (
    ANAPHOR,
    EVIDENCE,
    Sentence,
    score_sentences,
)
from assistant.compose.shortfalls import asks_for_actions, is_planned
from assistant.compose.terms import asks_what_went_well, question_terms
from assistant.evidence.citations import Citer, DocCache, clean
from assistant.evidence.text import covers, term_set, tokenize
from assistant.models.questions import Passage, QuestionAnalysis, QuestionKind
from assistant.models.records import DocumentKind, GoodPracticeItem

NO_EVIDENCE = "I have no evidence for that in the loaded documents."
_KIND_NAMES = {
    DocumentKind.CQC_ASSESSMENT: "CQC assessments",
    DocumentKind.LGA_ANALYSIS: "the LGA analysis",
    DocumentKind.SELF_ASSESSMENT: "council self-assessments",
    DocumentKind.COUNCIL_DOCUMENT: "council reports",
}


def coverage_summary(docs: DocCache) -> str:
    """What the loaded documents cover: councils and document kinds."""
    councils = sorted({d.council for d in docs.records.values() if d.council})
    kinds = sorted({_KIND_NAMES.get(d.kind, str(d.kind)) for d in docs.records.values()})
    if not docs.records:
        return "No documents are loaded yet."
    return f"The loaded documents cover {', '.join(councils) or 'no specific council'} ({', '.join(kinds)})."


_ANAPHOR = ANAPHOR


def choose(sentences: list[Sentence], limit: int, per_passage: int = 2) -> list[Sentence]:
    """The best sentences, at most per_passage from one passage, without near-duplicates."""
    picked: list[Sentence] = []
    counts: dict[str, int] = {}
    points = 0  # picks that make a point of their own (a "This/It ..." continuation of a pick makes none)
    for s in sorted(sentences, key=lambda x: -x.score):
        if s.score <= 0 or s.coverage <= 0 or counts.get(s.passage.chunk_id, 0) >= per_passage:
            continue
        if any(abs(s.start - o.start) < 3 and s.passage.doc_id == o.passage.doc_id for o in picked):
            continue
        if any(s.passage.doc_id == o.passage.doc_id and s.start < o.end and o.start < s.end for o in picked):
            continue
        if any(" ".join(o.text.split()) == " ".join(s.text.split()) for o in picked):
            continue  # the same sentence repeated elsewhere (a page that quotes its own summary twice)
        picked.append(s)
        if not (_ANAPHOR.match(s.text) and any(_same_paragraph(o, s) for o in picked)):
            counts[s.passage.chunk_id] = counts.get(s.passage.chunk_id, 0) + 1  # a continuation is no new point
            points += 1
        if points >= limit or len(picked) >= 2 * limit:
            break
    return picked


def _same_paragraph(a: Sentence, b: Sentence) -> bool:
    """Whether b follows a directly in one paragraph (only spaces or one line break between them)."""
    p = a.passage
    gap = p.text[a.end - p.start : b.start - p.start]
    return a.end <= b.start and not gap.strip() and gap.count("\n") <= 1


def _gives_figure(s: Sentence, nxt: Sentence) -> bool:
    """Whether nxt gives the figure for a short claim s without one ("People waited too long for assessments.
    The median wait ... was 94 days"): the same paragraph, a word of s's subject, a number."""
    if len(s.text) > 160 or re.search(r"\d", s.text) or not re.search(r"\d", nxt.text) or len(nxt.text) > 300:
        return False
    return _same_paragraph(s, nxt) and bool(term_set(s.text) & term_set(nxt.text))


def extend_anaphora(picked: list[Sentence], all_sentences: list[Sentence], concrete: bool = False) -> list[Sentence]:
    """Join a sentence that opens with 'This/It/They...' to the one before it, and take in a following
    sentence that does (with `concrete`, one that gives a short claim its figure), so each cited span reads on
    its own."""
    by_passage: dict[str, list[Sentence]] = {}
    for s in all_sentences:
        by_passage.setdefault(s.passage.chunk_id, []).append(s)
    out: list[Sentence] = []
    for s in picked:
        seq = by_passage.get(s.passage.chunk_id, [])
        idx = next((i for i, o in enumerate(seq) if o.start == s.start), None)
        start, end = s.start, s.end
        if idx is not None:
            if _ANAPHOR.match(s.text) and idx > 0 and _same_paragraph(seq[idx - 1], s):
                start = seq[idx - 1].start
            nxt = seq[idx + 1] if idx + 1 < len(seq) else None
            if nxt is not None and (((_ANAPHOR.match(nxt.text) or EVIDENCE.match(nxt.text)) and len(s.text) < 400
                                    and _same_paragraph(s, nxt)) or (concrete and _gives_figure(s, nxt))):
                end = nxt.end
        p = s.passage
        if any(o.passage.doc_id == p.doc_id and o.start < end and start < o.end for o in out):
            continue
        out.append(
            Sentence(p, s.rank, start, end, p.text[start - p.start : end - p.start], s.score, s.coverage)
        )
    return out


def order_for_answer(picked: list[Sentence], analysis: QuestionAnalysis) -> list[Sentence]:
    """Group by document in the order of first appearance, document order within, but the best
    sentence first; for improvement questions the shortfalls first, then what works."""
    doc_order = list(dict.fromkeys(s.passage.doc_id for s in picked))
    grouped = analysis.kind == QuestionKind.IMPROVEMENT
    # moving a sentence could part an anaphor ("This ...") from the sentence before it
    best = None if grouped or not picked else max(picked, key=lambda s: s.score)
    if best is not None and any(
        _ANAPHOR.match(s.text) and s.passage.doc_id == best.passage.doc_id and s.start >= best.start for s in picked
    ):
        best = None  # moving it would part an anaphor ("This ...") from the sentence before it

    if asks_for_actions(analysis.question) and analysis.kind in (QuestionKind.IMPROVEMENT, QuestionKind.FINDING):
        planned = [s for s in picked if is_planned(s.text, " ".join(s.passage.heading_path[-1:]))]
        # spans that state the plan themselves ("we will:", a list) before those only under a plans heading
        planned.sort(key=lambda s: (not is_planned(s.text), -s.score))
        return planned + [s for s in picked if s not in planned]
    if grouped:
        shortfalls = [s for s in picked if is_shortfall(s.text)]
        rest = [s for s in picked if not is_shortfall(s.text)]
        lead = max(shortfalls, key=lambda s: s.score, default=None)
        shortfalls.sort(key=lambda s: (s is not lead, doc_order.index(s.passage.doc_id), s.start))
        return shortfalls + sorted(rest, key=lambda s: (doc_order.index(s.passage.doc_id), s.start))

    def key(s: Sentence) -> tuple[int, bool, int]:
        return doc_order.index(s.passage.doc_id), s is not best, s.start

    if best is not None:  # the best sentence's document first
        doc_order.remove(best.passage.doc_id)
        doc_order.insert(0, best.passage.doc_id)
    return sorted(picked, key=key)


def finish(body: str) -> str:
    """A shown sentence with one closing full stop (not ';.' or ':.')."""
    body = body.rstrip(" ;,:–-")
    return body if re.search(r"[.!?][\"”’')]*$", body) else body + "."


def render(sentences: Sequence[Sentence], citer: Citer, prefix: str = "") -> list[str]:
    """One answer sentence per chosen sentence, each ending with its citation mark."""
    lines: list[str] = []
    for s in sentences:
        n = citer.cite(s.passage.doc_id, s.start, s.end, " > ".join(s.passage.heading_path))
        body = finish(clean(s.text))
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
    # the bullets' own publisher ("according to the LGA"): the source asked for, not the topic
    "lga",
}


_TOPIC_IDF = 1.6


def bullet_text(item: GoodPracticeItem) -> str:
    """A good-practice bullet as it is embedded for ranking by meaning ("Label: text")."""
    return f"{item.label}: {item.text}"


def compose_good_practice(
    analysis: QuestionAnalysis,
    items: Sequence[tuple[str, GoodPracticeItem]],
    docs: DocCache,
    citer: Citer,
    limit: int = 5,
    whole: int = 12,
) -> list[str]:
    """Good-practice bullets of the statement asked about, those matching the question's topic first (at most
    limit); a statement asked about as a whole gives up to `whole` of its bullets in the analysis's order."""
    if not items:
        return []
    statement_terms = {t for st in analysis.statements for t in tokenize(st)}
    # a word in most documents ("services") names no topic: left alone, the statement's bullets are the answer
    terms = [t for t in question_terms(analysis)
             if t not in _GP_GENERIC and t not in statement_terms and docs.idf(t) >= _TOPIC_IDF]
    weights = {t: docs.idf(t) for t in terms}
    scored: list[tuple[float, int, str, GoodPracticeItem]] = []
    for i, (doc_id, item) in enumerate(items):
        body = term_set(f"{item.subsection or ''} {item.label} {item.text}")
        label = term_set(item.label)  # a bullet labelled with the topic ("Coproduction: ...") is about it
        scored.append((sum(w * (1.5 if covers(t, label) else 1.0) for t, w in weights.items() if covers(t, body)),
                       i, doc_id, item))
    best = max(s for s, *_ in scored)
    if weights and best > 0:
        chosen = [t for t in sorted(scored, key=lambda t: (-t[0], t[1])) if t[0] >= 0.5 * best][:limit]
    elif any(docs.df.get(t, 0) > 0 and docs.idf(t) >= 2.0 for t in weights):
        return []  # the question's topic is in the documents but in none of these bullets: retrieve instead
    else:
        chosen = scored[:whole]  # the statement in general: its bullets in the analysis's order
    if weights and best > 0 and docs.meaning is not None and len(chosen) > 1:
        sims = docs.meaning.similarities(analysis.question, [bullet_text(c[3]) for c in chosen])
        chosen = [c for _, c in sorted(zip(sims, chosen, strict=True), key=lambda t: -(t[1][0] / best + t[0]))]
    lines: list[str] = []
    for _, _, doc_id, item in chosen:  # the best match first
        n = citer.cite(doc_id, item.start, item.end)
        lines.append(f"{finish(clean(item.text))} [{n}]")
    return lines


def compose_extractive(
    analysis: QuestionAnalysis, passages: Sequence[Passage], docs: DocCache, citer: Citer, limit: int = 4
) -> list[str]:
    """Answer sentences for a retrieval question (may be empty when nothing scores)."""
    scored = score_sentences(analysis, passages, docs)
    if analysis.kind in (QuestionKind.GOOD_PRACTICE, QuestionKind.IMPROVEMENT) or asks_what_went_well(analysis):
        limit = max(limit, 5)  # shortfalls and strengths are many short points
        scored = weigh_by_lean(scored, docs, towards_shortfall=analysis.kind == QuestionKind.IMPROVEMENT)
    scored = rerank_by_meaning(analysis, scored, docs)
    # a short document (a press release, a committee paper, an action plan) states its shortfalls in one passage
    picked = choose(scored, limit, per_passage=4 if analysis.kind == QuestionKind.IMPROVEMENT else 2)
    if picked:
        top_score = max(s.score for s in picked)
        top_cov = max(s.coverage for s in picked)
        picked = [s for s in picked if s.score >= 0.35 * top_score and s.coverage >= min(0.25, 0.5 * top_cov)]
    picked = list_points(analysis, picked, docs)  # a list question: the council's further stated points
    concrete = analysis.kind == QuestionKind.IMPROVEMENT or asks_what_went_well(analysis)
    picked = order_for_answer(extend_lists(extend_anaphora(picked, scored, concrete), docs), analysis)
    return render(picked, citer)
