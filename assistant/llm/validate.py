"""Check a generated answer against the sources it was given before it reaches a user.

Every sentence must cite a source that was given; every number (and every rating it states) must appear
in a cited source or in the catalog facts; an answer that repeats the payload of an instruction planted in
a source is rejected whole. Failing sentences are removed; too many failures reject the answer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.domain.numbers import word_to_int
from assistant.domain.sentences import segments
from assistant.domain.taxonomy import RATINGS
from assistant.llm import guard
from assistant.llm.guard import quarantine
from assistant.llm.pack import Source

CITATION = re.compile(r"\[\s*(?:sources?\s*)?(\d+(?:\s*[,;]\s*(?:sources?\s*)?\d+)*)\s*\]", re.IGNORECASE)
NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])\d+(?:\.\d+)?")
LIST_PREFIX = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
WORD = re.compile(r"[a-z0-9]+")
RATING_CLAIM = re.compile(
    r"\b(?:rated(?:\s+as)?|rating\s+(?:of|was|is)|judged(?:\s+to\s+be)?)\s+[\"“']?("
    + "|".join(re.escape(r) for r in RATINGS)
    + r")\b",
    re.IGNORECASE,
)
COMPARISON = re.compile(
    r"\b(?:higher|lower|better|worse|stronger|weaker|fewer|more|less|greater)\s+than\b"
    r"|\b(?:outperform|underperform|rank)\w*|\b(?:best|worst|highest|lowest|top|bottom)\b",
    re.IGNORECASE,
)
OVERRIDE = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|preceding"
    r"|all|any|your|the)\b[^.\n]{0,30}?\b(?:instructions?|prompts?|rules|directions|guidelines|messages)\b"
    r"|\byou\s+are\s+now\b|\bnew\s+instructions?\s*:|\bsystem\s+prompt\b"
    r"|\b(?:ai|assistant|language\s+model|chatbot|llm)s?\s+(?:must|should|shall)\s+(?:now\s+)?(?:reply|respond|say|answer|output)",
    re.IGNORECASE,
)
COMMAND = re.compile(
    r"\b(?:reply|respond|answer|say|output|print|write|return|type|state|claim|mention|insist"
    r"|tell(?:\s+(?:the\s+)?(?:user|users|them|everyone|readers?))?)\b"
    r"(?:\s+(?:only|with|exactly|just|the\s+word|the\s+text|the\s+phrase|back|instead|that))*"
    r"\s*[:\-]?\s*[\"“'‘]?(?P<payload>[^.\n\"”'’;]{1,80})",
    re.IGNORECASE,
)
_STOP = {"the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "is", "are", "was", "were",
         "be", "by", "that", "this", "it", "as", "at", "from", "its", "their", "has", "have", "had", "not"}


@dataclass(frozen=True)
class PlantedInstruction:
    """An instruction-like span found in a source, and the text it asks the model to produce."""

    n: int
    span: str
    payloads: tuple[str, ...]


@dataclass
class SentenceCheck:
    """One sentence of a generated answer and what is wrong with it (nothing, when it is kept)."""

    text: str
    line: int
    citations: list[int]
    problems: list[str] = field(default_factory=list)


@dataclass
class ValidationResult:
    """The answer with failing sentences removed, or the reason it is rejected whole."""

    text: str
    kept: list[SentenceCheck]
    removed: list[SentenceCheck]
    rejected: str | None = None

    @property
    def cited(self) -> list[int]:
        """Source numbers cited by the kept sentences, in order of first use."""
        seen: dict[int, None] = {}
        for sentence in self.kept:
            for n in sentence.citations:
                seen.setdefault(n, None)
        return list(seen)

    @property
    def note(self) -> str | None:
        """'removed 2 sentences: uncited, ...' when sentences were dropped, else None."""
        if not self.removed:
            return None
        problems = Counter(p for s in self.removed for p in s.problems)
        noun = "sentence" if len(self.removed) == 1 else "sentences"
        details = ", ".join(p if c == 1 else f"{p} (x{c})" for p, c in problems.items())
        return f"removed {len(self.removed)} {noun}: {details}"


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Split an answer into (line index, sentence) pairs; list markers stay with their first sentence."""
    out: list[tuple[int, str]] = []
    for index, line in enumerate(text.splitlines()):
        marker = LIST_PREFIX.match(line)
        body = line[marker.end() :] if marker else line
        out.extend((index, body[start:end]) for start, end in segments(body, repair=False))
    return out


def citations_in(sentence: str) -> list[int]:
    """The source numbers a sentence cites, in order."""
    return [int(x) for m in CITATION.finditer(sentence) for x in re.findall(r"\d+", m.group(1))]


@lru_cache(maxsize=2048)
def numbers_in(text: str) -> frozenset[str]:
    """Normalised numbers written in a text (digits and the words two..twenty), citation markers excluded."""
    if "[" in text:
        text = CITATION.sub(" ", text)
    found = {m.group(0).replace(",", "") for m in NUMBER.finditer(text)}
    words = (word_to_int(w) for w in WORD.findall(text.lower()) if w.isalpha())
    found |= {str(n) for n in words if n is not None and n >= 2}
    return frozenset(n[:-2] if n.endswith(".0") else n for n in found)


def find_instructions(sources: Iterable[Source]) -> list[PlantedInstruction]:
    """Instruction-like spans in source text (prompt-injection attempts) with the payloads they request."""
    found: list[PlantedInstruction] = []
    for source in sources:
        if not OVERRIDE.search(source.text):
            continue
        for _, sentence in split_sentences(source.text):
            if not OVERRIDE.search(sentence):
                continue
            payloads = []
            for m in COMMAND.finditer(sentence):
                payload = m.group("payload").strip(" \t\"“”'‘’:")
                payload = re.split(r"\s+(?:and|then|to|instead|because)\s+", payload)[0].strip()
                if len(payload) >= 3 and not set(WORD.findall(payload.lower())) <= _STOP:
                    payloads.append(payload)
            found.append(PlantedInstruction(n=source.n, span=sentence, payloads=tuple(payloads)))
    return found


def _echoes(answer: str, planted: PlantedInstruction, sources: Sequence[Source]) -> str | None:
    """The planted text the answer repeats, unless that text also occurs as ordinary source content."""
    lowered = answer.lower()
    if override := OVERRIDE.search(answer):
        return override.group(0)
    clean = [s.text.lower().replace(planted.span.lower(), " ") for s in sources]
    for payload in planted.payloads:
        pattern = re.compile(r"(?<!\w)" + re.escape(payload.lower()) + r"(?!\w)")
        if pattern.search(lowered):
            if not any(pattern.search(text) for text in clean):
                return payload
            continue
        words = set(WORD.findall(payload.lower())) - _STOP
        if len(words) < 2:
            continue
        for _, sentence in split_sentences(answer):
            if words <= set(WORD.findall(sentence.lower())):  # the payload's claim, reworded
                supported = any(words <= set(WORD.findall(t)) for _, t in
                                (pair for text in clean for pair in split_sentences(text)))
                if not supported:
                    return payload
    return None


def check_sentence(
    sentence: SentenceCheck, given: dict[int, Source], fact_numbers: frozenset[str], fact_text: str,
    min_support: float = guard.SUPPORT_THRESHOLD,
) -> None:
    """Record the problems of one sentence in place."""
    if not WORD.search(CITATION.sub(" ", sentence.text).lower()):
        return  # a bare citation or punctuation fragment: no claim to check
    if not sentence.citations:
        sentence.problems.append("uncited")
        return
    unknown = [n for n in sentence.citations if n not in given]
    if unknown:
        sentence.problems.append("cites a source not given " + "".join(f"[{n}]" for n in unknown))
    cited = [given[n] for n in sentence.citations if n in given]
    visible = [f"{s.label or ''} {quarantine(s.text)}" for s in cited]  # planted instructions support nothing
    allowed = set(fact_numbers)
    for text in visible:
        allowed |= numbers_in(text)
    missing = sorted(numbers_in(sentence.text) - allowed)
    if missing:
        sentence.problems.append("number not in its sources (" + ", ".join(missing) + ")")
    claim = CITATION.sub(" ", sentence.text)
    if links := guard.unsupported_links(claim, visible):
        sentence.problems.append("link not in its sources (" + ", ".join(links) + ")")
    councils = {s.council for s in given.values() if s.council}
    facts = {c: " ".join(f"{s.label or ''} {s.text}" for s in given.values() if s.kind == "fact" and s.council == c)
             for c in councils if any(s.kind == "fact" and s.council == c for s in given.values())}
    passages = {c: " ".join(visible[i] for i, s in enumerate(cited) if s.council == c or c in s.text)
                for c in councils}
    sentence.problems.extend(guard.council_claims(claim, sorted(councils), facts, passages))
    support = (fact_text + " " + " ".join(visible)).lower()
    for m in RATING_CLAIM.finditer(sentence.text):
        if m.group(1).lower() not in support:
            sentence.problems.append(f"rating not in its sources ({m.group(1)})")
    for m in COMPARISON.finditer(sentence.text):
        word = m.group(0).split()[0].lower()[:8]
        if word not in support:
            sentence.problems.append(f"comparison not in its sources ({m.group(0)})")
            break
    if cited and not sentence.problems and guard.support(claim, visible) < min_support:
        sentence.problems.append("not supported by its sources")  # its words are not its sources' words


def validate_answer(
    text: str, sources: Sequence[Source], max_removed_share: float = 0.5, min_support: float = guard.SUPPORT_THRESHOLD
) -> ValidationResult:
    """Check every sentence of ``text`` against ``sources``; drop failures or reject the whole answer.

    `min_support`: share of a sentence's content words its cited sources must contain (advice, as in
    suggestions, passes 0: it phrases what to do, not what a source says)."""
    given = {s.n: s for s in sources}
    facts = [s for s in sources if s.kind == "fact"]
    fact_text = " ".join(f"{s.label or ''} {s.text}" for s in facts)
    fact_numbers = numbers_in(fact_text)
    sentences = [SentenceCheck(text=t, line=i, citations=citations_in(t)) for i, t in split_sentences(text)]
    if order := guard.INSTRUCTION.search(text):
        return ValidationResult(text="", kept=[], removed=sentences,
                                rejected=f"reads as an instruction, not an answer ({order.group(0)!r})")
    for planted in find_instructions(sources):
        echoed = _echoes(text, planted, sources)
        if echoed is not None:
            return ValidationResult(
                text="", kept=[], removed=sentences,
                rejected=f"repeats an instruction planted in source [{planted.n}] ({echoed!r})",
            )
    for sentence in sentences:
        check_sentence(sentence, given, fact_numbers, fact_text, min_support)
    kept = [s for s in sentences if not s.problems]
    removed = [s for s in sentences if s.problems]
    claims = [s for s in kept if WORD.search(CITATION.sub(" ", s.text).lower())]
    result = ValidationResult(text=_rebuild(text, kept), kept=kept, removed=removed)
    if not sentences or not text.strip():
        result.rejected = "empty output"
    elif not claims:
        result.rejected = "no sentence survived validation" + (f" ({result.note})" if removed else "")
    elif len(removed) > max_removed_share * len(sentences):
        result.rejected = f"too many failing sentences ({result.note})"
    return result


def _rebuild(text: str, kept: Sequence[SentenceCheck]) -> str:
    """Reassemble kept sentences line by line, keeping list markers and paragraph breaks."""
    lines = text.splitlines()
    by_line: dict[int, list[str]] = {}
    for s in kept:
        by_line.setdefault(s.line, []).append(s.text)
    out: list[str] = []
    for index, line in enumerate(lines):
        if index in by_line:
            joined = " ".join(by_line[index])
            marker = LIST_PREFIX.match(line)
            if marker and not LIST_PREFIX.match(joined):
                joined = marker.group(0).strip() + " " + joined
            out.append(joined)
        elif not line.strip() and out and out[-1] != "":
            out.append("")
    return "\n".join(out).strip()
