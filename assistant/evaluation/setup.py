"""Wiring for the eval harness and benchmarks: the assistant, or retrieval alone (`--retrieval-only`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.evaluation.baseline import DocumentEmbedder, NaiveBaseline
from assistant.evaluation.harness import Asker, DocumentTexts
from assistant.models.answers import Answer
from assistant.models.questions import Turn
from assistant.retrieve.retriever import Retriever
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.understand.analyse import analyse


class RetrievalAsker:
    """Answers with passages only (no text, never refuses): measures retrieval by itself."""

    def __init__(self, retriever: Retriever, councils: Sequence[str]) -> None:
        self.retriever = retriever
        self.councils = list(councils)

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        """Analyse and search; the Answer carries the passages."""
        analysis = analyse(question, history, self.councils)  # the rules alone: no kind embedding
        passages = self.retriever.search(question, analysis)
        return Answer(answer="", kind=analysis.kind, refused=False, passages=passages, analysis=analysis)


@dataclass
class EvalTarget:
    """What a run evaluates, and the pieces it needs."""

    asker: Asker
    texts: DocumentTexts
    councils: list[str]
    embedder: DocumentEmbedder
    answers: bool  # True when `Assistant.ask` composes answers
    catalog: Any
    closer: Any


def open_target(settings: Settings, retrieval_only: bool = False) -> EvalTarget:
    """The Assistant (answers), or catalog + store + Retriever when measuring retrieval alone."""
    if not retrieval_only:
        assistant = Assistant.open(settings)
        return EvalTarget(assistant, assistant.catalog, assistant.catalog.councils(), assistant.embedder,
                          True, assistant.catalog, assistant)
    from assistant.catalog.documents import Catalog
    from assistant.catalog.store import open_store
    from ingest.embed.factory import data_dir_embedder

    catalog = Catalog.open(settings)
    embedder = data_dir_embedder(settings)
    store = open_store(settings, embedder)
    retriever = Retriever(catalog, store, embedder, settings.retrieval)
    return EvalTarget(RetrievalAsker(retriever, catalog.councils()), catalog, catalog.councils(), embedder,
                      False, catalog, catalog)


def build_baseline(target: EvalTarget) -> NaiveBaseline:
    """The naive baseline over the same documents' stored text and the same embedding model."""
    texts = {d.doc_id: target.catalog.document_text(d.doc_id) for d in target.catalog.documents()}
    return NaiveBaseline(texts, target.embedder)
