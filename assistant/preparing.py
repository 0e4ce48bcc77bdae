"""Getting the `Assistant` ready: each catalog generation's index, caches and sentence vectors, and readiness.

`prepare` opens (or builds and saves) what answering reads for the current generation; `readiness` is what
`/readyz` asks on every probe, so it prepares only a generation not prepared yet and otherwise just checks
that the catalog, index, store and embedder answer.
"""

from __future__ import annotations

import gc
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from assistant.compose.breadth import ABOUT_TEXTS
from assistant.compose.extractive import bullet_text
from assistant.compose.leaning import PRACTICES, SHORTFALLS
from assistant.compose.meaning import embedded_sentences
from assistant.understand.analyse import analyse

if TYPE_CHECKING:
    from assistant.catalog.documents import Catalog
    from assistant.catalog.store import VectorStore
    from assistant.evidence.citations import DocCache
    from assistant.evidence.facts import FactsCache
    from assistant.retrieve.retriever import Retriever
    from assistant.retrieve.sentences import BuildReport, SentenceFiles
    from assistant.understand.kinds import KindScorer
    from ingest.embed.base import Embedder


# what improvement answers weigh leans by, and what list answers match loose sentences to statements by
BANKS = [*SHORTFALLS, *PRACTICES, *ABOUT_TEXTS]

class Preparing:
    """The `Assistant`'s preparation and readiness (a base class: it reads the facade's parts)."""

    catalog: Catalog
    store: VectorStore
    embedder: Embedder
    retriever: Retriever
    docs: DocCache
    facts: FactsCache
    kinds: KindScorer
    sentence_files: SentenceFiles
    prepared: int | None = None  # the catalog generation `prepare` last finished
    froze = False  # whether `prepare` froze the objects alive after it (`gc.freeze`)
    _preparing: threading.Lock  # one `prepare_if_new` at a time: the watcher's first poll and `/readyz` race
    _embedder_loaded: Future[bool] | None = None  # the model's first load and check (once it answered, it stays)
    _loading: threading.Lock

    def _init_preparing(self) -> None:
        self._preparing, self._loading = threading.Lock(), threading.Lock()

    def prepare(self, sentences: bool = False) -> None:
        """Open (or build and save) the current generation's retrieval index and evidence caches, pages touched;
        the sentence vectors are opened, and built when missing only if `sentences` (after an ingest)."""
        generation = self.catalog.generation()
        refreezing = self.froze
        if refreezing:  # what the previous generation's preparation froze goes back to the collector
            gc.unfreeze()
        self.retriever.index.warm()
        self.docs.refresh(generation)
        if not self._open_sentences(generation) and sentences:
            self.save_sentences()
        self.facts.refresh(generation)
        councils = self.facts.councils()
        self.facts.load_all()  # rankings read every assessment: parse them once, now, in one read
        analyse("What did CQC find?", (), councils)  # compiles the council matchers for this set of councils
        if self.docs.meaning is not None:  # good-practice bullets are ranked by meaning: embed them once, now
            self.docs.meaning.vectors([bullet_text(item) for _, item in self.catalog.good_practice()])
            self.docs.meaning.vectors(BANKS)  # the phrasings answers weigh sentences against
        self.kinds.warm()  # the kind scorer's example bank, embedded (or read) before the first question
        warm = getattr(self.catalog, "warm", None)  # a `ReadingCatalog`: the per-citation reads compiled
        if warm is not None:
            warm()
        self.prepared = generation
        # What getting ready made lives until the next generation: kept out of the cyclic collector, whose
        # scans of it (5 ms for the young, ~150 ms in all at 300 reports) would otherwise fall on questions.
        if refreezing:  # (the old generation's cycles freed once, here, not in a question)
            gc.collect()
        gc.freeze()
        self.froze = True

    def thaw(self) -> None:
        """Give what `prepare` froze back to the cyclic collector (the service is closing)."""
        if self.froze:
            gc.unfreeze()
            self.froze = False

    def prepare_if_new(self, sentences: bool = False) -> bool:
        """`prepare` unless the current generation is prepared already; True when it prepared. A caller that
        finds another preparing waits for it rather than doing the same work beside it."""
        with self._preparing:
            if self.catalog.generation() == self.prepared:
                return False
            self.prepare(sentences)
            return True

    def _open_sentences(self, generation: int) -> bool:
        """Hand the generation's saved sentence vectors to sentence ranking; False when none are saved."""
        from assistant.retrieve.files import fingerprint

        found = self.sentence_files.open(generation, fingerprint(self.catalog.active_versions()))
        if found is not None and self.docs.meaning is not None:
            self.docs.meaning.saved = found
        return found is not None

    def sentences_saved(self) -> bool:
        """Whether sentence ranking reads vectors saved with an index (this generation's or an earlier one's)."""
        return self.docs.meaning is not None and self.docs.meaning.saved is not None

    def save_sentences(self, embed: Any = None) -> BuildReport:
        """Embed (or carry over) every chunk sentence, good-practice bullet, kind example and lean phrasing of the
        current generation and save them with it; `embed` replaces the service's embedder (a benchmark's)."""
        from assistant.retrieve.files import fingerprint

        texts = [t for c in self.catalog.active_chunks() for t in embedded_sentences(c.text)]
        texts += [bullet_text(item) for _, item in self.catalog.good_practice()] + [e.text for e in self.kinds.bank]
        texts += BANKS  # read at readiness rather than embedded each start
        saved, report = self.sentence_files.build(self.catalog.generation(), fingerprint(
            self.catalog.active_versions()), texts, embed or self.embedder.embed_documents)
        if self.docs.meaning is not None:
            self.docs.meaning.saved = saved
        return report

    def _store_needed(self) -> bool:
        """Whether answering needs the vector store now (it is open already, or the index has no vectors)."""
        if getattr(self.store, "opened", True):
            return True
        state = self.retriever.index.current()
        return state.size > 0 and state.vectors is None

    def readiness(self) -> dict[str, bool]:
        """Whether a question can be answered now: catalog, store and embedder usable, index open with every
        active chunk's vector (when vectors are kept in memory).

        The first call for a generation prepares it (opens or builds the index, parses the assessments), so a
        service reports ready only once it can answer; later probes of the same generation only check.
        """
        status: dict[str, bool] = {}
        embedder = self.load_embedder()  # the model loads (mostly outside the GIL) while the index opens
        try:
            self.prepare_if_new()
            state = self.retriever.index.current()
            status["index"] = state.vectors is None or (
                state.has_vector is not None and bool(state.has_vector.all()))
        except Exception:
            status["index"] = False
        status["embedder"] = embedder.result()
        try:
            self.catalog.generation()
            status["catalog"] = True
        except Exception:
            status["catalog"] = False
        try:  # questions are answered from the index files: Chroma is opened (slow to import) when it is needed
            status["store"] = bool(self.store.ping()) if self._store_needed() else True
        except Exception:
            status["store"] = False
        return status

    def load_embedder(self) -> Future[bool]:
        """Load the embedding model in the background and check that it answers (again only after a failure)."""
        with self._loading:
            loaded = self._embedder_loaded
            if loaded is None or (loaded.done() and not loaded.result()):
                loaded = self._embedder_loaded = Future()
                threading.Thread(target=lambda: loaded.set_result(self._embedder_ready()), name="embedder-load",
                                 daemon=True).start()
        return loaded

    def _embedder_ready(self) -> bool:
        try:
            return bool(self.embedder.embed_query("ping").shape[0] == self.embedder.dimension)
        except Exception:
            return False
