"""Breadth of a list answer: "what does X need to improve (on Y)", "where is X falling short", "what is X doing
well" ask for the council's list, not its single best sentence. The extra points come from the whole of the
council's own documents (report, self-assessment, scrutiny paper, news), so a shortfall stated in a summary, a
"next steps" list or an improvement plan counts beside the statement's own section; a point outside any
statement section is matched to the named statement by meaning. Each extra point is itself a stated shortfall
(or practice) of that council, never padding: cue words and the meaning lean must agree, and near-repeats are
dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.compose.cues import POSITIVE_CUES, STRONG_CUES, is_shortfall
from assistant.compose.leaning import leanings
from assistant.compose.meaning import as_embedded
from assistant.compose.practice import practice_factor, quoted_reaction
from assistant.compose.rank import Sentence
from assistant.compose.shortfalls import (
    PLANNED,
    SCORE_LINE,
    asks_for_actions,
    describes_itself,
    is_boilerplate,
    row_cells,
    row_states_finding,
)
from assistant.compose.terms import asks_what_went_well, question_terms, topic_is_statement
from assistant.domain.caseblind import lowered
from assistant.evidence.citations import DocCache
from assistant.evidence.facts import chunk_passage
from assistant.evidence.text import sentence_spans
from assistant.models.questions import QuestionAnalysis, QuestionKind

FLOOR, CEILING = 3, 6  # distinct points a list answer gives when the council's documents state that many
_SAME = 0.85  # similarity above which two points say the same thing
_ENOUGH = 2  # points that make a list without the picks that read the other way
_CLEAR = 0.15  # a lean by meaning alone that states a shortfall without the cue words
_PRACTICE = 1.3  # practice_factor of a named practice with its effect: a place described is no practice
# what each quality statement is about, in the framework's own terms: a point outside a statement section (a
# summary, a recommendations list, a plan row, a news story) belongs to the statement it is nearest to
ABOUT: dict[str, str] = {
    "Assessing needs": "assessments and reviews of people's care and support needs, waiting lists for assessments "
    "and reviews, carers' assessments, occupational therapy assessments, caseloads",
    "Supporting people to live healthier lives": "prevention and early help, reablement and intermediate care, "
    "equipment and home adaptations, information and advice, direct payments, staying independent",
    "Equity in experience and outcomes": "inequalities in outcomes, diverse communities and seldom-heard groups, "
    "interpreting and information in other languages or easy read, recording ethnicity, accessibility",
    "Care provision, integration and continuity": "home care and care home capacity, market shaping and "
    "commissioning, placements out of area, provider quality and fees, nursing and dementia care",
    "Partnerships and communities": "partnerships with the NHS and the voluntary and community sector, "
    "integrated teams, community groups and hubs, pooled budgets",
    "Safe pathways, systems and transitions": "hospital discharge, young people moving from children's to "
    "adult services, transition planning, moving between services and teams",
    "Safeguarding": "safeguarding concerns and enquiries, Deprivation of Liberty Safeguards applications, "
    "safeguarding adults reviews, keeping people safe from abuse",
    "Governance, management and sustainability": "leadership oversight, performance data and risk, budgets and "
    "overspends, quality assurance of practice, workforce plans and recruitment, strategy",
    "Learning, improvement and innovation": "learning culture and training, innovation and technology, "
    "co-production with people with lived experience, improvement from feedback",
}
ABOUT_TEXTS = [f"{name}: {about}" for name, about in ABOUT.items()]  # embedded as such: saved with the index


def _sentences(docs: DocCache, council: str) -> list[Sentence]:
    """Every sentence of the council's documents, once each, in document order, on the chunk that holds it."""
    out: list[Sentence] = []
    seen: set[tuple[str, int]] = set()
    for doc_id, rec in docs.records.items():
        if rec.council != council:
            continue
        for c in sorted(docs.chunks_over(doc_id, 0, len(docs.text(doc_id))), key=lambda c: c.start):
            p = chunk_passage(docs, c, 0.0)
            for a, b in sentence_spans(p.text):
                if (doc_id, p.start + a) not in seen:
                    seen.add((doc_id, p.start + a))
                    out.append(Sentence(p, 0, p.start + a, p.start + b, p.text[a:b]))
    return out


def _candidate(s: Sentence) -> bool:
    """Whether a sentence can state a point at all: not a score line, CQC's method, the place described, a
    document describing itself, a planned action, someone's quoted reaction or a table row without a cell that
    reads as a sentence."""
    text = s.text
    if is_boilerplate(text) or SCORE_LINE.search(text) or describes_itself(text):
        return False
    if practice_factor(text) <= 0.1:
        return False  # the place described, the report's method, a plan or a score line
    if row_cells(text) and not row_states_finding(text):
        return False  # a header row or a row of figures
    return not (PLANNED.match(text.lstrip("-•* ")) or quoted_reaction(s.passage.text[: s.start - s.passage.start],
                                                                        text))


def _stated(text: str, lean: float, shortfalls: bool) -> bool:
    """Whether a sentence states a shortfall (or a practice): its cue words and its meaning agree, or its meaning
    alone leans clearly that way in a whole sentence ("performance data had been unreliable")."""
    signed = lean if shortfalls else -lean
    if signed <= 0:
        return False
    if not shortfalls:  # a practice named with what it does ("the navigator scheme helped 2,300 people")
        return not is_shortfall(text) and practice_factor(text) >= _PRACTICE
    # by meaning alone: a whole sentence (no heading, no table row) with no word of progress ("improved outcomes")
    whole = text.rstrip().endswith((".", "!")) and not row_cells(text) and not POSITIVE_CUES.search(text, lowered(text))
    return is_shortfall(text) or (whole and signed >= _CLEAR)


def statement_of(docs: DocCache, texts: Sequence[str]) -> list[str | None]:
    """The quality statement each text is nearest to by meaning (None without the embedding model)."""
    if docs.meaning is None or not texts:
        return [None] * len(texts)
    names = list(ABOUT)
    sims = docs.meaning.pairwise(list(texts), ABOUT_TEXTS)
    return [names[int(row.argmax())] for row in sims]


def council_points(docs: DocCache, council: str, statements: Sequence[str], shortfalls: bool,
                   taken: Sequence[Sentence] = ()) -> list[Sentence]:
    """The council's stated shortfalls (or practices), strongest first, on the named statements when any (a
    statement section's own, or nearest by meaning outside every statement section), none repeating `taken`."""
    found = [s for s in _sentences(docs, council) if _candidate(s)
             and (not statements or s.passage.quality_statement in (None, *statements))]
    if docs.meaning is None or not found:
        return []  # without meaning, cue words alone would let padding in
    leans = leanings(docs.meaning, [as_embedded(s) for s in found])
    kept = [(s, lean) for s, lean in zip(found, leans, strict=True) if _stated(s.text, lean, shortfalls)]
    found, leans = [s for s, _ in kept], [lean for _, lean in kept]
    loose = [s for s in found if s.passage.quality_statement is None]
    nearest = dict(zip((id(s) for s in loose), statement_of(docs, [as_embedded(s) for s in loose]), strict=True))
    ranked: list[tuple[float, Sentence]] = []
    for s, lean in zip(found, leans, strict=True):
        signed = lean if shortfalls else -lean
        if statements and s.passage.quality_statement is None and nearest.get(id(s)) not in statements:
            continue
        strength = signed + 0.02 * (STRONG_CUES.count(s.text, lowered(s.text)) if shortfalls else 0)
        ranked.append((strength, s))
    ranked.sort(key=lambda t: -t[0])
    out: list[Sentence] = []
    for strength, s in ranked:
        if _overlaps(s, [*taken, *out]) or _repeats(docs, s, [*taken, *out]):
            continue
        out.append(Sentence(s.passage, 0, s.start, s.end, s.text, strength, 1.0))
        if len(out) >= CEILING:
            break
    return out


def _overlaps(s: Sentence, others: Sequence[Sentence]) -> bool:
    return any(o.passage.doc_id == s.passage.doc_id and o.start < s.end and s.start < o.end for o in others)


def _repeats(docs: DocCache, s: Sentence, others: Sequence[Sentence]) -> bool:
    """Whether a point says what one already chosen says (the same words, or by meaning)."""
    if not others:
        return False
    if any(" ".join(o.text.split()) == " ".join(s.text.split()) for o in others):
        return True
    meaning = docs.meaning
    return meaning is not None and float(meaning.pairwise([s.text], [o.text for o in others]).max()) > _SAME


def points(picked: Sequence[Sentence]) -> int:
    """How many distinct points a pick makes (one per document span)."""
    return len({(s.passage.doc_id, s.start) for s in picked})


def top_up(picked: list[Sentence], docs: DocCache, council: str, statements: Sequence[str],
           shortfalls: bool) -> list[Sentence]:
    """A list answer's picks with the council's further stated points added, strongest first, until it makes
    FLOOR points (never past CEILING; none when the documents state no more)."""
    if points(picked) >= FLOOR:
        return picked
    extra = council_points(docs, council, statements, shortfalls, taken=picked)
    return picked + extra[: max(0, min(FLOOR, CEILING) - points(picked))]


def asks_for_list(analysis: QuestionAnalysis) -> bool:
    """Whether a question asks one council's list of shortfalls or practices, at large or on a statement named
    as the whole topic ("where is X falling short", "X's weak spots on safeguarding", "what is X good at")."""
    wanted = analysis.kind == QuestionKind.IMPROVEMENT or asks_what_went_well(analysis)
    if not wanted or len(analysis.councils) != 1 or asks_for_actions(analysis.question):
        return False
    return not question_terms(analysis) or topic_is_statement(analysis)


def _opposite(text: str, lean: float, shortfalls: bool) -> bool:
    """Whether a sentence reads, by its words and by its meaning alike, as the other way: a strength in a
    shortfall list ("cleared its waiting list"), a shortfall in a list of practices."""
    return (not is_shortfall(text) and lean <= 0) if shortfalls else (is_shortfall(text) and lean > 0)


def list_points(analysis: QuestionAnalysis, picked: list[Sentence], docs: DocCache) -> list[Sentence]:
    """The picks of a list question less those that read the other way (when _ENOUGH points remain), topped up
    with the council's further stated points to FLOOR."""
    if not asks_for_list(analysis):
        return picked
    shortfalls = analysis.kind == QuestionKind.IMPROVEMENT
    council, statements = analysis.councils[0], analysis.statements[:2]
    if docs.meaning is not None and picked:
        leans = leanings(docs.meaning, [as_embedded(s) for s in picked])
        kept = [s for s, lean in zip(picked, leans, strict=True) if not _opposite(s.text, lean, shortfalls)]
        kept = top_up(kept, docs, council, statements, shortfalls)
        if points(kept) >= _ENOUGH:
            return kept
    return top_up(picked, docs, council, statements, shortfalls)
