"""Council names: one canonical form per council, its aliases, and tolerant matching in free text."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

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
    """Normalise a council name as written ('DERBY CITY COUNCIL', 'Derby City Council's') to title case."""
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
    full_words = [w for w in re.findall(r"[A-Za-z]+", canonical) if w.lower() not in {"of", "and", "upon"}]
    if len(full_words) >= 2:
        names.add("".join(w[0] for w in full_words).lower())  # "NLC", "DCC"
    names.add(core.lower() + " council")
    return {n for n in names if n}


@dataclass
class CouncilMatcher:
    """Finds known councils in a question by alias, tolerating small misspellings."""

    councils: list[str]
    _aliases: dict[str, str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for council in self.councils:
            for alias in aliases_for(council):
                # an initialism shared by two councils is ambiguous: drop it
                if alias in self._aliases and self._aliases[alias] != council:
                    self._aliases[alias] = ""
                else:
                    self._aliases[alias] = council
        self._aliases = {a: c for a, c in self._aliases.items() if c}

    def find(self, text: str) -> list[str]:
        """Canonical councils named in the text, in order of first mention."""
        low = " " + re.sub(r"[^a-z0-9]+", " ", text.lower()) + " "
        found: list[tuple[int, str]] = []
        taken: list[tuple[int, int]] = []
        for alias in sorted(self._aliases, key=len, reverse=True):
            is_initials = " " not in alias and len(alias) <= 4 and alias not in {"hull", "bath", "york"}
            source = (" " + re.sub(r"[^A-Za-z0-9]+", " ", text) + " ") if is_initials else low
            needle = f" {alias.upper()} " if is_initials else f" {alias} "
            idx = source.find(needle)
            if idx < 0:
                continue
            span = (idx, idx + len(needle))
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            taken.append(span)
            found.append((idx, self._aliases[alias]))
        if not found:
            found = self._fuzzy(low)
        ordered: list[str] = []
        for _, council in sorted(found):
            if council not in ordered:
                ordered.append(council)
        return ordered

    def _fuzzy(self, low: str) -> list[tuple[int, str]]:
        """Match one- or two-word windows against aliases with a small edit distance."""
        words = low.split()
        hits: list[tuple[int, str]] = []
        multi = [a for a in self._aliases if len(a) >= 5]
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                window = " ".join(words[i : i + size])
                if len(window) < 5:
                    continue
                best = difflib.get_close_matches(window, multi, n=1, cutoff=0.86)
                if best and len(best[0].split()) == size:
                    hits.append((i, self._aliases[best[0]]))
        return hits


_PLACE_COUNCIL = re.compile(
    r"\b((?:[A-Z][a-z]+(?:[- ](?:upon|on|and|le)?[- ]?)?){1,3}?)\s+"
    r"(City Council|County Council|Borough Council|District Council|Council)\b"
)


def council_mentions(text: str) -> list[str]:
    """Council names written out in text ('Nottinghamshire County Council'), canonicalised."""
    return [canonical_council(f"{m.group(1).strip()} {m.group(2)}") for m in _PLACE_COUNCIL.finditer(text)]


def unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order without repeats."""
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
