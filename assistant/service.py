"""The `Assistant` facade: one object the CLI, HTTP API and UI call to ask, search, suggest and ingest.

Answers need no language model: scores and ratings come from the catalog, everything else from
retrieved passages composed extractively. A configured chat model (assistant.llm) only rephrases.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.assessment_dates import asks_when_assessed
from assistant.compare import compose_facts, passages_by_council
from assistant.compose import (
    NO_EVIDENCE,
    compose_extractive,
    compose_good_practice,
    coverage_summary,
    evidence_strength,
)
from assistant.councils import CouncilMatcher
from assistant.errors import NotFoundError
from assistant.evidence import Citer, DocCache, renumber
from assistant.facts import CachedQueryEmbedder, FactsCache, span_passages
from assistant.followup import scope_to_council
from assistant.models import (
    Answer,
    AnswerEvent,
    CouncilScores,
    DocumentRecord,
    IngestOutcome,
    Passage,
    QuestionAnalysis,
    QuestionKind,
    SuggestionPlan,
    Turn,
)
from assistant.settings import Settings
from assistant.structured import Structured
from assistant.understand import analyse

if TYPE_CHECKING:
    from assistant.catalog import Catalog
    from assistant.llm.layer import LLMLayer
    from assistant.retrieve import Retriever
    from assistant.store import VectorStore
    from ingest.embed import Embedder
    from ingest.pipeline import Ingestor

_STRUCTURED_KINDS = {
    QuestionKind.SCORE,
    QuestionKind.RATING,
    QuestionKind.COMPARISON,
    QuestionKind.RANKING,
    QuestionKind.ARITHMETIC,
}
_OOS_REASON = (
    "That is outside what the loaded documents cover: they are about councils' adult social care "
    "as assessed by CQC, not individual care services, children's services or general topics."
)


_NEGATION = re.compile(r"\b(no|not|none|never|without)\b", re.I)
_ADVICE = re.compile(r"\b(should|how (?:can|could|might)|what can|advice|recommend)\b", re.I)
_WHICH = re.compile(r"\b(which|who)\b|\b\w+ or \w+", re.I)


class Assistant:
    """Cited question answering over the loaded documents."""

    def __init__(
        self,
        settings: Settings,
        catalog: Catalog,
        store: VectorStore,
        embedder: Embedder,
        retriever: Retriever,
        ingestor: Ingestor,
        llm: LLMLayer | None = None,
    ) -> None:
        self.settings = settings
        self.catalog = catalog
        self.store = store
        self.embedder = embedder
        self.retriever = retriever
        self.ingestor = ingestor
        self.llm = llm
        self.docs = DocCache(catalog)
        self.facts = FactsCache(catalog)
        self.structured = Structured(self.facts, self.docs, self._search)

    @classmethod
    def open(cls, settings: Settings, chat_model: Any = None) -> Assistant:
        """Build the catalog, embedder, vector store, retriever and ingestor from settings."""
        from assistant.catalog import Catalog
        from assistant.retrieve import Retriever
        from assistant.store import open_store
        from ingest.embed import get_embedder
        from ingest.pipeline import Ingestor

        settings.data_dir.mkdir(parents=True, exist_ok=True)
        catalog = Catalog(settings.catalog_path)
        embedder = get_embedder(settings.embedding)
        store = open_store(settings, embedder)
        retriever = Retriever(catalog, store, CachedQueryEmbedder(embedder), settings.retrieval)
        ingestor = Ingestor(settings, catalog, store, embedder)
        llm = None
        if chat_model is not None or settings.llm.provider != "none":
            from assistant.llm.layer import LLMLayer

            llm = LLMLayer.open(settings, chat_model)
        return cls(settings, catalog, store, embedder, retriever, ingestor, llm)

    # --- answering ----------------------------------------------------------------------------------

    def _search(self, query: str, analysis: QuestionAnalysis) -> list[Passage]:
        return self.retriever.search(query, analysis)

    def analyse(self, question: str, history: Sequence[Turn] = (), council: str | None = None) -> QuestionAnalysis:
        """What the question asks, follow-ups resolved (by the model when one is configured).

        `council` is the asker's home council (say, an intranet's own): questions naming none are about it.
        """
        self.facts.refresh()
        councils = self.facts.councils()
        analysis = analyse(question, history, councils)
        if self.llm is not None and analysis.is_follow_up:
            analysis = self.llm.analyse(analysis, history, councils, analyse)
        if council is not None:
            analysis = scope_to_council(analysis, self.loaded_council(council))
        return analysis

    def loaded_council(self, name: str) -> str:
        """The canonical name of a loaded council, from any of its names (NotFoundError otherwise)."""
        self.facts.refresh()
        loaded = self.facts.councils()
        found = CouncilMatcher(loaded).find(name)
        if len(found) != 1:
            raise NotFoundError(f"council {name!r} is not among the loaded documents (loaded: {', '.join(loaded)})")
        return found[0]

    def answer_for(self, analysis: QuestionAnalysis) -> Answer:
        """The model-free answer for an analysed question."""
        generation = self.catalog.generation()
        self.docs.refresh(generation)
        self.facts.refresh(generation)
        citer = Citer(self.docs)
        if analysis.kind == QuestionKind.OUT_OF_SCOPE:
            if analysis.unknown_councils:
                result = self.structured.not_loaded(analysis, citer)
                return self._answer(analysis, result.sentences, citer, [], refused=True, composer="catalog")
            return self._refuse(analysis, [], reason=_OOS_REASON)
        if analysis.kind in _STRUCTURED_KINDS or asks_when_assessed(analysis):
            result = self.structured.answer(analysis, citer)
            if result.handled and result.sentences:
                passages = [] if result.refused else self._catalog_passages(analysis, citer)
                return self._answer(
                    analysis, result.sentences, citer, passages, refused=result.refused, composer="catalog"
                )
        if analysis.kind == QuestionKind.COMPARISON and len(analysis.councils) >= 2:
            return self._compare_facts(analysis, citer)
        passages = self._search(analysis.standalone, analysis)
        if analysis.kind == QuestionKind.GOOD_PRACTICE and analysis.statements:
            items = [it for st in analysis.statements[:2] for it in self.catalog.good_practice(st)]
            sentences = compose_good_practice(analysis, items, self.docs, citer)
            if sentences:
                return self._answer(analysis, sentences, citer, passages)
        candidates = self._report_sections(analysis) + passages
        strength = evidence_strength(analysis, candidates, self.docs)
        if strength < self.settings.retrieval.refusal_threshold:
            return self._refuse(analysis, passages)
        sentences = compose_extractive(analysis, candidates, self.docs, citer)
        if not sentences:
            return self._refuse(analysis, passages)
        if analysis.kind == QuestionKind.IMPROVEMENT and _ADVICE.search(analysis.question):
            sentences += self._what_good_looks_like(analysis, citer)
        return self._answer(analysis, sentences, citer, passages)

    def _catalog_passages(self, analysis: QuestionAnalysis, citer: Citer) -> list[Passage]:
        """Evidence for a catalog answer without a search: the chunks holding the spans it cites."""
        return span_passages(self.docs, citer.citations, self.settings.retrieval.k)

    def _what_good_looks_like(self, analysis: QuestionAnalysis, citer: Citer) -> list[str]:
        """For 'what should X do about Y?': the LGA good-practice bullets on Y, when loaded."""
        items = [it for st in analysis.statements[:2] for it in self.catalog.good_practice(st)]
        if not items:
            return []
        lines = compose_good_practice(analysis, items, self.docs, citer, limit=2)
        return [f"What good looks like: {line}" for line in lines]

    def _report_sections(self, analysis: QuestionAnalysis) -> list[Passage]:
        """For an improvement question on a council and statement: that section of its CQC report."""
        if (
            analysis.kind != QuestionKind.IMPROVEMENT
            or not analysis.statements
            or len(analysis.councils) != 1
        ):
            return []
        hit = self.catalog.assessment(analysis.councils[0])
        if hit is None:
            return []
        return [p for st in analysis.statements[:2] for p in self.docs.section_passages(hit[0], st)]

    def _compare_facts(self, analysis: QuestionAnalysis, citer: Citer) -> Answer:
        """A comparison of facts: retrieval and extraction per council."""
        per = passages_by_council(self._search, analysis, analysis.councils[:3])
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

    def _answer(
        self,
        analysis: QuestionAnalysis,
        sentences: list[str],
        citer: Citer,
        passages: list[Passage],
        refused: bool = False,
        composer: str = "extractive",
    ) -> Answer:
        text, citations = renumber(" ".join(sentences), citer.citations)
        return Answer(
            answer=text,
            kind=analysis.kind,
            refused=refused,
            citations=citations,
            passages=passages,
            analysis=analysis,
            composer=composer,
        )

    def _refuse(
        self, analysis: QuestionAnalysis, passages: list[Passage], reason: str | None = None
    ) -> Answer:
        text = " ".join(x for x in (NO_EVIDENCE, reason, coverage_summary(self.docs)) if x)
        return Answer(
            answer=text,
            kind=analysis.kind,
            refused=True,
            citations=[],
            passages=passages,
            analysis=analysis,
            composer="extractive",
        )

    def ask(self, question: str, history: Sequence[Turn] = (), council: str | None = None) -> Answer:
        """Answer a question (with the conversation so far, for a home council if given), citing every sentence."""
        t0 = time.perf_counter()
        analysis = self.analyse(question, history, council)
        answer = self.answer_for(analysis)
        if self.llm is not None and not answer.refused:
            answer = self.llm.answer(answer, self.catalog)
        answer.elapsed_ms = round((time.perf_counter() - t0) * 1000, 1)
        return answer

    def ask_events(
        self, question: str, history: Sequence[Turn] = (), council: str | None = None
    ) -> Iterator[AnswerEvent]:
        """Stream an answer: the analysis, text deltas sentence by sentence, each citation, then the final."""
        t0 = time.perf_counter()
        analysis = self.analyse(question, history, council)
        yield AnswerEvent(type="analysis", analysis=analysis)
        answer = self.answer_for(analysis)
        if self.llm is not None and not answer.refused:
            for event in self.llm.answer_events(answer, self.catalog):
                if event.type == "analysis":
                    continue
                if event.type == "final" and event.answer is not None:
                    event.answer.elapsed_ms = round((time.perf_counter() - t0) * 1000, 1)
                yield event
            return
        parts = split_answer(answer.answer)
        for i, part in enumerate(parts):
            yield AnswerEvent(type="delta", text=part if i == 0 else " " + part)
        for citation in answer.citations:
            yield AnswerEvent(type="citation", citation=citation)
        answer.elapsed_ms = round((time.perf_counter() - t0) * 1000, 1)
        yield AnswerEvent(type="final", answer=answer)

    # --- the rest of the facade -----------------------------------------------------------------------

    def search(self, question: str, k: int | None = None) -> list[Passage]:
        """Retrieved passages for a question (no answer composed)."""
        self.facts.refresh()
        analysis = analyse(question, (), self.facts.councils())
        return self.retriever.search(question, analysis, k)

    def suggest(self, council: str, statement: str) -> SuggestionPlan:
        """A draft improvement plan for one council and quality statement."""
        from assistant.suggest import suggest_plan

        self.docs.refresh()
        plan = suggest_plan(self.catalog, self.docs, self._search, council, statement)
        if self.llm is not None and hasattr(self.llm, "suggest"):
            plan = self.llm.suggest(plan)
        return plan

    def scores(self, council: str | None = None) -> list[CouncilScores]:
        """The council x quality statement score table."""
        return self.catalog.council_scores(council)

    def documents(self) -> list[DocumentRecord]:
        """Loaded documents."""
        return self.catalog.documents()

    def ingest(self, paths: Sequence[Path]) -> list[IngestOutcome]:
        """Ingest files or folders (idempotent)."""
        return self.ingestor.ingest_paths(paths)

    def remove(self, doc_id: str) -> None:
        """Remove a document from the catalog and the store."""
        self.ingestor.remove(doc_id)

    def readiness(self) -> dict[str, bool]:
        """Whether the catalog, store and embedder can be used."""
        status: dict[str, bool] = {}
        try:
            self.catalog.generation()
            status["catalog"] = True
        except Exception:
            status["catalog"] = False
        try:
            status["store"] = bool(self.store.ping())
        except Exception:
            status["store"] = False
        try:
            status["embedder"] = self.embedder.embed_query("ping").shape[0] == self.embedder.dimension
        except Exception:
            status["embedder"] = False
        return status

    def close(self) -> None:
        """Release the catalog (and store) handles."""
        self.catalog.close()
        closer = getattr(self.store, "close", None)
        if callable(closer):
            closer()


def split_answer(text: str) -> list[str]:
    """An answer cut after each citation mark that ends a sentence, for streaming."""
    parts = [p for p in re.split(r"(?<=\])\s+(?=\S)", text) if p]
    return parts or [text]
