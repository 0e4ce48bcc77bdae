"""The optional language-model layer the Assistant facade consults: rewrite, phrase, and draft actions.

``LLMLayer.open`` returns None when no model is configured (settings.llm.provider "none" and no instance
given), so the facade keeps its extractive behaviour; otherwise it validates the prompt templates at once,
making a broken prompt a start-up error.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.llm.compose_llm import LLMComposer
from assistant.llm.facts import FactCatalog, catalog_facts
from assistant.llm.prompts import PromptSet, load_prompts
from assistant.llm.providers import build_chat_model
from assistant.llm.rewrite import Analyse, rewrite_analysis
from assistant.llm.suggest_llm import phrase_plan
from assistant.models.answers import Answer, AnswerEvent, SuggestionPlan
from assistant.models.questions import QuestionAnalysis, Turn
from assistant.models.records import DocumentRecord
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


@dataclass
class LLMLayer:
    """A chat model with its validated prompts and the composer built on them."""

    model: BaseChatModel
    prompts: PromptSet
    settings: Settings
    composer: LLMComposer

    @classmethod
    def open(cls, settings: Settings, chat_model: BaseChatModel | None = None) -> LLMLayer | None:
        """Build the layer from settings (or a given chat model); None when no model is configured."""
        model = chat_model if chat_model is not None else build_chat_model(settings.llm)
        if model is None:
            return None
        prompts = load_prompts(settings.llm.prompts_dir)
        composer = LLMComposer(model, prompts, settings.llm, settings.ingest.tokenizer_encoding)
        return cls(model=model, prompts=prompts, settings=settings, composer=composer)

    def analyse(
        self, analysis: QuestionAnalysis, history: Sequence[Turn], councils: Sequence[str], analyse: Analyse
    ) -> QuestionAnalysis:
        """The analysis with a follow-up rewritten by the model, when enabled and safe."""
        if not self.settings.llm.rewrite_follow_ups:
            return analysis
        return rewrite_analysis(
            self.model, self.prompts, analysis, history, councils, analyse, self.settings.llm.timeout_s
        )

    def answer_events(self, extractive: Answer, catalog: FactCatalog | None = None) -> Iterator[AnswerEvent]:
        """Deltas, citations and the final answer, phrased by the model or falling back to ``extractive``."""
        facts = catalog_facts(catalog, extractive.analysis) if catalog is not None else []
        records: dict[str, DocumentRecord] = {}
        if catalog is not None:
            for doc_id in {p.doc_id for p in extractive.passages} | {f.doc_id for f in facts}:
                try:
                    records[doc_id] = catalog.document(doc_id)
                except Exception:  # a document removed mid-request just loses its publisher/date
                    continue
        yield from self.composer.stream(extractive, facts, records)

    def answer(self, extractive: Answer, catalog: FactCatalog | None = None) -> Answer:
        """The final answer of ``answer_events``."""
        final: Answer | None = None
        for event in self.answer_events(extractive, catalog):
            if event.type == "final":
                final = event.answer
        assert final is not None
        return final

    def suggest(self, plan: SuggestionPlan) -> SuggestionPlan:
        """The plan with draft actions written as validated prose (extractive ones kept where it fails)."""
        encoding_name = self.settings.ingest.tokenizer_encoding
        return phrase_plan(self.model, self.prompts, self.settings.llm, plan, encoding_name)
