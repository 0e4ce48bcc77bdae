"""The answering stage behind `assistant.service.Assistant`: an analysed question goes to the catalog (scores,
ratings, comparisons, rankings, arithmetic), to a comparison of facts council by council, to the LGA's good-practice
bullets or to extractive composition over retrieved passages (with the council's report section for improvement
questions), and is refused when out of scope or the evidence is too weak. No language model is involved."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.answers import dispatch
from assistant.answers.base import Structured
from assistant.answers.dates import asks_when_assessed
from assistant.answers.elsewhere import named_elsewhere
from assistant.answers.joined import join_answers
from assistant.answers.mentioned import mentioned
from assistant.answers.reasons import reasons_for_score
from assistant.answers.scores import none_stated, score_alone
from assistant.answers.summary import asks_for_summary
from assistant.compose.breadth import asks_for_list
from assistant.compose.compare_facts import compose_facts, council_queries, passages_by_council
from assistant.compose.cues import is_shortfall
from assistant.compose.extractive import NO_EVIDENCE, compose_extractive, compose_good_practice, coverage_summary
from assistant.compose.narrative import statement_passages
from assistant.compose.practice import strengths_heading
from assistant.compose.rank import evidence_strength, holds_key_terms
from assistant.compose.terms import (
    ADVICE,
    asks_good_practice,
    asks_what_went_well,
    question_terms,
    topic_is_statement,
    topic_read_as_statement,
)
from assistant.evidence.citations import Citer, DocCache, renumber
from assistant.evidence.facts import FactsCache, chunk_passage, span_passages
from assistant.models.answers import Answer
from assistant.models.questions import Passage, QuestionAnalysis, QuestionKind
from assistant.models.records import GoodPracticeItem
from assistant.retrieve.filters import own_councils
from assistant.settings import Settings
from assistant.understand.lexicon import statement_mentions, with_role_words

if TYPE_CHECKING:
    from assistant.catalog.documents import Catalog
    from assistant.retrieve.retriever import Retriever

_STRUCTURED_KINDS = {QuestionKind.SCORE, QuestionKind.RATING, QuestionKind.COMPARISON, QuestionKind.RANKING,
                     QuestionKind.ARITHMETIC}
_OOS_REASON = (
    "That is outside what the loaded documents cover: they are about councils' adult social care "
    "as assessed by CQC, not individual care services, children's services or general topics."
)

_NEGATION = re.compile(r"\b(no|not|none|never|without)\b", re.I)
_WHICH = re.compile(r"\b(which|who)\b|\b\w+ or \w+", re.I)
_SHORT_DOCUMENT = 40  # chunks: a document this short is read whole for "what does X need to improve?"
# a section a council's document gives to its shortfalls, whatever its layout ("AREAS FOR DEVELOPMENT")
_SHORTFALL_HEADING = re.compile(
    r"\bareas? (?:for|of) (?:development|improvement|consideration|concern)|\bnext steps\b|\brecommendations\b|"
    r"\bpriorities for improvement\b|\bwhat (?:needs|we need) to (?:improve|change)\b", re.I)


class AnswerPath:
    """The model-free answer for an analysed question: catalog facts, compared facts or cited sentences."""

    def __init__(
        self, settings: Settings, catalog: Catalog, retriever: Retriever, docs: DocCache, facts: FactsCache
    ) -> None:
        self.settings = settings
        self.catalog = catalog
        self.retriever = retriever
        self.docs = docs
        self.facts = facts
        self.structured = Structured(facts, docs, self.search)

    def search(self, query: str, analysis: QuestionAnalysis) -> list[Passage]:
        """Passages for a query, filtered by what the analysis names (a document deleted since the answer
        started keeps its text in the pinned snapshot; one gone from every snapshot drops its passages)."""
        return own_councils(self.docs.available(self.retriever.search(query, analysis)), analysis)

    def answer_for(self, analysis: QuestionAnalysis) -> Answer:
        """The model-free answer: each part of a compound question in turn, led by how it was read."""
        if len(analysis.parts) > 1:
            answers = [self._answer_one(p.model_copy(update={"parts": [], "interpretations": []}))
                       for p in analysis.parts]
            answer = join_answers(analysis, answers)
        else:
            answer = self._answer_one(analysis)
        if analysis.interpretations:  # a colon, so the reading and the answer's first claim stay one sentence
            lead = "; ".join(analysis.interpretations) + ": "
            answer = answer.model_copy(update={"answer": lead + answer.answer, "analysis": analysis})
        return answer

    def _answer_one(self, analysis: QuestionAnalysis) -> Answer:
        """The model-free answer for one analysed question, over one pinned catalog snapshot."""
        generation = self.catalog.generation()
        self.facts.refresh(generation)
        with self.docs.pinned(generation):
            return self._answer_pinned(analysis)

    def _answer_pinned(self, analysis: QuestionAnalysis) -> Answer:
        citer = Citer(self.docs)
        if analysis.kind == QuestionKind.OUT_OF_SCOPE:
            if analysis.unknown_councils:  # a council with no documents: what another's says of it in passing, if asked
                result = mentioned(self.docs, analysis, citer) or self.structured.not_loaded(analysis, citer)
                return self._answer(analysis, result.sentences, citer, [], refused=result.refused, composer="catalog")
            return self._refuse(analysis, [], reason=_OOS_REASON)
        if analysis.kind in _STRUCTURED_KINDS or asks_when_assessed(analysis) or asks_for_summary(analysis):
            result = dispatch.answer(self.structured, analysis, citer)
            if result.handled and result.sentences:
                passages = [] if result.refused else self._catalog_passages(analysis, citer)
                if not result.refused and topic_read_as_statement(analysis):  # the score, then the topic
                    finding = analysis.model_copy(update={"kind": QuestionKind.FINDING})
                    result.sentences += compose_extractive(
                        finding, self.search(analysis.standalone, finding), self.docs, citer, limit=2)
                return self._answer(analysis, result.sentences, citer, passages, refused=result.refused,
                                    composer="catalog")
        if analysis.kind == QuestionKind.COMPARISON and len(analysis.councils) >= 2:
            return self._compare_facts(analysis, citer)
        passages = self.search(analysis.standalone, analysis)
        if asks_good_practice(analysis):
            sentences = compose_good_practice(analysis, self._good_practice_items(analysis), self.docs, citer)
            if sentences:
                return self._answer(analysis, sentences, citer, passages)
        analysis = reasons_for_score(analysis, self.catalog.assessment)
        wider = self._wider(analysis, passages)
        sections = self._report_sections(analysis)
        candidates = sections + wider
        lead = self._scores_at_large(analysis, citer)
        # "who runs the council?": the words reports use for it ("majority") are the question's terms too
        probe = analysis.model_copy(update={"question": with_role_words(analysis.question, analysis.standalone)})
        strength = max(evidence_strength(probe, c, self.docs) for c in (candidates, wider[len(passages):]))
        # the council's report section on the statement the topic names ("prevention") is evidence in itself
        threshold = self.settings.retrieval.refusal_threshold
        # a council's list ("where is X falling short?") is in its own documents whatever the question's words
        low = strength < threshold and not (sections and topic_is_statement(analysis)) and not asks_for_list(analysis)
        if low and not holds_key_terms(probe, candidates, self.docs, self.settings.retrieval.key_term_coverage):
            # the catalog's score, if the documents say no more
            lead = lead or score_alone(self.structured, analysis, citer)
            lead = lead or named_elsewhere(self.retriever.search, self.docs, analysis, citer, threshold)
            return self._answer(analysis, lead, citer, passages) if lead else self._refuse(analysis, passages)
        found = compose_extractive(probe, candidates, self.docs, citer)
        if analysis.kind == QuestionKind.IMPROVEMENT and not any(is_shortfall(f) for f in found):
            # no stated shortfall to lead with: the council's lowest scores first, or that the statement has none and
            # what its report says under it (never a neighbouring statement's shortfalls)
            none = [] if lead else none_stated(self.structured, analysis, citer)
            found = compose_extractive(probe, self._report_sections(analysis), self.docs, citer) if none else found
            found, lead = (lead or none) + found, []
        sentences = found + lead or score_alone(self.structured, analysis, citer)
        if not sentences:
            return self._refuse(analysis, passages)
        if analysis.kind == QuestionKind.IMPROVEMENT and ADVICE.search(analysis.question):
            sentences += self._what_good_looks_like(analysis, citer)
        return self._answer(analysis, sentences, citer, passages)

    def _scores_at_large(self, analysis: QuestionAnalysis, citer: Citer) -> list[str]:
        """'What does X need to improve / do well?' with no topic: its lowest (highest) catalog scores, after
        the report's own sentences, so the answer is never a refusal while the catalog holds them."""
        at_large = len(analysis.councils) == 1 and not analysis.statements and not question_terms(analysis)
        low = analysis.kind == QuestionKind.IMPROVEMENT
        if not at_large or not (low or asks_what_went_well(analysis)):
            return []
        result = dispatch.extremes(self.structured, analysis, citer, low=low)
        return result.sentences[:1] if result.handled and not result.refused else []

    def _wider(self, analysis: QuestionAnalysis, passages: list[Passage]) -> list[Passage]:
        """Candidates for "what does X need to improve / do well?" with no topic: twice the passages (a council's
        shortfalls and strengths are spread over its documents, not where the question's words are)."""
        at_large = analysis.kind == QuestionKind.IMPROVEMENT or asks_what_went_well(analysis)
        # a statement read from a topic word ("reablement"): the topic may sit under another statement too
        # (a follow-up or a compound's second part with no topic of its own keeps the statement it carries)
        inferred = bool(analysis.statements) and not any(m.strong for m in statement_mentions(analysis.question)) and (
            bool(question_terms(analysis)))
        if not at_large or (analysis.statements and not inferred) or len(analysis.councils) != 1:
            return passages
        k = self.settings.retrieval.k if inferred else 2 * self.settings.retrieval.k
        broad = analysis.model_copy(update={"statements": []})
        more = self.docs.available(self.retriever.search(analysis.standalone, broad, k=k))
        low = analysis.kind == QuestionKind.IMPROVEMENT
        topic_free = not analysis.statements and not question_terms(analysis)  # a search ranks nothing better
        if topic_free:
            more = self._short_documents(analysis.councils[0], strengths=not low) + more
        unseen = {p.chunk_id: p for p in more}  # each chunk once, in first-seen order
        for p in passages:
            unseen.pop(p.chunk_id, None)
        rest = list(unseen.values())
        if topic_free and not low:
            rest.sort(key=lambda p: not strengths_heading(" ".join(p.heading_path[-1:])))  # strengths sections next
        return passages + rest

    def _short_documents(self, council: str, strengths: bool = False) -> list[Passage]:
        """Every chunk of the council's short documents (press release, news, one-page report), with `strengths`
        the strengths sections of longer ones: a search with no topic finds only the council's title lines."""
        out: list[Passage] = []
        for doc_id, rec in self.docs.records.items():
            if rec.council != council:
                continue
            chunks = self.docs.chunks_over(doc_id, 0, len(self.docs.text(doc_id)))
            if strengths and len(chunks) > _SHORT_DOCUMENT:
                chunks = [c for c in chunks if strengths_heading(" ".join(c.heading_path[-1:]))]
            if len(chunks) <= _SHORT_DOCUMENT:
                out += [chunk_passage(self.docs, c, 0.0) for c in sorted(chunks, key=lambda c: c.start)]
        return out

    def _catalog_passages(self, analysis: QuestionAnalysis, citer: Citer) -> list[Passage]:
        """Evidence for a catalog answer without a search: the chunks holding the spans it cites."""
        return span_passages(self.docs, citer.citations, self.settings.retrieval.k, self.retriever.index)

    def _what_good_looks_like(self, analysis: QuestionAnalysis, citer: Citer) -> list[str]:
        """For 'what should X do about Y?': the LGA good-practice bullets on Y, when loaded."""
        items = self._good_practice_items(analysis)
        if not items:
            return []
        lines = compose_good_practice(analysis, items, self.docs, citer, limit=2, whole=2)
        return [f"What good looks like: {line}" for line in lines]

    def _good_practice_items(self, analysis: QuestionAnalysis) -> list[tuple[str, GoodPracticeItem]]:
        """Good-practice bullets: the named statements' first, then every other statement's, so a topic
        ("coproduction", "direct payments") is found under whichever statements the analysis puts it."""
        every = self.docs.memo.get(("good_practice",))  # read once per catalog generation
        if not isinstance(every, list):
            every = self.docs.memo[("good_practice",)] = self.catalog.good_practice()
        named = [it for st in analysis.statements[:2] for it in every if it[1].statement == st]
        seen = {(doc_id, item.start) for doc_id, item in named}
        return named + [it for it in every if (it[0], it[1].start) not in seen]

    def _report_sections(self, analysis: QuestionAnalysis) -> list[Passage]:
        """For an improvement or went-well question (or a follow-up finding) on a council and statement: that
        section of its CQC report; for an improvement question on a council at large, the sections its
        documents give to shortfalls."""
        about_statement = analysis.kind == QuestionKind.IMPROVEMENT or asks_what_went_well(analysis) or (
            analysis.kind == QuestionKind.FINDING and analysis.is_follow_up  # "why?", "what did CQC say about it?"
        )
        if not about_statement or len(analysis.councils) != 1:
            return []
        if not analysis.statements:  # "where is X falling short?": the sections its documents give to shortfalls
            if analysis.kind != QuestionKind.IMPROVEMENT:
                return []
            own = [d for d, rec in self.docs.records.items() if rec.council == analysis.councils[0]]
            return [p for d in own for p in self.docs.section_passages(d, None, heading=_SHORTFALL_HEADING)]
        hit = self.catalog.assessment(analysis.councils[0])
        return [] if hit is None else statement_passages(self.docs, hit[0], analysis.statements[:2])

    def _compare_facts(self, analysis: QuestionAnalysis, citer: Citer) -> Answer:
        """A comparison of facts: retrieval and extraction per council."""
        councils = analysis.councils[:3]
        # the later councils' wordings are embedded beside the first council's search (the same vectors)
        self.retriever.prefetch(list(council_queries(analysis, councils).values())[1:])
        per = passages_by_council(self.search, analysis, councils)
        groups: list[tuple[bool, int, list[str]]] = []
        passages: list[Passage] = []
        for i, (council, found) in enumerate(per.items()):
            probe = analysis  # all councils named: their names are not evidence terms
            if (
                not found
                or evidence_strength(probe, found, self.docs) < self.settings.retrieval.refusal_threshold
            ):
                continue
            lines = compose_facts(probe, found, self.docs, citer, limit=2)
            negated = bool(lines) and all(_NEGATION.search(line) for line in lines[:1])
            groups.append((negated, i, [f"{council}: {line}" for line in lines]))
            passages += found
        if _WHICH.search(analysis.question):
            groups.sort(key=lambda g: (g[0], g[1]))  # "did A or B have X?": the council that had it first
        sentences = [line for _, _, lines in groups for line in lines]
        if not sentences:
            return self._refuse(analysis, passages)
        return self._answer(analysis, sentences, citer, passages)

    def _answer(self, analysis: QuestionAnalysis, sentences: list[str], citer: Citer, passages: list[Passage],
                refused: bool = False, composer: str = "extractive") -> Answer:
        text, citations = renumber(" ".join(sentences), citer.citations)
        # the passages it quotes lead its evidence (shortfalls and strengths are not where the question's words are)
        if (analysis.kind == QuestionKind.IMPROVEMENT or asks_what_went_well(analysis)) and not refused:
            used = span_passages(self.docs, citations, self.settings.retrieval.k, self.retriever.index)
            quoted = {u.chunk_id for u in used}
            passages = used + [p for p in passages if p.chunk_id not in quoted]
        return Answer(answer=text, kind=analysis.kind, refused=refused, citations=citations, passages=passages,
                      analysis=analysis, composer=composer)

    def _refuse(self, analysis: QuestionAnalysis, passages: list[Passage], reason: str | None = None) -> Answer:
        text = " ".join(x for x in (NO_EVIDENCE, reason, coverage_summary(self.docs)) if x)
        return Answer(answer=text, kind=analysis.kind, refused=True, citations=[], passages=passages,
                      analysis=analysis, composer="extractive")

