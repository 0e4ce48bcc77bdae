"""The one tolerant scan of council names: rapidfuzz ratio, same first letter, few OSA edits, one clear owner.

Both the register (every council, plus places that are no council) and the matcher of loaded councils'
aliases run this scan, so a misspelling resolves by the same rule wherever it is read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

FUZZY_CUTOFF = 80.0  # rapidfuzz fuzz.ratio: "darby"/"derby" is 80, "north lincolnshre"/"north lincolnshire" 97
FUZZY_EDIT_CHARS = 6  # one typo (OSA edit: a transposition is one) allowed per 6 characters of the name, at least 1
FUZZY_MARGIN = 3.0  # the best owner must beat any other by this much, unless it needs fewer edits


def closest(text: str, keys: Sequence[str], owner: Mapping[str, str]) -> tuple[str, str, float] | None:
    """(owner, key, ratio) of the one owner whose keys `text` clearly misspells, or None.

    A key counts when it shares the text's first letter and is within one OSA edit per FUZZY_EDIT_CHARS of
    its letters. Owners rank by fewer edits, then ratio; the best must need fewer edits than the next or beat
    its ratio by FUZZY_MARGIN (OSA counts a transposition once where the ratio counts it twice:
    "herftordshire" is one edit from one council and two from another).
    """
    best: dict[str, tuple[int, float, str]] = {}  # per owner: (-edits, ratio, key), best first
    for key, score, _ in process.extract(text, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None):
        typos = max(1, len(key) // FUZZY_EDIT_CHARS)
        if key[0] == text[0] and (edits := OSA.distance(text, key, score_cutoff=typos)) <= typos:
            who = owner[key]
            best[who] = max(best.get(who, (-typos - 1, 0.0, "")), (-edits, score, key))
    ranked = sorted(best.items(), key=lambda kv: kv[1][:2], reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][1][0] == ranked[1][1][0]
                      and ranked[0][1][1] - ranked[1][1][1] < FUZZY_MARGIN):
        return None
    who, (_, score, key) = ranked[0]
    return who, key, score
