"""The register of English councils with adult social care duties, and matching their names in text.

What is known of each council is data (``data/councils.csv``); the code knows only generic styles ("London
Borough of X", "X City Council"). Tolerant matching never turns an ordinary English word
(``data/english_words.txt``) or another English place (``data/other_places.txt``) into a council.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Literal, NamedTuple, get_args

from assistant.domain.datafiles import data_lines, data_text
from assistant.domain.fuzzy import closest
from assistant.domain.nations import outside_england

CouncilType = Literal["county", "metropolitan", "london_borough", "unitary", "city_of_london", "isles_of_scilly"]
_TYPES: dict[str, CouncilType] = {t: t for t in get_args(CouncilType)}
REGIONS = frozenset(("North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands",
                     "East of England", "London", "South East", "South West"))
GSS_CODE = re.compile(r"^E0[6-9]\d{6}$|^E10\d{6}$")

# How councils are styled around the place name, longest first. Generic: none names a council.
_PREFIXES = tuple(tuple(p.split()) for p in ("london borough of", "royal borough of", "metropolitan borough of",
                                             "borough of", "city of", "county of", "lb", "rb"))
_SUFFIXES = tuple(tuple(s.split()) for s in ("metropolitan borough council", "metropolitan district council",
                                             "borough council", "city council", "county council", "district council",
                                             "council", "corporation", "city", "county", "borough"))

FUZZY_MIN_LETTERS = 5  # shorter text is never matched tolerantly ("kent" vs "rent", "york" vs "work")
FUZZY_ALIAS_LETTERS = 6  # shorter aliases are abbreviations ("Herts", "Lincs"): matched exactly only
JOINED_PART_LETTERS = 3  # each half of a name written as two words ("derby shire") has at least this many letters
MAX_WINDOW = 4  # words in a window that fuzzy_in_text compares (more if a short name is longer)

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|&")
_BREAK = re.compile(r"[!?;:()\[\]\n.]")


@dataclass(frozen=True)
class Council:
    """One council with adult social care duties."""

    gss_code: str
    name: str  # as CQC writes it on report pages
    short_name: str  # the place
    type: CouncilType
    region: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CouncilMatch:
    """The council a name resolved to: the register form it matched, a 0-100 score, and whether exact."""

    council: Council
    matched: str
    score: float
    exact: bool


@dataclass(frozen=True)
class CouncilMention:
    """A council named in a text, with its character span ``text[start:end]``."""

    council: Council
    start: int
    end: int
    text: str
    score: float
    exact: bool


class _Token(NamedTuple):
    word: str  # normalised: case-folded, "&" -> "and", apostrophes and a possessive "'s" dropped
    start: int
    end: int  # excludes a possessive "'s"
    brk: bool  # sentence punctuation between this token and the one before


def _tokens(text: str) -> list[_Token]:
    stops = [(m.start(), m.group() == ".") for m in _BREAK.finditer(text)]
    out: list[_Token] = []
    at, last_len = 0, 0
    for m in _TOKEN.finditer(text):
        raw, start, end = m.group(), m.start(), m.end()
        brk = False
        while at < len(stops) and stops[at][0] < start:  # a full stop after "St" or "N" is no break
            brk, at = brk or not stops[at][1] or last_len > 2, at + 1
        if "'" in raw or "’" in raw:
            if raw[-2:].lower() in ("'s", "’s"):
                raw, end = raw[:-2], end - 2
            raw = raw.replace("'", "").replace("’", "")
        out.append(_Token("and" if raw == "&" else raw.casefold(), start, end, brk))
        last_len = len(raw)
    return out


def _has(toks: list[_Token], words: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    """Whether the phrase's words follow from token i with no sentence break inside (a break before is fine)."""
    n = len(phrase)
    return tuple(words[i : i + n]) == phrase and not any(t.brk for t in toks[i + 1 : i + n])


def _strip(words: tuple[str, ...], affixes: tuple[tuple[str, ...], ...], at_end: bool) -> tuple[str, ...]:
    """Remove the first matching prefix or suffix, if something is left."""
    for affix in affixes:
        n = len(affix)
        if len(words) > n and (words[-n:] if at_end else words[:n]) == affix:
            return words[:-n] if at_end else words[n:]
    return words


def _key(text: str) -> tuple[str, ...]:
    """A name's lookup key: normalised words, a leading 'the' and a trailing council style removed."""
    words = tuple(t.word for t in _tokens(text))
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return _strip(words, _SUFFIXES, at_end=True)


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    code: str | None = None


def _read_councils(text: str) -> list[Council]:
    councils = []
    for row in csv.DictReader(io.StringIO(text)):
        kind, code, region = _TYPES.get(row["type"]), row["gss_code"], row["region"]
        if kind is None or region not in REGIONS or not GSS_CODE.match(code):
            raise ValueError(f"bad council row: {row}")
        aliases = tuple(a.strip() for a in row["aliases"].split(";") if a.strip())
        councils.append(Council(code, row["name"], row["short_name"], kind, region, aliases))
    return councils


class CouncilRegister:
    """Every council in the register, looked up by code, name, alias or a (misspelt) mention in text."""

    def __init__(self, councils: list[Council], ordinary_words: frozenset[str] = frozenset(),
                 other_places: tuple[str, ...] = ()) -> None:
        self._councils = tuple(councils)
        self._by_code = {c.gss_code: c for c in councils}
        if len(self._by_code) != len(councils):
            raise ValueError("duplicate GSS code in the council register")
        owners: dict[tuple[str, ...], set[str]] = {}
        self._forms: dict[str, str] = {}  # key text -> the register's own wording of it
        for c in councils:
            for form in (c.name, c.short_name, *c.aliases):
                key = _key(form)
                owners.setdefault(key, set()).add(c.gss_code)
                self._forms.setdefault(" ".join(key), form)
        self.ambiguous = frozenset(" ".join(k) for k, codes in owners.items() if len(codes) > 1)
        self._exact = {" ".join(k): next(iter(v)) for k, v in owners.items() if len(v) == 1 and k}
        self._trie = _Node()
        for key_text, code in self._exact.items():
            node = self._trie
            for word in key_text.split():
                node = node.children.setdefault(word, _Node())
            node.code = code
        self._key_words = frozenset(w for k in self._exact for w in k.split())
        self._first_words = frozenset(k.split()[0] for k in self._exact) | {p[0] for p in _PREFIXES}
        self._window = max([MAX_WINDOW, *(len(_key(c.short_name)) for c in councils)])
        self._ordinary = ordinary_words
        places = {" ".join(_key(p)) for p in other_places} - set(self._exact) - self.ambiguous
        main = {" ".join(_key(f)) for c in councils for f in (c.name, c.short_name)}
        self._pool = {k: v for k, v in self._exact.items()
                      if len(k.replace(" ", "")) >= (FUZZY_MIN_LETTERS if k in main else FUZZY_ALIAS_LETTERS)}
        self._pool.update({p: "" for p in places})  # "" marks a place that is not a council
        self._pool_keys = list(self._pool)
        self._fuzzy_seen: dict[str, tuple[str, str, float] | None] = {}  # window text -> `_fuzzy`'s answer

    @classmethod
    def load(cls) -> CouncilRegister:
        """The register shipped with the package (read once, then cached)."""
        return _shipped()

    def all(self) -> tuple[Council, ...]:
        return self._councils

    def by_code(self, code: str) -> Council | None:
        return self._by_code.get(code.strip().upper())

    def resolve(self, text: str) -> CouncilMatch | None:
        """The council a name refers to: exact (normalised) first, then tolerant of misspelling."""
        base = _key(text)
        queries = list(dict.fromkeys((base, _strip(base, _PREFIXES, at_end=False))))
        for key in (" ".join(words) for words in queries):
            if key in self._exact:
                return CouncilMatch(self._by_code[self._exact[key]], self._forms[key], 100.0, True)
        hit = max((h for words in queries if (h := self._fuzzy(words))), key=lambda h: h[2], default=None)
        return CouncilMatch(self._by_code[hit[0]], self._forms[hit[1]], hit[2], False) if hit else None

    def find_in_text(self, text: str, *, proper_nouns_only: bool = False) -> list[CouncilMention]:
        """Every council named in the text, exactly (case-insensitive, whole words), longest name first.

        With ``proper_nouns_only`` a bare one-word name written in lower case is skipped, for edited text
        where place names are capitalised ("reading the report" does not name Reading).
        """
        return self._exact_mentions(text, _tokens(text), proper_nouns_only)

    def fuzzy_in_text(self, text: str) -> list[CouncilMention]:
        """Councils named in a short question: exact mentions, then misspelt names in 1-4 word windows (or as
        many words as the longest short name) elsewhere. A window must not begin or end with an ordinary English
        word unless the word is in some council's name ("north"), and must pass the cut-offs of ``_fuzzy``."""
        toks = _tokens(text)
        joined = self._joined_mentions(text, toks)
        exact = joined + [m for m in self._exact_mentions(text, toks, False)
                          if not any(j.start < m.end and m.start < j.end for j in joined)]
        covered = {k for m in exact for k, t in enumerate(toks) if m.start <= t.start < m.end}
        candidates: list[tuple[float, int, int, str]] = []
        for i in range(len(toks)):
            for j in range(i + 1, min(i + self._window, len(toks)) + 1):
                if (j - 1 > i and toks[j - 1].brk) or j - 1 in covered or i in covered:
                    break
                words = tuple(t.word for t in toks[i:j])
                if self._edge_ok(words[0]) and self._edge_ok(words[-1]) and (hit := self._fuzzy(words)):
                    candidates.append((hit[2], j - i, i, hit[0]))
        taken: set[int] = set()
        mentions = list(exact)
        for score, size, i, code in sorted(candidates, key=lambda c: (-c[0], -c[1], c[2])):
            if not taken.intersection(range(i, i + size)):
                taken.update(range(i, i + size))
                start, end = toks[i].start, toks[i + size - 1].end
                mentions.append(CouncilMention(self._by_code[code], start, end, text[start:end], score, False))
        return sorted(mentions, key=lambda m: m.start)

    def _joined_mentions(self, text: str, toks: list[_Token]) -> list[CouncilMention]:
        """A one-word council written as two words ("derby shire"): that council, never the first part's."""
        out: list[CouncilMention] = []
        for a, b in pairwise(toks):
            code = self._exact.get(a.word + b.word) if min(len(a.word), len(b.word)) >= JOINED_PART_LETTERS else None
            if code and not b.brk and not (out and out[-1].end > a.start):
                out.append(CouncilMention(self._by_code[code], a.start, b.end, text[a.start:b.end], 100.0, True))
        return out

    def _edge_ok(self, word: str) -> bool:
        return word in self._key_words or word not in self._ordinary

    def _exact_mentions(self, text: str, toks: list[_Token], proper_nouns_only: bool) -> list[CouncilMention]:
        words = [t.word for t in toks]
        out: list[CouncilMention] = []
        i = 0
        while i < len(toks):
            code, j = self._match_at(toks, words, i) if words[i] in self._first_words else ("", i + 1)
            start, end = toks[i].start, toks[j - 1].end
            if code and not (proper_nouns_only and j - i == 1 and text[start:end].islower()):
                out.append(CouncilMention(self._by_code[code], start, end, text[start:end], 100.0, True))
            i = j if code else i + 1
        return out

    def _match_at(self, toks: list[_Token], words: list[str], i: int) -> tuple[str, int]:
        """(code, end token) of the longest council name at token i with its generic style, or ("", i + 1)."""
        starts = [i] + [i + len(p) for p in _PREFIXES if _has(toks, words, i, p)]
        best: tuple[str, int] | None = None
        for s in starts:
            node, k = self._trie, s
            while k < len(toks) and (k == i or not toks[k].brk) and (child := node.children.get(words[k])):
                node, k = child, k + 1
                if node.code is not None and (best is None or k > best[1]):
                    best = (node.code, k)
        if best is None:
            return "", i + 1
        code, k = best
        if k < len(toks) and not toks[k].brk:  # a council style right after the name: "Kent County Council"
            return next(((code, k + len(s)) for s in _SUFFIXES if _has(toks, words, k, s)), best)
        return best

    def _fuzzy(self, words: tuple[str, ...]) -> tuple[str, str, float] | None:
        """(code, key, score) of the one council these words are a misspelling of, if clearly one."""
        text = " ".join(words)
        if sum(map(len, words)) < FUZZY_MIN_LETTERS or all(w in self._ordinary for w in words):
            return None
        if text in self._fuzzy_seen:  # windows recur across questions ("safeguarding score"): scan each once
            return self._fuzzy_seen[text]
        hit = closest(text, self._pool_keys, self._pool)
        found = None if hit is None or hit[0] == "" else (hit[0], hit[1], round(hit[2], 1))  # "": no council
        if len(self._fuzzy_seen) >= 50_000:
            self._fuzzy_seen.clear()
        self._fuzzy_seen[text] = found
        return found


@cache
def _shipped() -> CouncilRegister:
    return CouncilRegister(
        _read_councils(data_text("councils.csv")),
        ordinary_words=frozenset(data_lines("english_words.txt")),
        other_places=(*data_lines("other_places.txt"), *outside_england()),
    )
