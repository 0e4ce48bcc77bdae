"""The shape of a candidate sentence: whether it reads as an answer sentence or as a fragment, a heading asked as
a question, a flattened table row or page furniture (a contents line, a link, a date line). Ranking weighs
candidates by it; summaries skip the furniture.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.domain.caseblind import CaseBlind, lowered


@lru_cache(maxsize=50000)  # a pure function of the sentence: sentences recur across answers
def shape_factor(text: str) -> float:
    """How much a candidate reads as an answer sentence: questions, fragments and list debris weigh less."""
    body = text.strip().strip("*\"“”' ")
    if body.endswith("?"):
        return 0.1  # a question used as a heading ("Summary – what is our ambition...?")
    if body[:1] in ",;:)–-" or body[:1].islower() or _LETTERED.match(body):
        return 0.5  # a fragment or a lettered sub-item cut from its lead-in
    if body.endswith((":", ";", ",")) and len(body.split()) < 12:
        return 0.6  # a list's lead-in or an item of it, alone
    tail = body[-_TAIL:]  # what the patterns anchored at the end can match (shorter than this, and \b-safe)
    titled = _TITLED.search(body) and not _DIGIT_OR_BREAK.search(body)
    if len(body.split()) < 14 and not _CLOSED.search(tail) and titled:
        return 0.6  # a title or heading line ("Nottingham City Council: Create the right environment")
    if _CUT_OFF.search(tail):
        return 0.5  # a sentence cut off mid-way ("... national data for 2023/24 showed")
    if _POINTER_CUES.search(body, lowered(body)) and len(body.split()) < 16 and not body.endswith(":"):
        return 0.3  # a sentence pointing elsewhere ("Our plans to improve this are set out below.") says nothing
    return 1.0


_CUT_OFF = re.compile(
    r"\b(?:showed|shows|found|said|include[ds]?|were|was|is|are|the|an?|of|to|and|or|that|with)$|\d,\d{0,2}$")
_POINTER = re.compile(
    r"\b(?:(?:set out|listed|shown|described|detailed|outlined|given) (?:below|above|overleaf|later|"
    r"in (?:the )?(?:next|following) (?:section|pages?|table))|as follows|see (?:below|above))\b", re.I)
_POINTER_CUES = CaseBlind(_POINTER.pattern)  # run over lower-cased text where exact (3x faster)
_TITLED = re.compile(r"\w(?::| [–—-]) \S")  # "Name: what it is about", "Name – subtitle"
_CLOSED = re.compile(r"[.!?)\]”’\"']$")
_FIGURE = re.compile(r"^[(£]?\d[\d.,/%]*\)?$")
_LETTERED = re.compile(r"[a-z]\)|\(?[ivx]+\)")
_DIGIT_OR_BREAK = re.compile(r"\d|\n")
_TAIL = 24  # longer than any match of _CUT_OFF or _CLOSED (both end at the end), with a character before it


@lru_cache(maxsize=50000)  # a pure function of the sentence: sentences recur across answers
def looks_like_table(text: str) -> bool:
    """Whether a "sentence" is a table row ("safeguarding | 3") or mostly bare figures, as a flattened table is."""
    if "|" in text:
        return True
    words = text.split()
    return len(words) >= 12 and sum(bool(_FIGURE.match(w)) for w in words) >= 0.45 * len(words)


_NAVIGATION = re.compile(
    r"^(?:Assessment )?[Pp]ublished:|Page last updated|^Assessment start date:"  # a page's date line
    r"|^(?:Image|Photo|Picture|Caption)(?: credit)?\s*:|\((?:image |photo |picture )?credit:"  # a caption
    r"|\.{4,}|…{2,}|\]\(#?[^)]*\)|^\W*\d{0,3}\W*[A-Z][A-Z0-9 ,'’&:-]{6,}\W*$"
    r"|\bPage \d+ of \d+\W*$"  # a printed page's running header or footer
)


@lru_cache(maxsize=50000)  # a pure function of the sentence: sentences recur across answers
def looks_like_navigation(text: str) -> bool:
    """Whether a "sentence" is a contents entry ("7 Our key risks ....."), a link, or an all-capitals title."""
    return _NAVIGATION.search(text.strip()) is not None
