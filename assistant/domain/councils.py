"""Council names in questions: one canonical form per council (the register's official name where it holds the
council, see `assistant.domain.register`), its aliases, and tolerant matching in free text."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA

from assistant.domain.fuzzy import FUZZY_EDIT_CHARS, closest
from assistant.domain.register import CouncilRegister

# Conventional short forms of county names ("North Lincs", "Leics", "Notts").
_SHIRE_ABBREVIATIONS = {
    "lincolnshire": "lincs", "leicestershire": "leics", "nottinghamshire": "notts",
    "northamptonshire": "northants", "hampshire": "hants", "gloucestershire": "glos",
    "oxfordshire": "oxon", "cambridgeshire": "cambs", "buckinghamshire": "bucks", "berkshire": "berks",
    "hertfordshire": "herts", "bedfordshire": "beds", "wiltshire": "wilts", "worcestershire": "worcs",
    "staffordshire": "staffs", "derbyshire": "derbys", "lancashire": "lancs", "yorkshire": "yorks",
    "warwickshire": "warks", "shropshire": "salop", "lincoln": "lincs",
}
_SUFFIXES = (
    "metropolitan borough council", "royal borough council", "borough council", "city council",
    "county council", "district council", "council",
)
_PREFIXES = ("london borough of ", "royal borough of ", "city of ")


def canonical_council(name: str) -> str:
    """A council name as written ('DERBY CITY COUNCIL', 'Hounslow Council's') as the register's official name;
    outside the register, normalised to title case."""
    full = re.search(r"\bcouncil\b|\bborough of\b|^city of\b", name, re.I)  # a name, not a bare place
    found = CouncilRegister.load().resolve(name) if full else None
    if found is not None and found.exact:
        return found.council.name
    cleaned = re.sub(r"[’']s\b", "", name.strip())
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .,:;")
    small = {"and", "of", "upon", "on", "the", "in", "le"}
    words = cleaned.split(" ")
    shouting = cleaned.isupper()
    out = [w if (not shouting and w.isupper() and len(w) <= 4 and i > 0 and w.lower() not in small) else
           (w.lower() if (i > 0 and w.lower() in small) else w[:1].upper() + w[1:].lower())
           for i, w in enumerate(words)]
    result = " ".join(out)
    if not result.lower().endswith("council"):
        result += " Council"
    return result


def core_name(canonical: str) -> str:
    """The place name without the council type: 'Derby City Council' -> 'Derby'."""
    low = canonical.lower()
    for prefix in _PREFIXES:
        if low.startswith(prefix):
            canonical, low = canonical[len(prefix):], low[len(prefix):]
    for suffix in _SUFFIXES:
        if low.endswith(" " + suffix):
            return canonical[: -len(suffix) - 1].strip()
    return canonical


def aliases_for(canonical: str) -> set[str]:
    """Lower-case names a person may use for a council: core name, short county forms, initials."""
    core = core_name(canonical)
    names = {canonical.lower(), core.lower()}
    words = core.lower().split()
    abbreviated = [_SHIRE_ABBREVIATIONS.get(w, w) for w in words]
    if abbreviated != words:
        names.add(" ".join(abbreviated))
    first = core.lower().split(" and ")[0]
    if first != core.lower():  # "Kensington" for Kensington and Chelsea, unless another council is named so
        hit = CouncilRegister.load().resolve(first)
        if hit is None or not hit.exact or core.lower() in {hit.council.name.lower(), hit.council.short_name.lower()}:
            names.add(first)
    full_words = [w for w in re.findall(r"[A-Za-z]+", canonical) if w.lower() not in {"of", "and", "upon"}]
    if len(full_words) >= 2:
        names.add("".join(w[0] for w in full_words).lower())  # "NLC", "DCC"
    names.add(core.lower() + " council")
    return {n for n in names if n}


# Words a question uses that are never a misspelt council name: no fuzzy matching on windows made only
# of these (saves the work, and stops "services" or "reviews" drifting onto a place name).
_COMMON_WORDS = frozenset(
    """
    a about across after all also an and any are as assessment assessments at authority authorities be
    been before best better between both but by can care carers cqc council councils county city did do
    does doing done during each evidence find findings for found from good had has have how in inspectors
    into is it its local many more most much north not of on or other our out over people quality rating
    rated report said say says score scored scores scoring services service should social south support
    than that the their them there these they this those to under up was waiting we well were west east what
    when where which while who why will with would year years list lists compare compared adult adults
    statement statements theme themes safe safety safeguarding equity learning leadership governance
    partnerships communities pathways systems transitions provision integration continuity assessing needs
    supporting healthier lives improvement innovation management sustainability experience outcomes
    working providing ensuring overall indicative score percentage council's what's improve improved
    """.split()  # noqa: SIM905
)


def _words_of(alias: str) -> str:
    """An alias in the matcher's token form: lower-case words of letters and digits."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", alias.lower()).split())


_SEEN_MOST = 50_000  # windows whose tolerant match is remembered per council list


@dataclass(frozen=True)
class _Index:
    """Everything find() needs for one council list, built once per distinct list."""

    aliases: dict[str, str]  # token-form alias -> council
    order: dict[str, int]  # alias -> rank (longest first, then insertion order), as the scan order
    initials: frozenset[str]  # aliases matched only when written in capitals ("NLC")
    max_words: int
    fuzzy: dict[int, list[str]]  # word count -> aliases long enough to match tolerantly
    # window -> its tolerant match among `fuzzy` (windows recur across questions: "scored highest", "look like")
    closest: dict[str, tuple[str, str, float] | None] = field(default_factory=dict)


def _is_initials(alias: str) -> bool:
    return " " not in alias and len(alias) <= 4 and alias not in {"hull", "bath", "york"}


@lru_cache(maxsize=16)
def _index(councils: tuple[str, ...]) -> _Index:
    """Alias table, scan order and tolerant-match groups for a council list (cached per list)."""
    table: dict[str, str] = {}
    for council in councils:
        for alias in sorted(aliases_for(council)):
            key = _words_of(alias)
            if not key:
                continue
            # an initialism shared by two councils is ambiguous: drop it
            table[key] = "" if key in table and table[key] != council else council
    aliases = {a: c for a, c in table.items() if c}
    ranked = sorted(aliases, key=len, reverse=True)
    groups: dict[int, list[str]] = {}
    for alias in aliases:
        if len(alias) >= 5:
            groups.setdefault(len(alias.split()), []).append(alias)
    return _Index(
        aliases=aliases,
        order={a: i for i, a in enumerate(ranked)},
        initials=frozenset(a for a in aliases if _is_initials(a)),
        max_words=max((len(a.split()) for a in aliases), default=0),
        fuzzy=groups,
    )


@dataclass
class CouncilMatcher:
    """Finds known councils in a question by alias, tolerating small misspellings.

    Work per question is proportional to the question's length: exact aliases are looked up by word
    n-gram in a dict, and fuzzy matching (only when nothing matched exactly) compares word windows with
    rapidfuzz on the register's terms (same first letter, few OSA edits, one clear council).
    """

    councils: list[str]
    _aliases: dict[str, str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._index = _index(tuple(self.councils))
        self._aliases = self._index.aliases

    def find(self, text: str) -> list[str]:
        """Canonical councils named in the text, in order of first mention."""
        idx = self._index
        low = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
        raw = re.sub(r"[^A-Za-z0-9]+", " ", text).split()
        if len(raw) != len(low):  # exotic case folding changed the words: fall back to lower case
            raw = [w.upper() for w in low]
        first: dict[str, tuple[int, int]] = {}  # alias -> (first word position, word count)
        for i in range(len(low)):
            for n in range(min(idx.max_words, len(low) - i), 0, -1):
                alias = " ".join(low[i : i + n])
                if alias not in idx.aliases or alias in first:
                    continue
                if alias in idx.initials and raw[i] != alias.upper():
                    continue
                first[alias] = (i, n)
        found: list[tuple[int, str]] = []
        taken: list[tuple[int, int]] = []
        for alias in sorted(first, key=idx.order.__getitem__):
            start, n = first[alias]
            if any(s < start + n and start < e for s, e in taken):
                continue
            taken.append((start, start + n))
            found.append((start, idx.aliases[alias]))
        if not found:
            found = self._fuzzy(low)
        ordered: list[str] = []
        for _, council in sorted(found):
            if council not in ordered:
                ordered.append(council)
        return ordered

    def _fuzzy(self, words: list[str]) -> list[tuple[int, str]]:
        """Match one- to three-word windows against aliases with few typos (rapidfuzz, as the register does).

        A window must share the alias's first letter, be within one OSA edit (a transposition is one) per
        FUZZY_EDIT_CHARS letters, and point at one council clearly; a window that is exactly another
        council's name in the register ("derbyshire", "derbys") is that council, never a loaded look-alike.
        """
        found: list[FuzzyHit] = []
        named = _exact_register_words(" ".join(words))
        for size in (3, 2, 1):
            names = self._index.fuzzy.get(size)
            if not names:
                continue
            for i in range(len(words) - size + 1):
                chunk = words[i : i + size]
                window = " ".join(chunk)
                if len(window) < 5 or all(w in _COMMON_WORDS or w.isdigit() for w in chunk):
                    continue
                if any(i <= k < i + size for k in named):
                    continue
                seen = self._index.closest
                if window not in seen:
                    if len(seen) >= _SEEN_MOST:
                        seen.clear()
                    seen[window] = closest(window, names, self._index.aliases)
                hit = seen[window]
                if hit is not None:
                    found.append(FuzzyHit(hit[2], i, size, hit[0]))
        return closest_apart(found)

def _exact_register_words(text: str) -> set[int]:
    """Word positions (in the matcher's token form) inside a council name the register holds exactly."""
    low = re.sub(r"[^a-z0-9]+", " ", text.lower())
    out: set[int] = set()
    for m in CouncilRegister.load().find_in_text(low):
        first = len(low[: m.start].split())
        out.update(range(first, first + len(low[m.start : m.end].split())))
    return out


@dataclass(frozen=True)
class FuzzyHit:
    """A word window that closely matches a council alias."""

    ratio: float
    start: int  # first word
    size: int  # words
    council: str


def closest_apart(hits: list[FuzzyHit]) -> list[tuple[int, str]]:
    """The closest matches that do not overlap: 'north lincolnshre' is North Lincolnshire, not also
    Lincolnshire; 'about gloucestershiree' is Gloucestershire, not South Gloucestershire."""
    taken: list[tuple[int, int]] = []
    out: list[tuple[int, str]] = []
    for h in sorted(hits, key=lambda h: (-h.ratio, -h.size, h.start)):
        if any(s < h.start + h.size and h.start < e for s, e in taken):
            continue
        taken.append((h.start, h.start + h.size))
        out.append((h.start, h.council))
    return out


_PLACE_COUNCIL = re.compile(
    r"\b((?:[A-Z][a-z]+(?:[- ](?:upon|on|and|le)?[- ]?)?){1,3}?)\s+"
    r"(City Council|County Council|Borough Council|District Council|Council)\b"
)


def only_council_words(text: str, councils: Iterable[str], filler: Collection[str]) -> bool:
    """Whether every word of `text` is filler or part of a council's name, begins like one ("Lincs") or is one
    misspelt ("Housnlow": one edit per 6 letters, as the register's tolerant matching allows)."""
    named = {w for c in councils for name in (c, *aliases_for(c), *_register_aliases(c))
             for w in re.findall(r"[a-z]+", name.lower())}
    rest = set(re.findall(r"[a-z]+", text.lower())) - named - set(filler)
    return all(any(w.startswith(n[:4]) or (len(n) >= 6 and OSA.distance(w, n) <= len(n) // FUZZY_EDIT_CHARS)
                   for n in named) for w in rest)


def _register_aliases(council: str) -> tuple[str, ...]:
    """The register's own short forms of a council ("Brum", "Nottm"), if the register holds it."""
    hit = CouncilRegister.load().resolve(council)
    return hit.council.aliases if hit is not None and hit.exact else ()


def council_mentions(text: str) -> list[str]:
    """Council names written out in text ('Nottinghamshire County Council'), canonicalised."""
    return [canonical_council(f"{m.group(1).strip()} {m.group(2)}") for m in _PLACE_COUNCIL.finditer(text)]


def unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order without repeats."""
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
