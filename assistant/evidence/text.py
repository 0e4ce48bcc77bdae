"""The text side of evidence: a light tokenizer (stop-words dropped, plurals folded), coarse roots and shared
synonym keys for matching a question's terms against a passage, and the sentence and bullet spans the
composers quote. Used by every composer and the document cache (`assistant.evidence.citations`); it stands apart from
the retriever's stemmed BM25 tokens (`assistant.retrieve.bm25`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.domain.caseblind import CaseBlind, lowered
from assistant.domain.sentences import sentence_spans as split_spans
from assistant.domain.synonyms import canonical

# Our own light tokenizer (independent of the retriever's stemming, so evidence scores stay stable).
_STOP_TEXT = """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could council councils did do does doing down during each few for from
further get give got had has have having he her here hers him his how i if in into is it its itself
just me more most my no nor not of off on once only or other our ours out over own please s same she
should show so some such t tell than that the their theirs them then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours
"""
_STOP = frozenset(_STOP_TEXT.split())
_IRREGULAR = {"people": "person", "children": "child", "lives": "life", "analyses": "analysis",
              # irregular past forms, so "spend" finds "spent" and "speak to" finds "spoke to"
              "spent": "spend", "paid": "pay", "spoke": "speak", "spoken": "speak", "heard": "hear", "told": "tell",
              "said": "say", "took": "take", "taken": "take", "gave": "give", "given": "give", "sought": "seek",
              "brought": "bring", "bought": "buy", "began": "begin", "begun": "begin", "grew": "grow",
              "grown": "grow", "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall"}
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")


@lru_cache(maxsize=100000)  # words recur: a cached call costs less than the suffix tests
def _light(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_CO = re.compile(r"\bco-(?=[a-z])")  # "co-production" and "coproduction", "co-ordinated" and "coordinated": one word


def tokenize(text: str) -> list[str]:
    """Lower-case content words with plurals folded (numbers kept as written)."""
    low = text.lower().replace("’", "'")
    if "co-" in low:  # (the pattern needs one: most texts have none)
        low = _CO.sub("co", low)
    return [_light(w) for w in _WORD.findall(low) if w not in _STOP]


FRAMEWORK_QUOTES = re.compile(r"what people expect|local authority commitment", re.I)


_ENDS_SENTENCE = re.compile(r"[.!?:;)\"”%0-9]$")


def sentence_spans(
    text: str, lo: int = 0, hi: int | None = None, min_words: int = 5
) -> list[tuple[int, int]]:
    """(start, end) of the sentences and bullet items of text[lo:hi] that read as sentences (not headings)."""
    out: list[tuple[int, int]] = []
    for s, e in split_spans(text, lo, hi, min_words):
        body = text[s:e]
        if is_heading_line(text, s, body):
            continue  # a title in capitals or a markdown heading ending in a year is no sentence
        if _ENDS_SENTENCE.search(body) or len(body.split()) >= 10:
            out.append((s, e))
    return out


def is_heading_line(text: str, start: int, body: str) -> bool:
    """Whether a span is a heading: on a markdown '#' line, or a whole line of four or more words in capitals."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].lstrip().startswith("#"):
        return True
    line_end = text.find("\n", start)
    whole_line = text[line_start:line_end if line_end >= 0 else len(text)].strip() == body.strip()
    return whole_line and len(body.split()) >= 4 and body.isupper()


@lru_cache(maxsize=100000)
def root(term: str) -> str:
    """A second, coarser stem for matching ('paying' ~ 'pay', 'goes' ~ 'go')."""
    if term.endswith("ly") and len(term) >= 7:
        term = term[:-2]  # 'actually' ~ 'actual'
    if term.endswith("ment") and len(term) >= 9:
        return term[:-4]  # 'assessment' ~ 'assessing', 'payment' is too short to fold
    for suffix in ("ing", "ed", "es", "e", "s"):
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            return term[: -len(suffix)]
    return term


# Words the reports use interchangeably with the question's (mapped to one shared key).
_SYNONYMS = {
    "backlog": "~wait",
    "wait": "~wait",
    "waiting": "~wait",
    "waited": "~wait",
    "queue": "~wait",
    "uptake": "~uptake",
    "delay": "~delay",
    "delayed": "~delay",
    "late": "~delay",
    "carer": "~carer",
    "caring": "~carer",
    "complaint": "~complaint",
    "complain": "~complaint",
    "ask": "~request",
    "request": "~request",
    "online": "~online",
    "internet": "~online",
    "website": "~online",
    "web": "~online",
    "digital": "~online",
    "finish": "~complete",
    "finished": "~complete",
    "complete": "~complete",
    "completed": "~complete",
}
_COMPOUNDS = re.compile(r"\btake[- ]up\b", re.I)


_PREFIXED = re.compile(r"\b(co|re|pre|non)-(?=[a-z]{4})", re.I)
_PREFIXED_CUES = CaseBlind(_PREFIXED.pattern)


def prepare(text: str) -> str:
    """Text with compounds written one way ('take up' -> 'uptake', 'co-production' -> 'coproduction') and other
    wordings as the reports' ('cash payments' -> 'direct payments')."""
    text = canonical(text)
    if "take" in text.lower():  # the compound's letters lower-case to these (even a Kelvin sign's 'k')
        text = _COMPOUNDS.sub("uptake", text)
    if "-" not in text:  # (the pattern needs a hyphen: most sentences have none)
        return text
    low = lowered(text)  # scanned case-sensitively where that finds what the pattern finds (3x faster)
    if low is not None and not _PREFIXED_CUES.search(text, low):
        return text
    return _PREFIXED.sub(r"\1", text)


@lru_cache(maxsize=50000)
def term_set(text: str) -> frozenset[str]:
    """Tokens of a text, their coarse roots and shared synonym keys (cached: passages recur)."""
    tokens = tokenize(prepare(text))
    out = set(tokens) | {root(t) for t in tokens}
    return frozenset(out | {_SYNONYMS[t] for t in out if t in _SYNONYMS})


def covers(term: str, terms: frozenset[str]) -> bool:
    """Whether a question term (its coarse root, or a synonym) occurs in a token set."""
    return (
        term in terms
        or root(term) in terms
        or _SYNONYMS.get(term, "") in terms
        or _SYNONYMS.get(root(term), "") in terms
    )
