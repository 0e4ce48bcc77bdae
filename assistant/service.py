"""The `Assistant` facade: one object the CLI, HTTP API and UI call to ask, search, suggest and ingest.

Answers need no language model: scores and ratings come from the catalog, everything else from
retrieved passages composed extractively (`assistant.answering`, the facade's base class). A
configured chat model (assistant.llm) only rephrases.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.answering import AnswerPath
from assistant.domain.councils import CouncilMatcher
from assistant.errors import NotFoundError
from assistant.evidence.citations import DocCache
from assistant.evidence.facts import FactsCache
from assistant.evidence.meaning import Meaning
from assistant.evidence.queries import CachedQueryEmbedder
from assistant.models.answers import Answer, AnswerEvent, SuggestionPlan
from assistant.models.questions import Passage, QuestionAnalysis, Turn
from assistant.models.records import CouncilScores, DocumentRecord, IngestOutcome
from assistant.preparing import Preparing
from assistant.reading import reading
from assistant.retrieve.files import IndexFiles
from assistant.retrieve.sentences import SentenceFiles
from assistant.settings import Settings
from assistant.understand.analyse import analyse
from assistant.understand.followup import scope_to_council
from assistant.understand.kinds import KindScorer
from assistant.understand.places import find_places

if TYPE_CHECKING:
    from assistant.catalog.documents import Catalog
    from assistant.catalog.store import VectorStore
    from assistant.llm.layer import LLMLayer
    from assistant.retrieve.files import GenerationValues
    from assistant.retrieve.retriever import Retriever
    from ingest.embed.base import Embedder
    from ingest.pipeline import Ingestor


class Assistant(Preparing):
    """Cited question answering over the loaded documents (getting ready: `assistant.preparing.Preparing`)."""

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
        shared = getattr(retriever, "embedder", None)  # the retriever's query cache holds the question's vector
        queries = shared if isinstance(shared, CachedQueryEmbedder) else CachedQueryEmbedder(embedder)
        self.docs = DocCache(catalog, meaning=Meaning(queries), saved=_saved_terms(settings, catalog))
        self.facts = FactsCache(catalog)
        self.path = AnswerPath(settings, catalog, retriever, self.docs, self.facts)
        meaning = self.docs.meaning  # its vectors are the embedder's, read from the saved sentences when there
        self.kinds = KindScorer(meaning.vectors if meaning else embedder.embed_documents)  # bank: in `prepare`
        self._init_preparing()
        self.sentence_files = SentenceFiles(IndexFiles(settings.index_path), str(getattr(embedder, "name", "")))

    @classmethod
    def open(cls, settings: Settings, chat_model: Any = None) -> Assistant:
        """Build the catalog, embedder, vector store, retriever and ingestor from settings."""
        from assistant.catalog.store import open_store
        from assistant.reading import ReadingCatalog
        from assistant.retrieve.retriever import Retriever
        from ingest.embed.factory import data_dir_embedder
        from ingest.pipeline import Ingestor

        settings.data_dir.mkdir(parents=True, exist_ok=True)
        catalog = ReadingCatalog.open(settings)
        embedder = data_dir_embedder(settings)
        store = open_store(settings, embedder, lazy=True)  # opened on first use: questions need only the index
        retriever = Retriever(catalog, store, CachedQueryEmbedder(embedder), settings.retrieval,
                              files=IndexFiles(settings.index_path))
        ingestor = Ingestor(settings, catalog, store, embedder)
        llm = None
        if chat_model is not None or settings.llm.provider != "none":
            from assistant.llm.layer import LLMLayer

            llm = LLMLayer.open(settings, chat_model)
        return cls(settings, catalog, store, embedder, retriever, ingestor, llm)

    # --- answering ----------------------------------------------------------------------------------

    def analyse(self, question: str, history: Sequence[Turn] = (), council: str | None = None) -> QuestionAnalysis:
        """What the question asks, follow-ups resolved (by the model when one is configured).

        `council` is the asker's home council (say, an intranet's own): questions naming none are about it.
        """
        self.facts.refresh()
        councils = self.facts.councils()
        analysis = analyse(question, history, councils, self.kinds)
        if self.llm is not None and analysis.is_follow_up:
            analysis = self.llm.analyse(analysis, history, councils, analyse)
        if council is not None:
            analysis = scope_to_council(analysis, self.loaded_council(council))
        return analysis

    def loaded_council(self, name: str) -> str:
        """The canonical name of a loaded council, from any of its names (NotFoundError otherwise)."""
        self.facts.refresh()
        loaded = self.facts.councils()
        found = CouncilMatcher(loaded).find(name) or find_places(name, loaded).loaded  # "Bradford", as questions
        if len(found) != 1:
            raise NotFoundError(f"council {name!r} is not among the loaded documents (loaded: {', '.join(loaded)})")
        return found[0]

    def ask(self, question: str, history: Sequence[Turn] = (), council: str | None = None) -> Answer:
        """Answer a question (with the conversation so far, for a home council if given), citing every sentence."""
        t0 = time.perf_counter()
        with reading(self.catalog):
            analysis = self.analyse(question, history, council)
            answer = self.path.answer_for(analysis)
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
        answer = self.path.answer_for(analysis)
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
        from assistant.compose.suggest import suggest_plan

        with self.docs.pinned():
            plan = suggest_plan(self.catalog, self.docs, self.path.search, council, statement)
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
        """Ingest files or folders (idempotent), then save the new generation's index files."""
        outcomes = self.ingestor.ingest_paths(paths)
        self.prepare(sentences=True)
        return outcomes

    def remove(self, doc_id: str) -> None:
        """Remove a document from the catalog and the store."""
        self.ingestor.remove(doc_id)
        self.prepare(sentences=True)

    def close(self) -> None:
        """Release the database's connections (and the store's handles); unfreeze what getting ready froze."""
        self.thaw()
        queries = getattr(self.retriever, "embedder", None)
        if isinstance(queries, CachedQueryEmbedder):
            queries.close()  # its worker thread
        self.catalog.close()
        closer = getattr(self.store, "close", None)
        if callable(closer):
            closer()


def _saved_terms(settings: Settings, catalog: Catalog) -> GenerationValues:
    """Where the document cache keeps its per-generation term counts."""
    from assistant.retrieve.files import GenerationValues, IndexFiles

    return GenerationValues(IndexFiles(settings.index_path), "terms", catalog.active_versions)


def split_answer(text: str) -> list[str]:
    """An answer cut after each citation mark that ends a sentence, for streaming."""
    parts = [p for p in re.split(r"(?<=\])\s+(?=\S)", text) if p]
    return parts or [text]
