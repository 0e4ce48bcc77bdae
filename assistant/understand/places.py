"""Councils in a question: the register's exact and tolerant matches, split into loaded and not loaded.

A loaded council is known by the register council its catalog name names ("Hounslow Council" -> London
Borough of Hounslow), so any alias, short form or misspelling of it finds it. A real council with no
documents loaded is reported as unknown (the not-loaded answer); a misspelt match is reported as an
interpretation ("Taking 'darby' as Derby City Council").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA

from assistant.domain.councils import (
    CouncilMatcher,
    aliases_for,
    canonical_council,
    core_name,
    council_mentions,
)
from assistant.domain.nations import councils_outside_england, other_places
from assistant.domain.register import CouncilRegister
from assistant.domain.towns import TownMention, towns_in_text
from assistant.understand.lexicon import LEADING_WORDS, PLACES
from assistant.understand.spelling import english_words


@dataclass
class Places:
    """Councils a question names: loaded ones (catalog names), not-loaded ones, and how they were read."""

    loaded: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    interpretations: list[str] = field(default_factory=list)
    texts: tuple[str, ...] = ()  # the question's wordings of councils (kept from spelling correction)
    town_readings: list[str] = field(default_factory=list)  # "Taking 'Scunthorpe' as ...", among interpretations

    @property
    def words(self) -> frozenset[str]:
        """Lower-case words that name a council in the question."""
        return frozenset(w.lower() for t in self.texts for w in re.findall(r"[A-Za-z]+", t))


@lru_cache(maxsize=32)
def _loaded_codes(councils: tuple[str, ...]) -> dict[str, str]:
    """Register code -> the loaded (catalog) name that names that council."""
    register = CouncilRegister.load()
    out: dict[str, str] = {}
    for name in councils:
        match = register.resolve(name)
        if match is not None and match.exact:
            out.setdefault(match.council.gss_code, name)
    for name in councils:  # catalog names with extra words ("CQC rates Kent County Council")
        found = register.find_in_text(name)
        if len(found) == 1:
            out.setdefault(found[0].council.gss_code, name)
    return out


@lru_cache(maxsize=32)
def _known(councils: tuple[str, ...]) -> tuple[CouncilMatcher, re.Pattern[str] | None]:
    """A matcher for the loaded councils and one pattern for all their aliases (cached per council set)."""
    aliases = sorted({a for c in councils for a in aliases_for(c)}, key=len, reverse=True)
    mask = re.compile(r"(?i)\b(" + "|".join(re.escape(a) for a in aliases) + r")\b") if aliases else None
    return CouncilMatcher(list(councils)), mask


def _unnamed_places(text: str, known: Sequence[str]) -> list[str]:
    """Council-like names ("Wessex County Council") and places that match no loaded council."""
    matcher, mask = _known(tuple(known))
    masked = mask.sub(lambda m: " " * len(m.group(0)), text) if mask else text
    unknown: list[str] = []
    for mention in council_mentions(masked):
        words = mention.split()
        while words and words[0].lower() in LEADING_WORDS:
            words = words[1:]
        name = canonical_council(" ".join(words)) if words else ""
        if name and len(name.split()) > 1 and not matcher.find(name):
            unknown.append(name)
    if not unknown:  # written in lower case: "how did wessex county council do"
        unknown += [canonical_council(n) for n in _lower_case_councils(masked) if not matcher.find(n)]
    for m in PLACES.finditer(masked):
        place = m.group(1)
        if any(core_name(u).lower() == place.lower() for u in unknown) or matcher.find(place):
            continue
        unknown.append(canonical_council(place))
    return list(dict.fromkeys(unknown))


_STYLED = re.compile(r"(?i)\b((?:[a-z]+[- ]){1,3}?)(county|city|borough|district|metropolitan borough) council\b")
_NOT_A_NAME = frozenset({"this", "that", "these", "those", "our", "their", "your", "my", "a", "an", "any", "each",
                         "every", "other", "same", "local", "s", "get", "got", "score", "rating", "rate", "cqc"})


def _lower_case_councils(text: str) -> list[str]:
    """Council-styled names in any case, trimmed to the words just before the style ("wessex county council")."""
    out: list[str] = []
    for m in _STYLED.finditer(text):
        words: list[str] = []
        for w in reversed(m.group(1).split()):
            if w.lower() in LEADING_WORDS or w.lower() in _NOT_A_NAME:
                break
            words.insert(0, w)
        if words:
            out.append(f"{' '.join(words)} {m.group(2)} council")
    return out


_LONGER = re.compile(r"\s+((?:[a-z][a-z'’-]*\s+){1,2}?)council\b", re.I)
_STYLE_OR_FILLER = frozenset({"city", "county", "borough", "district", "metropolitan", "london", "royal", "unitary",
                              "town", "the", "a", "of", "s", "adult", "adults", "social", "care", "cqc"})
_CONNECTORS = frozenset({"and", "or", "vs", "v", "versus", "with", "than", "to", "&", "nor", "from", "in", "at"})


def _is_style(word: str) -> bool:
    """A council style or filler word, allowing one typo in a longer one ("Kent Couny Council")."""
    return word in _STYLE_OR_FILLER or (len(word) >= 4 and any(
        len(s) >= 4 and OSA.distance(word, s, score_cutoff=1) <= 1 for s in _STYLE_OR_FILLER))


def _longer_name(text: str, end: int) -> str:
    """Words between a council's name and a following 'council' that are no council style ("Lincolnshire Wolds
    Council"): the name is part of another, unknown council's name. Empty when there are none."""
    m = _LONGER.match(text, end)
    words = m.group(1).split() if m else []
    low = [w.lower() for w in words]
    if not low or all(_is_style(w) for w in low) or any(w in _CONNECTORS for w in low):
        return ""
    return " ".join(words)


_BEFORE = re.compile(r"(?i)\b((?:north|south|east|west|mid|central|north east|north west|south east|south west)"
                     r"[\s-]+)$")


def _district(text: str, start: int, place: str) -> str:
    """The district a compass word before a county's name (or short form) makes of it: "east herts" is East
    Hertfordshire, a district council, not Hertfordshire. Empty when the words make no known place."""
    m = _BEFORE.search(text[:start])
    name = f"{' '.join(m.group(1).split())} {place}" if m else ""
    return name.title() if name.lower() in other_places() else ""


def find_places(text: str, councils: Sequence[str]) -> Places:
    """The councils a question names, loaded or not, with interpretations of misspelt names.

    A council outside England (CQC assesses none) is not loaded, and its words name no English council."""
    outside = []
    for where, start, end in councils_outside_england(text):
        outside.append(where)
        text = text[:start] + " " * (end - start) + text[end:]
    codes = _loaded_codes(tuple(councils))
    towns = towns_in_text(text)
    for t in towns:  # a town is no council's name: "Sutton Coldfield" does not name Sutton
        text = text[: t.start] + " " * (t.end - t.start) + text[t.end :]
    mentions = CouncilRegister.load().fuzzy_in_text(text)
    places = Places(texts=tuple(m.text for m in mentions))
    loaded: list[tuple[int, str]] = []
    for m in mentions:
        name = codes.get(m.council.gss_code)
        if extra := _longer_name(text, m.end):
            places.unknown.append(canonical_council(f"{m.text} {extra} Council"))
            continue
        if district := _district(text, m.start, m.council.short_name):
            places.unknown.append(canonical_council(district))
            continue
        if name is None:
            places.unknown.append(m.council.name)
        else:
            loaded.append((m.start, name))
        if not m.exact:
            places.interpretations.append(f"Taking '{m.text}' as {name or m.council.name}")
    if mentions:  # a loaded council's own short name the register does not list ("kensington" beside "camden")
        rest = text
        for m in mentions:
            rest = rest[: m.start] + " " * (m.end - m.start) + rest[m.end :]
        matcher, mask = _known(tuple(councils))
        for hit in mask.finditer(rest) if mask else ():
            loaded += [(hit.start(), c) for c in matcher.find(hit.group(0))]
            places.texts += (hit.group(0),)
    places.loaded = list(dict.fromkeys(name for _, name in sorted(loaded, key=lambda x: x[0])))
    places.unknown = list(dict.fromkeys(places.unknown))
    if not mentions:  # councils the register does not hold, and places that are no council
        places.loaded = _known(tuple(councils))[0].find(text)
        places.unknown = _unnamed_places(text, councils)
        if not places.loaded and not places.unknown and not towns:  # "what rating did torridge get", any case
            places.unknown = [canonical_council(p) for p in _no_council_places(text)]
    places.unknown = list(dict.fromkeys([*places.unknown, *outside]))
    _add_towns(places, towns, codes)
    return places


@lru_cache(maxsize=1)
def _other_places_pattern() -> re.Pattern[str]:
    """Whole-word, any-case names of places that are no council (one-word names that are English words left out)."""
    names = [n for n in other_places() if " " in n or n not in english_words()]
    parts = (r"[\s-]+".join(re.escape(w) for w in n.split()) for n in sorted(names, key=len, reverse=True))
    return re.compile(r"(?i)(?<![\w-])(" + "|".join(parts) + r")(?![\w-])")


def _no_council_places(text: str) -> list[str]:
    """Places a question names that are no council with adult social care duties (districts, towns), in order."""
    return list(dict.fromkeys(" ".join(m.group(1).split()).title() for m in _other_places_pattern().finditer(text)))


def _add_towns(places: Places, towns: list[TownMention], codes: dict[str, str]) -> None:
    """The councils of the towns a question names, unless it names them outright, each read aloud."""
    register = CouncilRegister.load()
    for t in towns:
        council = register.by_code(t.gss_code)
        name = codes.get(t.gss_code) or (council.name if council else None)
        if name is None or name in places.loaded or name in places.unknown:
            continue
        (places.loaded if t.gss_code in codes else places.unknown).append(name)
        places.texts += (t.town,)
        places.interpretations.append(f"Taking '{t.town}' as {name}")
        places.town_readings.append(places.interpretations[-1])
