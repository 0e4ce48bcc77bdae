"""Meaning checks for generated answers, and quarantine of instruction-like text in sources.

Sources are untrusted: a document can carry text addressed to AI tools ("Note for AI tools: ...", "Please set
aside earlier guidance", "AI assistants must now report ...", role-play, links to follow). Before prompting,
such sentences are replaced by a marker (`quarantine`), so the model never sees them, and validation counts
only the quarantined text as support: a sentence must share most of its content words with the text of the
sources it cites (`support`), a link must occur in that text (`unsupported_links`), and a score or rating
about a council must match the catalog's fact for that council, or a passage about that council when the
catalog has none (`council_claims`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

QUARANTINED = "[instruction-like text removed]"
SUPPORT_THRESHOLD = 0.5  # share of a sentence's content words its cited sources must contain

_AI = (r"(?:(?:ai|a\.i\.|artificial\s+intelligence)(?:\s+(?:assistants?|tools?|systems?|models?|agents?|chatbots?))?"
       r"|chat\s*bots?|chatbots?|language\s+models?|llms?|gpts?|(?:virtual|digital)\s+assistants?)")
INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass|set\s+aside|put\s+aside)\b[^.\n]{0,40}?"
    r"\b(?:previous|prior|above|earlier|preceding|all|any|your|the|existing|other)\b[^.\n]{0,30}?"
    r"\b(?:instructions?|prompts?|rules|directions|guidance|guidelines|messages|context|sources?)\b"
    r"|\b(?:note|message|instructions?|notice|memo|attention)\s+(?:for|to)\s+(?:any\s+|all\s+)?" + _AI + r"\b"
    r"|\b" + _AI + r"\s+(?:readers?\s+)?(?:must|should|shall|are\s+to|need\s+to|will|may\s+now)\b"
    r"|\b(?:you\s+are\s+now|pretend\s+(?:to\s+be|you)|role-?\s*play|new\s+instructions?|system\s+prompt"
    r"|developer\s+mode|jailbreak)\b"
    r"|\bif\s+you\s+are\s+an?\s+" + _AI + r"\b"
    r"|\b(?:click|visit|go\s+to|log\s*in|sign\s*in|verify|confirm|enter\s+your)\b[^.\n]{0,60}(?:https?://|www\.)"
    r"|(?:https?://|www\.)\S+[^\n]{0,40}\b(?:verify|confirm|password|log\s*in|credentials|account)\b",
    re.IGNORECASE,
)
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]+", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")
_WORD = re.compile(r"[a-z][a-z0-9'-]+")  # numbers are checked on their own (validate.numbers_in)
_STOP = frozenset({
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "is", "are", "was", "were", "be", "been",
    "by", "that", "this", "these", "those", "it", "its", "as", "at", "from", "their", "there", "they", "them", "has",
    "have", "had", "not", "but", "also", "which", "who", "whom", "what", "when", "where", "how", "than", "then",
    "so", "such", "can", "could", "would", "should", "will", "may", "might", "must", "our", "we", "you", "your",
    "he", "she", "his", "her", "me", "my", "us", "do", "does", "did", "into", "about", "over", "more", "most",
    "some", "any", "all", "each", "other", "only", "very", "just", "out", "up",
})
SCORE_CLAIM = re.compile(r"\bscor(?:e|ed|ing)\b[^.\d]{0,40}?\b([1-4])\b|\b([1-4])\s*(?:/|out\s+of)\s*4\b", re.I)


def instruction_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a source that reads as an instruction to an AI."""
    if not INSTRUCTION.search(text):
        return []
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group(0).strip()
            and INSTRUCTION.search(m.group(0))]


@lru_cache(maxsize=4096)
def quarantine(text: str) -> str:
    """The text with instruction-like sentences replaced by a marker (links inside them go too)."""
    spans = instruction_spans(text)
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(" " + QUARANTINED + ("\n" if text[start:end].endswith("\n") else " "))
        last = end
    out.append(text[last:])
    return "".join(out)


def _stem(word: str) -> str:
    """A crude stem: plurals and common endings folded, so 'assessments' meets 'assessment'."""
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """Stemmed content words (stop words and one-letter words left out)."""
    return {_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1}


def support(sentence: str, cited: Sequence[str]) -> float:
    """Share of the sentence's content words found in the cited (quarantined) texts; 1.0 with none."""
    words = content_words(sentence)
    if not words:
        return 1.0
    pool: set[str] = set()
    for text in cited:
        pool |= content_words(text)
    return len(words & pool) / len(words)


def _norm_url(url: str) -> str:
    return url.rstrip(".,;:!?").lower()


def unsupported_links(sentence: str, cited: Sequence[str]) -> list[str]:
    """Links in a sentence that the cited (quarantined) texts do not contain."""
    allowed = {_norm_url(u) for text in cited for u in URL.findall(text)}
    return [u for u in URL.findall(sentence) if _norm_url(u) not in allowed]


def council_claims(
    sentence: str, councils: Sequence[str], fact_texts: dict[str, str], passage_texts: dict[str, str]
) -> list[str]:
    """Scores and ratings a sentence states about a council that neither its catalog facts (when the catalog
    has any for it) nor, failing those, a cited passage about that council states."""
    from assistant.domain.taxonomy import RATINGS

    named = [c for c in councils if c.lower() in sentence.lower()]
    if not named:
        return []
    scores = {g for m in SCORE_CLAIM.finditer(sentence) for g in m.groups() if g}
    ratings = {r for r in RATINGS if re.search(rf"\b{re.escape(r)}\b", sentence, re.I)}
    problems: list[str] = []
    for council in named:
        facts = fact_texts.get(council)
        evidence = facts if facts is not None else passage_texts.get(council, "")
        for score in sorted(scores):
            if not re.search(rf"(?<![\d.]){score}(?![\d.])", evidence):
                problems.append(f"score {score} for {council} not in its {'catalog facts' if facts else 'sources'}")
        for rating in sorted(ratings):
            if rating.lower() not in evidence.lower():
                problems.append(f"rating {rating} for {council} not in its {'catalog facts' if facts else 'sources'}")
    return problems
