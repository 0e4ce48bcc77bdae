"""Draft improvement plans: a council's shortfalls on one quality statement, what good looks like for
each (LGA good-practice bullets), examples from councils that scored higher, and editable actions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from assistant.compose.rank import SHORTFALL_CUES, STRONG_SHORTFALL
from assistant.domain.councils import CouncilMatcher
from assistant.domain.taxonomy import SCORE_WORDINGS, STATEMENT_NAMES, match_statement_heading, theme_of
from assistant.errors import BadInputError, NotFoundError
from assistant.evidence.citations import Citer, DocCache, clean
from assistant.evidence.text import sentence_spans, tokenize
from assistant.models.answers import SuggestionItem, SuggestionPlan
from assistant.models.questions import Passage, QuestionAnalysis, QuestionKind
from assistant.models.records import Assessment, GoodPracticeItem, Section
from assistant.understand.lexicon import detect_statements

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


def _terms(text: str) -> set[str]:
    return {t for t in tokenize(text) if len(t) > 2}


def _similarity(docs: DocCache, a: str, b: str, sub_a: str = "", sub_b: str = "") -> float:
    ta, tb = _terms(a), _terms(b)
    if not ta or not tb:
        return 0.0
    shared = sum(docs.idf(t) for t in ta & tb)
    norm = math.sqrt(sum(docs.idf(t) for t in ta) * sum(docs.idf(t) for t in tb))
    sa, sb = _terms(sub_a), _terms(sub_b)
    bonus = 0.4 if sa and sb and len(sa & sb) / len(sa | sb) >= 0.5 else 0.0
    return shared / norm + bonus


def resolve(catalog: SuggestCatalog, council: str, statement: str) -> tuple[str, str]:
    """Canonical council and statement names from user input (NotFoundError / BadInputError)."""
    loaded = catalog.councils()
    found = CouncilMatcher(loaded).find(council) or [c for c in loaded if c.lower() == council.lower()]
    if not found:
        raise NotFoundError(f"council not loaded: {council!r} (loaded: {', '.join(loaded) or 'none'})")
    st = match_statement_heading(statement) or next(iter(detect_statements(statement)), None)
    if st is None or st not in STATEMENT_NAMES:
        raise BadInputError(
            f"unknown quality statement: {statement!r} (one of: {'; '.join(STATEMENT_NAMES)})"
        )
    return found[0], st


def _shortfalls(spans: list[Span]) -> list[Span]:
    scored = [
        (len(_STRONG_SHORTFALL.findall(s.text)) * 2 + len(SHORTFALL_CUES.findall(s.text)), s) for s in spans
    ]
    chosen = [s for score, s in sorted(scored, key=lambda t: -t[0]) if score >= 2]
    picked: list[Span] = []
    for s in chosen:
        if sum(1 for p in picked if p.subsection == s.subsection) >= 1 and len(chosen) > MAX_ITEMS:
            continue
        picked.append(s)
        if len(picked) == MAX_ITEMS:
            break
    return sorted(picked, key=lambda s: s.start)


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
        for p in search(probe.standalone, probe):
            if p.council == council:
                own += _sentences(
                    p.doc_id, docs.text(p.doc_id), p.start, p.end, " > ".join(p.heading_path[-1:])
                )
    shortfalls = _shortfalls(own)
    practice = catalog.good_practice(statement)
    peers: list[tuple[str, str, int, list[Span]]] = []
    for other in catalog.councils():
        if other == council:
            continue
        oh = catalog.assessment(other)
        if oh is None:
            continue
        os_ = next((x for x in oh[1].scores if x.statement == statement), None)
        if os_ is not None and (current is None or os_.score > current):
            spans = [
                sp
                for sp in statement_spans(docs, catalog, oh[0], statement)
                if not _STRONG_SHORTFALL.search(sp.text)
            ]
            peers.append((other, oh[0], os_.score, spans))
            citer.cite(oh[0], os_.start, os_.end)
    items: list[SuggestionItem] = []
    for sf in shortfalls:
        sf_n = citer.cite(sf.doc_id, sf.start, sf.end)
        ranked = sorted(
            practice,
            key=lambda t: -_similarity(docs, sf.text, t[1].text, sf.subsection, t[1].subsection or ""),
        )[:2]
        gp_text = [
            f"{clean(g.label)}: {clean(g.text[len(g.label) :].lstrip(' :'))}"
            if g.text.startswith(g.label)
            else clean(g.text)
            for _, g in ranked
        ]
        gp_ns = [citer.cite(d, g.start, g.end) for d, g in ranked]
        peer_text: list[str] = []
        peer_ns: list[int] = []
        for name, pdoc, pscore, spans in peers:
            best = max(
                spans,
                key=lambda sp: _similarity(docs, sf.text, sp.text, sf.subsection, sp.subsection),
                default=None,
            )
            if best is not None and _similarity(docs, sf.text, best.text) > 0.05:
                peer_text.append(f"{name} (scored {pscore}): {clean(best.text)}")
                peer_ns.append(citer.cite(pdoc, best.start, best.end))
        label = clean(ranked[0][1].label) if ranked else "a targeted improvement"
        action = (
            f"Put in place {label[0].lower() + label[1:]} to address this shortfall"
            f"{' (see ' + ', '.join(f'[{n}]' for n in gp_ns) + ')' if gp_ns else ''}"
            f"{', learning from ' + ' and '.join(t.split(' (')[0] for t in peer_text) if peer_text else ''}"
            f"; set an owner, a measurable target and a review date [{sf_n}]."
        )
        items.append(
            SuggestionItem(
                shortfall=clean(sf.text),
                shortfall_citations=[sf_n],
                good_practice=gp_text,
                good_practice_citations=gp_ns,
                peer_examples=peer_text,
                peer_citations=peer_ns,
                draft_action=action,
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
