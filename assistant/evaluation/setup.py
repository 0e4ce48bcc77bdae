"""Wiring for the eval harness and benchmarks: the assistant when it exists, else retrieval alone."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.evaluation.baseline import DocumentEmbedder, NaiveBaseline
from assistant.evaluation.harness import Asker, DocumentTexts
from assistant.models.answers import Answer
from assistant.models.questions import QuestionAnalysis, QuestionKind, Turn
from assistant.retrieve.retriever import Retriever
from assistant.settings import Settings


def has_module(name: str) -> bool:
    """Whether a project module is importable (modules owned by others may not exist yet)."""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def analyse(question: str, history: Sequence[Turn], councils: Sequence[str]) -> QuestionAnalysis:
    """`assistant.understand.analyse.analyse` when present, else an unfiltered analysis (follow-ups joined)."""
    if has_module("assistant.understand.analyse"):
        from assistant.understand import analyse as understand

        result: QuestionAnalysis = understand.analyse(question, history, councils)
        return result
    standalone = " ".join([*(t.question for t in history[-1:]), question])
    return QuestionAnalysis(question=question, standalone=standalone, kind=QuestionKind.FINDING,
                            is_follow_up=bool(history))


class RetrievalAsker:
    """Answers with passages only (no text, never refuses): measures retrieval before the service exists."""

    def __init__(self, retriever: Retriever, councils: Sequence[str]) -> None:
        self.retriever = retriever
        self.councils = list(councils)

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        """Analyse and search; the Answer carries the passages."""
        analysis = analyse(question, history, self.councils)
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
    """The Assistant (answers) when assistant.service exists, else catalog + store + Retriever."""
    if not retrieval_only and has_module("assistant.service"):
        from assistant.service import Assistant

        assistant = Assistant.open(settings)
        return EvalTarget(assistant, assistant.catalog, assistant.catalog.councils(), assistant.embedder,
                          True, assistant.catalog, assistant)
    from assistant.catalog.sqlite import Catalog
    from assistant.catalog.store import open_store
    from ingest.embed.factory import get_embedder

    catalog = Catalog(settings.catalog_path)
    embedder = get_embedder(settings.embedding)
    store = open_store(settings, embedder)
    retriever = Retriever(catalog, store, embedder, settings.retrieval)
    return EvalTarget(RetrievalAsker(retriever, catalog.councils()), catalog, catalog.councils(), embedder,
                      False, catalog, catalog)


def build_baseline(target: EvalTarget) -> NaiveBaseline:
    """The naive baseline over the same documents' stored text and the same embedding model."""
    texts = {d.doc_id: target.catalog.document_text(d.doc_id) for d in target.catalog.documents()}
    return NaiveBaseline(texts, target.embedder)
