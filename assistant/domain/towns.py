"""Principal towns of English councils (``data/towns.csv``): "the council that covers Scunthorpe" is North
Lincolnshire Council. The table is data; no town in it is a council's own name or alias, so a town never
stands for a council the question names outright.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


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
    text = resources.files("assistant.domain").joinpath("data", "towns.csv").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return tuple((row["town"].strip(), row["gss_code"].strip()) for row in csv.DictReader(io.StringIO(body)))


def _words(name: str) -> str:
    """A pattern for a town's words: any case, space or hyphen between words, apostrophe optional."""
    parts = [re.escape(w).replace("'", "['’]?") for w in re.split(r"[\s-]+", name)]
    return r"[\s-]+".join(parts)


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    table = _table()
    key = {_norm(t): code for t, code in table}
    names = sorted((t for t, _ in table), key=len, reverse=True)
    pattern = re.compile(r"(?i)(?<![\w-])(" + "|".join(_words(n) for n in names) + r")(?![\w-]|['’](?!s\b))")
    return pattern, key


def _norm(name: str) -> str:
    return " ".join(re.split(r"[\s-]+", name.lower().replace("'", "").replace("’", "")))


# a town's name used as a council's own ("Gloucester City Council", "City of Lincoln Council"): that council
_STYLE_AFTER = re.compile(r"(?i)\s+(?:(?:city|borough|district|town|county|metropolitan borough)\s+)?council\b")
_STYLE_BEFORE = re.compile(r"(?i)\b(?:city|borough|district) of\s+$")


def towns_in_text(text: str) -> list[TownMention]:
    """Towns named in the text, longest name first at each place, skipping a town written as a council's name."""
    pattern, key = _pattern()
    out: list[TownMention] = []
    for m in pattern.finditer(text):
        if _STYLE_AFTER.match(text, m.end()) or _STYLE_BEFORE.search(text[: m.start()]):
            continue
        out.append(TownMention(m.group(1), key[_norm(m.group(1))], m.start(), m.end()))
    return out
