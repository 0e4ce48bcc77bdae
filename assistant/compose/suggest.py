"""Draft improvement plans: a council's shortfalls on one quality statement, what good looks like for
each (LGA good-practice bullets), examples from councils that scored higher, and editable actions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from assistant.compose.actions import (
    BACKLOG,
    TIMELY,
    best_unused,
    derive_action,
    figure_of,
    is_practice,
    match_by_meaning,
)
from assistant.compose.cues import SHORTFALL_CUES, STRONG_SHORTFALL, is_shortfall
from assistant.compose.rank import ANAPHOR
from assistant.compose.shape import looks_like_table
from assistant.compose.shortfalls import BOILERPLATE, on_statement
from assistant.domain.councils import CouncilMatcher
from assistant.domain.taxonomy import SCORE_WORDINGS, STATEMENT_NAMES, match_statement_heading, theme_of
from assistant.errors import BadInputError, NotFoundError
from assistant.evidence.citations import Citer, DocCache, clean
from assistant.evidence.text import sentence_spans
from assistant.models.answers import SuggestionItem, SuggestionPlan
from assistant.models.questions import Passage, QuestionAnalysis, QuestionKind
from assistant.models.records import Assessment, GoodPracticeItem, Section
from assistant.understand.lexicon import detect_statements
from assistant.understand.places import find_places
from assistant.understand.spelling import correct

MAX_ITEMS = 4
_SKIP_SECTIONS = re.compile(r"what people expect|local authority commitment", re.I)
_STRONG_SHORTFALL = STRONG_SHORTFALL


class SuggestCatalog(Protocol):
    """What suggestions need from the catalog."""

    def councils(self) -> list[str]: ...
    def assessment(self, council: str) -> tuple[str, Assessment] | None: ...
    def sections(self, doc_id: str) -> list[Section]: ...
    def good_practice(self, statement: str | None = None) -> list[tuple[str, GoodPracticeItem]]: ...


Search = Callable[[str, QuestionAnalysis], list[Passage]]


@dataclass
class Span:
    """A sentence of a document with the heading of the sub-section it sits in."""

    doc_id: str
    start: int
    end: int
    text: str
    subsection: str


def _sentences(doc_id: str, text: str, lo: int, hi: int, subsection: str) -> list[Span]:
    return [
        Span(doc_id, s, e, text[s:e], subsection)
        for s, e in sentence_spans(text, lo, hi, min_words=8)
        if text[s] not in "\"“'‘"
    ]


def statement_spans(docs: DocCache, catalog: SuggestCatalog, doc_id: str, statement: str) -> list[Span]:
    """Sentences of a report's section for a statement (key findings sub-sections), in document order."""
    text = docs.text(doc_id)
    sections = catalog.sections(doc_id)
    top = [s for s in sections if s.quality_statement == statement and s.role == "quality_statement"]
    if not top:
        return []
    root = top[0]
    subs = [
        s
        for s in sections
        if s.parent_id == root.id or (s.quality_statement == statement and s.level > root.level)
    ]
    out: list[Span] = []
    cursor = root.body_start
    for sub in sorted(subs, key=lambda s: s.start):
        if sub.start > cursor:
            out += _sentences(doc_id, text, cursor, sub.start, root.heading)
        if not (_SKIP_SECTIONS.search(sub.heading) and sub.end - sub.body_start < 600):
            out += _sentences(doc_id, text, sub.body_start, sub.end, sub.heading)
        cursor = max(cursor, sub.end)
    if cursor < root.end:
        out += _sentences(doc_id, text, cursor, root.end, root.heading)
    return [s for s in out if not re.match(r"(?i)(indicative )?score\b|\d - evidence", s.text)]


def resolve(catalog: SuggestCatalog, council: str, statement: str) -> tuple[str, str]:
    """Canonical council and statement names from user input (NotFoundError / BadInputError)."""
    loaded = catalog.councils()
    found = CouncilMatcher(loaded).find(council) or [c for c in loaded if c.lower() == council.lower()] or (
        find_places(council, loaded).loaded)  # the register's names and spellings ("Bradford"), as questions use
    if not found:
        raise NotFoundError(f"council not loaded: {council!r} (loaded: {', '.join(loaded) or 'none'})")
    st = match_statement_heading(statement) or next(iter(detect_statements(statement)), None) or next(
        iter(detect_statements(correct(statement)[0])), None)  # "safegaurding", as questions are read
    if st is None or st not in STATEMENT_NAMES:
        raise BadInputError(
            f"unknown quality statement: {statement!r} (one of: {'; '.join(STATEMENT_NAMES)})"
        )
    return found[0], st


def _join_anaphora(spans: list[Span], text_of: Callable[[str], str]) -> list[Span]:
    """Spans with a following 'This stood at over 600...' sentence joined to the one it refers to (once)."""
    out: list[Span] = []
    joined = False
    for sp in spans:
        prev = out[-1] if out else None
        text = text_of(sp.doc_id)
        if (prev is not None and not joined and ANAPHOR.match(sp.text) and not ANAPHOR.match(prev.text)
                and prev.doc_id == sp.doc_id and prev.end <= sp.start and not text[prev.end : sp.start].strip()):
            out[-1] = Span(prev.doc_id, prev.start, sp.end, text[prev.start : sp.end], prev.subsection)
            joined = True
        else:
            out.append(sp)
            joined = False
    return out


def _backlog(text: str) -> bool:
    """A backlog or wait with its size: the shortfalls a plan should take first."""
    return figure_of(text) is not None and BACKLOG.search(text) is not None


def _strength(text: str) -> int:
    return len(_STRONG_SHORTFALL.findall(text)) * 2 + len(SHORTFALL_CUES.findall(text))


def _shortfalls(spans: list[Span], docs: DocCache) -> list[Span]:
    """The council's shortfalls: those with figures (backlogs, waits) first, one per sub-section while
    there are enough, no two saying the same thing."""
    chosen = sorted((s for s in spans if is_shortfall(s.text)),
                    key=lambda s: (not _backlog(s.text), figure_of(s.text) is None, -_strength(s.text), s.start))
    picked: list[Span] = []
    for s in chosen:
        if sum(1 for p in picked if p.subsection == s.subsection) >= 1 and len(chosen) > MAX_ITEMS:
            continue
        meaning = docs.meaning
        if picked and meaning is not None and meaning.pairwise([s.text], [p.text for p in picked]).max() > 0.85:
            continue
        picked.append(s)
        if len(picked) == MAX_ITEMS:
            break
    return picked


def suggest_plan(
    catalog: SuggestCatalog, docs: DocCache, search: Search, council: str, statement: str
) -> SuggestionPlan:
    """Build the cited improvement plan for one council and quality statement."""
    council, statement = resolve(catalog, council, statement)
    citer = Citer(docs)
    hit = catalog.assessment(council)
    score_n: list[int] = []
    current = wording = None
    indicative = False
    own: list[Span] = []
    if hit is not None:
        doc_id, a = hit
        indicative = a.indicative
        s = next((x for x in a.scores if x.statement == statement), None)
        if s is not None:
            current, wording = s.score, s.wording or SCORE_WORDINGS.get(s.score)
            score_n = [citer.cite(doc_id, s.start, s.end)]
        own = statement_spans(docs, catalog, doc_id, statement)
    if not own:
        probe = QuestionAnalysis(
            question=f"{statement} areas for improvement",
            standalone=f"{statement} areas for improvement shortfalls",
            kind=QuestionKind.IMPROVEMENT,
            councils=[council],
            statements=[statement],
        )
        named: list[Span] = []  # no report section: the council's sentences and plan rows on this statement
        for p in search(probe.standalone, probe):
            if p.council != council or p.quality_statement not in (None, statement):
                continue
            for sp in _sentences(p.doc_id, docs.text(p.doc_id), p.start, p.end, " > ".join(p.heading_path[-1:])):
                if (at := on_statement(sp.text, statement)) is not None:
                    cut = Span(sp.doc_id, sp.start + at[0], sp.start + at[1], sp.text[at[0] : at[1]], sp.subsection)
                    (named if at[2] else own).append(cut)
        own = named + own  # those naming the statement first
    shortfalls = _shortfalls(_join_anaphora(own, docs.text), docs)
    practice = catalog.good_practice(statement)
    peers: list[tuple[str, str, int, int, int, list[Span]]] = []  # name, doc, score, start, end, practices
    for other in catalog.councils():
        oh = catalog.assessment(other) if other != council else None
        os_ = next((x for x in oh[1].scores if x.statement == statement), None) if oh else None
        if oh is None or os_ is None or os_.score < 3 or (current is not None and os_.score <= current):
            continue
        spans = [sp for sp in statement_spans(docs, catalog, oh[0], statement)  # a score-table row is no practice
                 if not is_shortfall(sp.text) and is_practice(sp.text) and not looks_like_table(sp.text)
                 and not BOILERPLATE.search(sp.text)]  # nor the rating announced or CQC's duty described
        if spans:
            peers.append((other, oh[0], os_.score, os_.start, os_.end, spans))
    sf_texts = [sf.text for sf in shortfalls]
    gp_texts = [f"{g.subsection or ''} {g.label}: {g.text}" for _, g in practice]
    gp_scores = match_by_meaning(docs, sf_texts, gp_texts)
    for i, sf in enumerate(shortfalls):  # a backlog or wait is met by practice on timeliness
        if BACKLOG.search(sf.text):
            gp_scores[i] = [v + (0.1 if TIMELY.search(t) else 0.0) for v, t in zip(gp_scores[i], gp_texts, strict=True)]
    peer_scores = [match_by_meaning(docs, sf_texts, [sp.text for sp in spans]) for *_, spans in peers]
    used_gp: set[int] = set()
    used_peer: set[tuple[int, int]] = set()
    items: list[SuggestionItem] = []
    for i, sf in enumerate(shortfalls):
        sf_n = citer.cite(sf.doc_id, sf.start, sf.end)
        ranked = [practice[j] for j in best_unused(gp_scores[i], used_gp, 2, 0.0)]
        used_gp |= {j for j, t in enumerate(practice) if t in ranked}
        gp_text = [
            f"{clean(g.label)}: {clean(g.text[len(g.label) :].lstrip(' :'))}"
            if g.text.startswith(g.label)
            else clean(g.text)
            for _, g in ranked
        ]
        gp_ns = [citer.cite(d, g.start, g.end) for d, g in ranked]
        peer_text: list[str] = []
        peer_ns: list[int] = []
        peer_refs: list[tuple[str, int]] = []
        for k, (name, pdoc, pscore, s0, s1, spans) in enumerate(peers):
            best = best_unused(peer_scores[k][i], {j for kk, j in used_peer if kk == k}, 1, 0.3)
            if not best or (k, best[0]) in used_peer:
                continue
            used_peer.add((k, best[0]))
            sp = spans[best[0]]
            score_ref = citer.cite(pdoc, s0, s1)
            peer_text.append(f"{name} (scored {pscore} [{score_ref}]): {clean(sp.text)}")
            peer_ns.append(citer.cite(pdoc, sp.start, sp.end))
            peer_refs.append((name, peer_ns[-1]))
        labels = [(clean(g.label), n) for (_, g), n in zip(ranked, gp_ns, strict=True)]
        items.append(
            SuggestionItem(
                shortfall=clean(sf.text),
                shortfall_citations=[sf_n],
                good_practice=gp_text,
                good_practice_citations=gp_ns,
                peer_examples=peer_text,
                peer_citations=peer_ns,
                draft_action=derive_action(clean(sf.text), labels[:1], peer_refs[:1], sf_n),
            )
        )
    plan = SuggestionPlan(
        council=council,
        statement=statement,
        theme=theme_of(statement),
        current_score=current,
        score_wording=wording,
        items=items,
        citations=list(citer.citations),
        markdown="",
    )
    plan.markdown = render_markdown(plan, score_n, indicative)
    return plan


def render_markdown(plan: SuggestionPlan, score_n: Sequence[int], indicative: bool) -> str:
    """The plan as markdown an improvement lead can edit."""
    lines = [f"# Draft improvement plan: {plan.council} — {plan.statement}", "", f"Theme: {plan.theme}"]
    if plan.current_score is not None:
        lines.append(
            f"Current {'indicative ' if indicative else ''}score: {plan.current_score} - "
            f"{plan.score_wording} {''.join(f'[{n}]' for n in score_n)}"
        )
    else:
        lines.append("Current score: no CQC score for this statement in the loaded documents.")
    if not plan.items:
        lines += ["", "No shortfalls for this statement were found in the loaded documents."]
    for i, item in enumerate(plan.items, 1):
        lines += ["", f"## {i}. Shortfall", "", f"{item.shortfall} [{item.shortfall_citations[0]}]", ""]
        if item.good_practice:
            lines.append("**What good looks like**")
            lines += [
                f"- {t} [{n}]" for t, n in zip(item.good_practice, item.good_practice_citations, strict=True)
            ]
            lines.append("")
        if item.peer_examples:
            lines.append("**Examples from councils that scored higher**")
            lines += [f"- {t} [{n}]" for t, n in zip(item.peer_examples, item.peer_citations, strict=True)]
            lines.append("")
        lines += ["**Draft action (edit me)**", "", f"- [ ] {item.draft_action}"]
    lines += ["", "## Sources", ""]
    for c in plan.citations:
        lines.append(f'[{c.n}] {c.title} — {c.section}: "{clean(c.quote)[:300]}"')
    return "\n".join(lines) + "\n"
