"""The first step of extractive composition: the question's content terms, every candidate sentence of the
retrieved passages scored against them (IDF-weighted term coverage, figures, statement match, retrieval
rank, shortfall cues for improvement questions), and how strongly the best passages support the question
at all (below the refusal threshold the answer is a refusal). `assistant.compose.extractive` picks, orders and cites
the sentences scored here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.compose.columns import column_heading, is_header_row
from assistant.compose.cues import (
    POSITIVE,
    is_shortfall,
    speakers_asked,
    speech_bonus,
)
from assistant.compose.measures import RATE, RATE_ASK, wanted_measure
from assistant.compose.narrative import line_statement, statement_before
from assistant.compose.practice import (
    gap_heading_factor,
    gaps_heading,
    heading_factor,
    practice_factor,
    quoted_reaction,
)
from assistant.compose.shape import looks_like_navigation, looks_like_table, shape_factor
from assistant.compose.shortfalls import (
    ACTIONS,
    PLANNED,
    asks_for_actions,
    improvement_factor,
    is_boilerplate,
    row_statement,
    row_states_finding,
)
from assistant.compose.terms import asks_what_went_well, loaded_terms, question_terms
from assistant.domain.taxonomy import STATEMENTS, THEMES
from assistant.evidence.citations import DocCache
from assistant.evidence.text import FRAMEWORK_QUOTES, covers, sentence_spans, term_set
from assistant.evidence.widen import whole_sentences
from assistant.models.questions import Passage, QuestionAnalysis, QuestionKind
from assistant.models.records import DocumentKind

_FRAMEWORK_TERMS = term_set(" ".join([*THEMES, *(f"{q.name} {' '.join(q.variants)}" for q in STATEMENTS)]))
_RATING_ASKED = re.compile(r"\b(?:rat(?:ed|ing|ings)|scor\w*|overall|grade[ds]?|judge?ment|verdict|method\w*|"
                           r"how (?:does|did|do) (?:the )?(?:cqc|inspectors?) (?:assess|decide|work))\b", re.I)
_I_STATEMENT = re.compile(r"[“\"]?I (?:have|can|am|feel|know|get|receive|want)\b")  # the framework's "I" statements
_ABOUT = re.compile(r"\s*about (?!the (?:assessment|report|data|evidence)\b)", re.I)


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


def score_sentences(
    analysis: QuestionAnalysis, passages: Sequence[Passage], docs: DocCache
) -> list[Sentence]:
    """Every candidate sentence, scored by weighted term overlap, figures, rank and statement match."""
    terms = loaded_terms(analysis, docs)
    context_terms = [
        t
        for t in question_terms(analysis.model_copy(update={"question": analysis.standalone}))
        if t not in terms
    ]
    weights = {t: docs.weight(t) for t in terms}
    weights.update({t: 0.4 * docs.weight(t) for t in context_terms})
    total = sum(weights.values()) or 1.0
    measure = wanted_measure(analysis.question)
    wants_figure = measure is not None or bool(
        re.search(
            r"\b(average|number|figures?|budget|age|when|rates?|proportion|percentage|take-?up|uptake|share|"
            r"compare)\b",
            analysis.question,
            re.I,
        )
    )
    wants_action = asks_for_actions(analysis.question)
    wants_person = re.match(r"\s*(?:\w+\s+)?who\b", analysis.question, re.I) is not None
    asks_rating = _RATING_ASKED.search(analysis.standalone or analysis.question) is not None
    speakers = speakers_asked(analysis.question)  # "what did carers say...": their reported words
    improvement = analysis.kind == QuestionKind.IMPROVEMENT
    went_well = not improvement and asks_what_went_well(analysis)
    # a framework word ("the leadership side": a theme's or statement's own wording) is the statement's whole
    # section; a topic of its own ("hospital discharge") is found where it is stated
    framework = {t for t in weights if improvement and covers(t, _FRAMEWORK_TERMS)}
    # "where is X falling short?": no topic, so a search ranks nothing better; a shortfall counts wherever it sits
    decay = 0.03 if improvement and not analysis.statements and not weights else 0.15
    out: list[Sentence] = []
    for rank, cut in enumerate(passages):
        p = whole_sentences(cut, docs)
        hterms = term_set(" ".join(p.heading_path[-2:] if went_well else p.heading_path[-1:]))  # "X > What we do well"
        in_heading = {t for t in weights if covers(t, hterms)}
        # "...according to healthwatch", "...the peer challenge": a write-up's own name is its every sentence's source
        own_name = masthead(p.doc_id, docs) if improvement else frozenset()
        named_source = {t for t in weights if covers(t, own_name)} if own_name else set()
        about_area = any(_ABOUT.match(h) for h in p.heading_path)
        prev_text, prev_end = "", -1
        plans_heading = bool(p.heading_path) and ACTIONS.search(p.heading_path[-1]) is not None
        sentences = split_sentences(p, rank)
        # the statement a plain line of the passage (or above it in its section) names, as a heading would
        narrative = None if p.quality_statement or p.doc_id not in docs.records else statement_before(
            docs.text(p.doc_id), max((x for x in docs.section_starts(p.doc_id) if x <= p.start), default=0), p.start)
        for i, s in enumerate(sentences):
            narrative = line_statement(s.text) or narrative
            # a table row naming its statement in a cell ("Safeguarding | ...") is about that statement
            statement = row_statement(s.text) or narrative or p.quality_statement
            # an improvement question's theme word ("the leadership side") is the statement's section itself
            in_section = improvement and statement in analysis.statements
            # the statement's own words ("what's X got to fix on safeguarding") are what its whole section is about
            own = (improvement or went_well) and statement in analysis.statements
            section_terms = {t for t in weights if own and covers(t, statement_terms(statement or ""))}
            sterms, before = term_set(s.text), ""
            gap = p.text[prev_end - p.start : s.start - p.start] if prev_end >= 0 else "\n\n"
            if (ANAPHOR.match(s.text) or _CONTRAST.match(s.text)) and prev_text and gap.count("\n") <= 1:
                sterms = sterms | term_set(prev_text)  # "Its actual spend was...", "However, staff told us..."
                before = prev_text  # "...from carers was largely negative. They told us..."
            prev_text, prev_end = s.text, s.end
            # a term only in the heading counts half: every sentence under the heading shares it
            covered = sum(
                w if covers(t, sterms) or t in section_terms or t in named_source
                else 0.5 * w if t in in_heading or (in_section and t in framework) else 0.0
                for t, w in weights.items()
            )
            s.coverage = covered / total if weights else 1.0  # no topic: the council's passages at large
            score = s.coverage
            nxt = sentences[i + 1] if i + 1 < len(sentences) else None
            # "...waiting lists for reviews. Data shows there were 1454 overdue": the figure is the claim's
            # "...DoLS applications awaiting assessment. This stood at over 600": an anaphor carries it on too
            shown = f"{s.text} {nxt.text}" if nxt is not None and continues(p, s, nxt) else s.text
            carried = measure is not None and nxt is not None and ANAPHOR.match(nxt.text) is not None and (
                "\n" not in p.text[s.end - p.start : nxt.start - p.start])
            if measure is not None and measure.search(f"{shown} {nxt.text}" if carried and nxt else shown):
                score += 0.5  # the kind of figure asked for: a count, a sum, a share or a duration
            elif re.search(r"\d", shown):
                score += 0.15 if wants_figure and measure is None else 0.05  # "how many": not a percentage
            foreign = bool(analysis.councils) and p.council is not None and p.council not in analysis.councils
            if foreign:
                score *= 0.4  # another council's report, reached when the filters were relaxed
            score *= shape_factor(s.text)
            if analysis.statements and statement in analysis.statements:
                score += 0.1
            elif analysis.statements and statement:
                # a passage about another quality statement than the one asked about; with no topic of its own the
                # question asks about the statement as a whole, which another statement's findings never answer
                score *= 0.6 if weights else 0.1
            if looks_like_table(s.text) and not row_states_finding(s.text):
                score *= 0.3  # a flattened table row: figures without the sentence that explains them
            rec = docs.records.get(p.doc_id)
            if looks_like_navigation(s.text) or is_header_row(s.text) or (
                    rec is not None and s.text.strip(" .#") == rec.title):
                score *= 0.1  # a contents line, a link, or a title repeated as a "sentence"
            if wants_action and (PLANNED.search(s.text) or plans_heading):
                score += 0.3  # "To support carers we will:": what the council plans to do
            if wants_person and _PERSON.search(s.text):
                score += 0.2
            score += speech_bonus(s.text, speakers, before)
            # a flattened two-column table ("What we are proud of | What we need to improve"): its column's header
            # says what the cell is, as a heading would
            column = None if not (improvement or went_well) else column_heading(
                docs.text(p.doc_id), s.start) if p.doc_id in docs.records else column_heading(p.text, s.start - p.start)
            if improvement:
                stated = column is not None and gaps_heading(column)
                score *= improvement_factor(s.text, p.kind, bool(analysis.councils), wants_action, stated)
                score *= 0.2 if about_area else 1.0  # the place described ("About X"), not a finding on its care
            elif not asks_rating and is_boilerplate(s.text):
                score *= 0.3  # the rating announced, or CQC's method described: no finding on the topic asked
            if column is not None:
                score *= gap_heading_factor(column) if improvement else heading_factor(column)
            if went_well:
                score += 0.25 if POSITIVE.search(s.text) and not is_shortfall(s.text) else -0.1
                # a concrete practice, under a strengths heading, in the report's own voice
                score *= practice_factor(s.text) * heading_factor(" ".join(p.heading_path[-1:])) * (
                    0.3 if quoted_reaction(re.split(r"\n\s*\n", p.text[: s.start - p.start])[-1], s.text) else 1.0)
                # the rating announced is no strength, and a shortfall is the opposite of one
                score *= 0.0 if is_boilerplate(s.text) else 0.4 if is_shortfall(s.text) else 1.0
            if (p.heading_path and FRAMEWORK_QUOTES.search(p.heading_path[-1])) or _after_framework_label(p, s) or (
                p.kind == DocumentKind.CQC_ASSESSMENT and _I_STATEMENT.match(s.text)
            ):
                score *= 0.3  # the framework's own "I/We" statements, not findings
            if (improvement or went_well) and analysis.councils and p.council is None:
                score *= 0.5  # a document about no council (themes across councils) is no finding about this one
            # another council's shortfall or strength never answers what one council does well or badly
            score *= 0.0 if foreign and (improvement or went_well) else 1.0 / (1.0 + decay * rank)
            s.score = score
            out.append(s)
    return out


def masthead(doc_id: str, docs: DocCache) -> frozenset[str]:
    """The terms a third-party write-up names itself by (its title and opening lines: "Healthwatch Medway",
    "Adult social care peer challenge"); none for a CQC report, whose every title is alike."""
    rec = docs.records.get(doc_id)
    if rec is None or rec.kind == DocumentKind.CQC_ASSESSMENT:
        return frozenset()
    return frozenset(term_set(f"{rec.title} {docs.text(doc_id)[:200]}") - _FRAMEWORK_TERMS)


def _after_framework_label(p: Passage, s: Sentence) -> bool:
    """Whether a sentence is the paragraph under a 'What people expect:' or 'The local authority commitment:'
    label line (reports saved as plain text keep those labels as lines, not headings)."""
    parts = re.split(r"\n\s*\n", p.text[: s.start - p.start])
    label = parts[-2].strip() if len(parts) >= 2 else ""
    return label.endswith(":") and len(label) < 60 and FRAMEWORK_QUOTES.search(label) is not None


def evidence_strength(analysis: QuestionAnalysis, passages: Sequence[Passage], docs: DocCache) -> float:
    """How well the best passage supports the question: IDF-weighted term coverage blended with similarity."""
    if not passages:
        return 0.0
    terms = loaded_terms(analysis, docs)
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
    return 0.0 if rate_missing(analysis, passages) else best * (0.6 ** len(missing))


def rate_missing(analysis: QuestionAnalysis, passages: Sequence[Passage]) -> bool:
    """Whether a rate is asked ("what hourly rate does X pay?") that no top passage states: no evidence at all."""
    return RATE_ASK.search(analysis.question) is not None and not any(RATE.search(p.text) for p in passages[:5])


def holds_key_terms(analysis: QuestionAnalysis, passages: list[Passage], docs: DocCache, needed: float) -> bool:
    """Whether a top passage about the question's council holds most of its key terms (IDF-weighted)."""
    terms = loaded_terms(analysis, docs)
    if not analysis.councils or analysis.kind == QuestionKind.OUT_OF_SCOPE or rate_missing(analysis, passages):
        return False
    if not terms:  # "what good practice did CQC spot in X?": the council's own passages are the evidence
        return any(p.council in analysis.councils for p in passages[:5])
    weights = {t: docs.weight(t) for t in terms}
    total = sum(weights.values()) or 1.0
    for p in passages[:5]:
        if p.council not in analysis.councils:
            continue
        have = term_set(" ".join(p.heading_path) + " " + p.text)
        if sum(w for t, w in weights.items() if covers(t, have)) / total >= needed:
            return True
    return False


ANAPHOR = re.compile(
    r"^(?:This|These|That|Those|It|Its|They|Their|Such|He|She|Of these|\S+,? of (?:these|them|which))\b"
    r"|^(?:[\w,]+\s+){1,5}of (?:these|those|them)\b"  # "In September 2023, almost 250 of these had..."
)
# a sentence that gives the evidence for the one before it
EVIDENCE = re.compile(
    r"^(?:(?:National |Local |The )?(?:data|figures|evidence) (?:shows?|showed|indicated?)|For example)\b", re.I
)


def continues(p: Passage, s: Sentence, nxt: Sentence) -> bool:
    """Whether nxt gives the evidence for s in the same paragraph ("Data shows that there were 1454...")."""
    return EVIDENCE.match(nxt.text) is not None and "\n\n" not in p.text[s.end - p.start : nxt.start - p.start]


# a sentence that turns on the one before it ("However, staff told us...") is about the same subject
_CONTRAST = re.compile(r"^(?:However|But|Yet|Although|Nevertheless|Despite this)\b")
_STATEMENT_NAMES = {s.name: " ".join((s.name, *s.variants, *s.everyday)) for s in STATEMENTS}


def statement_terms(statement: str) -> frozenset[str]:
    """Terms of a statement's names, the everyday ones too ("prevention" for healthier lives)."""
    return term_set(_STATEMENT_NAMES.get(statement, statement))


_PERSON = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Professor|Sir|Dame|Cllr|Councillor)\.? [A-Z][a-z]+|\b[Dd]irector\b")
