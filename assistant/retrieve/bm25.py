"""Okapi BM25 over the catalog's active chunks: a small, vectorised inverted index in numpy.

Tokens are lower-cased words, stop-words dropped, Snowball-stemmed (cached per word), with sector
acronyms expanded. Each chunk is indexed as its heading path followed by its text (headings carry meaning: a
paragraph under "Safeguarding" is about safeguarding even when it never says so). Per-posting
BM25 weights are precomputed at build time, so a query is one scatter-add per query term.
"""

from __future__ import annotations

import array
import functools
import re
import threading
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import snowballstemmer

_STOP_TEXT = """a about above after again against all also am an and any are as at be because been before
    being
    below between both but by can could did do does doing down during each few for from further get got
    had has have having he her here hers him his how i if in into is it its itself just me more most my
    no nor not of off on once only or other our ours out over own same she should so some such than that
    the their theirs them then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours s t
    council councils s tell please show give"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_TEXT.split())
_IRREGULAR = {"people": "person", "children": "child", "women": "woman", "men": "man"}
_STEMMER = snowballstemmer.stemmer("english")
_STEMMER_LOCK = threading.Lock()  # a snowball stemmer keeps its word in itself: concurrent calls corrupt it

_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter2) English stem of a lower-case word; numbers and a few irregular plurals kept."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    with _STEMMER_LOCK:  # once per word (cached): without it, concurrent questions crashed or got a wrong stem
        result: str = _STEMMER.stemWord(word)
    return result


# Sector acronyms: indexed (and queried) together with the words they stand for, so "ASC budget"
# matches "adult social care budget" and the reverse.
ACRONYMS: dict[str, tuple[str, ...]] = {
    "asc": ("adult", "social", "care"), "dol": ("deprivation", "liberty", "safeguard"),
    "msp": ("making", "safeguarding", "personal"), "icb": ("integrated", "care", "board"),
    "jsna": ("joint", "strategic", "need", "assessment"), "edi": ("equality", "diversity", "inclusion"),
    "ot": ("occupational", "therapist"), "pa": ("personal", "assistant"), "dp": ("direct", "payment"),
    "pfa": ("preparing", "adulthood"), "tec": ("technology", "enabled", "care"),
    "vcse": ("voluntary", "community", "social", "enterprise"), "sab": ("safeguarding", "adult", "board"),
    "cqc": ("care", "quality", "commission"), "lga": ("local", "government", "association"),
}


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens, stop-words removed, lightly stemmed, acronyms expanded; numbers as written."""
    out: list[str] = []
    for raw in _TOKEN.findall(text.lower().replace("’", "'")):
        tok = raw.rstrip(".,")
        if not tok or tok in STOP_WORDS:
            continue
        word = stem(tok)
        out.append(word)
        expansion = ACRONYMS.get(word)
        if expansion:
            out.extend(stem(w) for w in expansion)
    return out


@functools.lru_cache(maxsize=1024)
def _distinct_tokens(query: str) -> tuple[str, ...]:
    """A query's distinct tokens in order (cached: every passage of an answer asks again)."""
    return tuple(dict.fromkeys(tokenize(query)))


@dataclass(frozen=True)
class BM25Hits:
    """Scores of every indexed item for one query (0 where no query term occurs)."""

    scores: npt.NDArray[np.float32]
    matched_terms: npt.NDArray[np.int16]  # how many distinct query terms each item contains
    n_terms: int  # distinct query terms known to the index


class BM25Index:
    """An inverted index with precomputed per-posting BM25 weights."""

    def __init__(self, texts: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.size = len(texts)
        vocab: dict[str, int] = {}
        rows = array.array("i")  # compact: a corpus of 30k chunks has ~10M postings before merging
        cols = array.array("i")
        lengths = np.zeros(self.size, dtype=np.float32)
        for i, text in enumerate(texts):
            toks = tokenize(text)
            lengths[i] = len(toks)
            cols.extend(vocab.setdefault(tok, len(vocab)) for tok in toks)
            rows.extend([i] * len(toks))
        self.vocab = vocab
        self._max_idf = float(np.log1p((self.size + 0.5) / 0.5))
        self._idf = np.zeros(len(vocab), dtype=np.float32)
        if not rows:
            self._offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
            self._docs = np.zeros(0, dtype=np.int32)
            self._weights = np.zeros(0, dtype=np.float32)
            return
        # term frequencies per (term, doc) pair, sorted by term then doc
        pairs = np.frombuffer(cols, dtype=np.int32).astype(np.int64) * max(self.size, 1)
        pairs += np.frombuffer(rows, dtype=np.int32)
        del rows, cols
        uniq, tf = np.unique(pairs, return_counts=True)
        terms = uniq // max(self.size, 1)
        docs = (uniq % max(self.size, 1)).astype(np.int32)
        df = np.bincount(terms, minlength=len(vocab)).astype(np.float32)
        idf = np.log1p((self.size - df + 0.5) / (df + 0.5))
        self._idf = idf.astype(np.float32)
        avgdl = float(lengths.mean()) or 1.0
        tf32 = tf.astype(np.float32)
        norm = k1 * (1.0 - b + b * lengths[docs] / avgdl)
        self._weights = (idf[terms] * tf32 * (k1 + 1.0) / (tf32 + norm)).astype(np.float32)
        self._docs = docs
        self._offsets = np.concatenate([[0], np.cumsum(np.bincount(terms, minlength=len(vocab)))])

    def arrays(self) -> tuple[dict[str, npt.NDArray[Any]], list[str]]:
        """The index as arrays plus its vocabulary in term-id order (what `from_arrays` takes back)."""
        arrays: dict[str, npt.NDArray[Any]] = {"bm25_idf": self._idf, "bm25_offsets": self._offsets,
                                               "bm25_docs": self._docs, "bm25_weights": self._weights}
        return arrays, list(self.vocab)

    def postings_arrays(self) -> tuple[npt.NDArray[Any], ...]:
        """The arrays a query reads (to touch them once after opening)."""
        return self._idf, self._offsets, self._docs, self._weights

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[Any]], vocab: Sequence[str], size: int) -> BM25Index:
        """An index over saved arrays (memory-mapped arrays stay mapped), without tokenising anything."""
        index = cls.__new__(cls)
        index.size = size
        index.vocab = {term: i for i, term in enumerate(vocab)}
        index._max_idf = float(np.log1p((size + 0.5) / 0.5))
        index._idf, index._offsets = arrays["bm25_idf"], arrays["bm25_offsets"]
        index._docs, index._weights = arrays["bm25_docs"], arrays["bm25_weights"]
        return index

    def query_terms(self, query: str, exclude: Collection[str] = ()) -> list[int]:
        """Distinct index term ids of a query's tokens (unknown and excluded words dropped)."""
        ids: list[int] = []
        for tok in tokenize(query):
            if tok in exclude:
                continue
            tid = self.vocab.get(tok)
            if tid is not None and tid not in ids:
                ids.append(tid)
        return ids

    def weights(self, query: str, exclude: Collection[str] = ()) -> dict[str, float]:
        """IDF of each distinct query token (the highest possible IDF for a token no item has)."""
        out: dict[str, float] = {}
        for tok in tokenize(query):
            if tok not in exclude and tok not in out:
                tid = self.vocab.get(tok)
                out[tok] = self._max_idf if tid is None else float(self._idf[tid])
        return out

    def coverage(self, query: str, item: int) -> float | None:
        """IDF-weighted share of the query's words that occur in one item (None for no words).

        A word the index has never seen counts with the highest possible IDF, so a question about
        something no document mentions ("hourly rate", "Ofsted") gets a low coverage everywhere.
        """
        words = _distinct_tokens(query)
        if not words:
            return None
        found = total = 0.0
        for word in words:
            tid = self.vocab.get(word)
            if tid is None:
                total += self._max_idf
                continue
            weight = float(self._idf[tid])
            total += weight
            docs = self._docs[self._offsets[tid]:self._offsets[tid + 1]]
            at = int(np.searchsorted(docs, item))
            if at < docs.size and int(docs[at]) == item:
                found += weight
        return found / total if total else None

    def search(self, query: str, exclude: Collection[str] = ()) -> BM25Hits:
        """BM25 score of every item for the query (tokens in `exclude` ignored)."""
        scores = np.zeros(self.size, dtype=np.float32)
        matched = np.zeros(self.size, dtype=np.int16)
        term_ids = self.query_terms(query, exclude)
        for tid in term_ids:
            lo, hi = self._offsets[tid], self._offsets[tid + 1]
            docs = self._docs[lo:hi]
            scores[docs] += self._weights[lo:hi]  # docs are unique within one posting list
            matched[docs] += 1
        return BM25Hits(scores=scores, matched_terms=matched, n_terms=len(term_ids))


def top_k(scores: npt.NDArray[np.float32], k: int, mask: npt.NDArray[np.bool_] | None = None) -> list[int]:
    """Indices of the k highest positive scores (restricted to mask), best first."""
    s = scores if mask is None else np.where(mask, scores, 0.0)
    positive = np.flatnonzero(s > 0)
    if positive.size == 0:
        return []
    if positive.size > k:
        part = np.argpartition(-s[positive], k - 1)[:k]
        positive = positive[part]
    order = np.argsort(-s[positive], kind="stable")
    return [int(i) for i in positive[order]]
