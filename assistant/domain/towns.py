"""Principal towns of English councils (``data/towns.csv``): "the council that covers Scunthorpe" is North
Lincolnshire Council. The table is data; no town in it is a council's own name or alias, so a town never
stands for a council the question names outright.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

from assistant.domain.datafiles import data_text


@dataclass(frozen=True)
class TownMention:
    """A town named in a text, with the GSS code of its council and its span ``text[start:end]``."""

    town: str
    gss_code: str
    start: int
    end: int


def towns() -> dict[str, str]:
    """Town name (as written in the table) -> its council's GSS code."""
    return dict(_table())


@cache
def _table() -> tuple[tuple[str, str], ...]:
    body = "\n".join(line for line in data_text("towns.csv").splitlines() if not line.startswith("#"))
    return tuple((row["town"].strip(), row["gss_code"].strip()) for row in csv.DictReader(io.StringIO(body)))


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _norm(name: str) -> str:
    """A town's lookup key: lower-case words, apostrophes dropped, hyphens and spaces alike."""
    return " ".join(w.replace("'", "").replace("’", "") for w in _WORD.findall(name.lower()))


@cache
def _keys() -> tuple[dict[str, str], int]:
    """Town key -> GSS code, and the most words a town has."""
    key = {_norm(t): code for t, code in _table()}
    return key, max(len(k.split()) for k in key)


# a town's name used as a council's own ("Gloucester City Council", "City of Lincoln Council"): that council
_STYLE_AFTER = re.compile(r"(?i)\s+(?:(?:city|borough|district|town|county|metropolitan borough)\s+)?council\b")
_STYLE_BEFORE = re.compile(r"(?i)\b(?:city|borough|district) of\s+$")


@lru_cache(maxsize=4096)
def _found(text: str) -> tuple[TownMention, ...]:
    key, longest = _keys()
    words = list(_WORD.finditer(text))
    norm = [w.group(0).lower().replace("'", "").replace("’", "") for w in words]
    # words of one name are joined by spaces or hyphens only
    joins = [text[a.end() : b.start()].strip(" -") == "" for a, b in pairwise(words)]
    out: list[TownMention] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            if not all(joins[i : i + n - 1]):
                continue
            base = " ".join(norm[i : i + n])
            owns = words[i + n - 1].group(0)[-2:-1] in ("'", "’") and base.endswith("s")  # "Feltham's"
            code, cut = (key[base], 0) if base in key else (key.get(base[:-1]) if owns else None, 2)
            if code is None:
                continue
            a, b = words[i].start(), words[i + n - 1].end() - cut
            if not (_STYLE_AFTER.match(text, b) or _STYLE_BEFORE.search(text[:a])):
                out.append(TownMention(text[a:b], code, a, b))
            i += n - 1
            break
        i += 1
    return tuple(out)


def towns_in_text(text: str) -> list[TownMention]:
    """Towns named in the text, longest name first at each place, skipping a town written as a council's name."""
    return list(_found(text))
