"""The project's one sentence splitter: spans of sentences and list items in stored text, with offsets.

Used by chunking (never cut inside a sentence), the evidence composers (the sentences they quote) and the
LLM layer (the sentences it checks). It copes with the faults of extracted text: a full stop with no space
after it ("team.There"), a heading line with no punctuation run into the text below it, bullets and
numbered items, abbreviations ("e.g.", "Dr.", "No. 5"), figures ("£76,044,000.", "42.11%"), citation
marks after a full stop ("... rose. [2]"), markdown markers ("# ", "**", "> ", "- ") and the cells of a
two-column table flattened to one line ("...48 hours. | Only 62% of...").
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

# a full stop, ! or ?, closing quotes/brackets, citation marks, then space and a sentence opener
_END = re.compile(
    r"[.!?]+[\"”’')\]*]*(?:[ \t]*\[\d[^\]\n]{0,18}\])*"
    r"(?P<gap>[ \t]+|[ \t]*\n[ \t]*)(?=[\"“‘(\[*#>]*[A-Z0-9£•●▪◦])"
)
# "team.There": no space, but a lower-case word of two letters or more before and a capitalised word after
_GLUED = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
# "...our internal team There had been...": a sentence run on with no full stop (a quote, a heading)
_RUN_IN = re.compile(
    r"(?<=[a-z]{3}) (?=(?:There|The|This|These|Those|It|We|Our|They|However|Although|When|While|He|She|"
    r"Some|Many|Most|Each|Both)\s[a-z])"
)
# "...within 48 hours. | Only 62% of...": the end of a cell's sentence in a flattened two-column row
_CELL_END = re.compile(r"(?<=[.!?])[\"”’')]*[ \t]+(?=\|[ \t]+\S)")
_ABBREVIATIONS = frozenset((
    "e.g", "i.e", "cf", "vs", "no", "nos", "dr", "mr", "mrs", "ms", "prof", "st", "cllr", "approx", "fig",
    "para", "ref", "ed", "eds", "vol", "inc", "ltd", "co", "dept", "est",
))
_BULLET = re.compile(r"[ \t]*(?:[-•●▪◦*+>]|#{1,6}|\(?[0-9]{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\))[ \t]+")
_LINE_PUNCT = re.compile(r"[.!?:;,)\]\"”’*]$")
_OPEN_END = re.compile(r"\b(?:and|or|of|the|to|a|an|in|for|with|by)$")
MARKERS = " \t\n•●▪◦*-#>+|_"
_ITEM_MARK = re.compile(r"[ \t•*-]*\(?(?:[0-9]{1,3}|[A-Za-z]|[ivx]{1,4})")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_INITIALS = re.compile(r"[a-z](?:\.[a-z])+")
_CELL_START = re.compile(r"[ \t]*\|")
_OPENS = re.compile(r"[ \t]*[\"“‘(]?[A-Z0-9£]")
_CAPITAL = re.compile(r"[ \t]*[A-Z£0-9]")


def _abbreviation_before(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` closes an abbreviation ("e.g.", "Dr.", "No.") rather than a sentence."""
    line = text[text.rfind("\n", 0, dot) + 1 : dot]
    if _ITEM_MARK.fullmatch(line):
        return True  # the number or letter of a list item ("1. ", "b. ")
    m = _LAST_WORD.search(line[-12:])
    if m is None:
        return False
    word = m.group(1).lower().rstrip(".")
    return word in _ABBREVIATIONS or bool(_INITIALS.fullmatch(word)) or len(word) == 1


def _line_cuts(text: str, lo: int, hi: int) -> set[int]:
    """Cuts at line breaks that start a new unit: a bullet or heading below, or a heading line above."""
    cuts: set[int] = set()
    nl = text.find("\n", lo, hi)
    while nl >= 0:
        prev = text[max(lo, text.rfind("\n", lo, nl) + 1) : nl].strip()
        nxt = text[nl + 1 : min(hi, nl + 80)]
        if not prev or not nxt.strip():
            cuts.add(nl + 1)  # a blank line
        elif (
            _BULLET.match(nxt)
            or _CELL_START.match(nxt)
            or (_LINE_PUNCT.search(prev) and _OPENS.match(nxt))
        ):
            cuts.add(nl + 1)
        elif len(prev) < 70 and _CAPITAL.match(nxt) and not _OPEN_END.search(prev):
            cuts.add(nl + 1)  # a short unpunctuated line above a capitalised one: a heading
        nl = text.find("\n", nl + 1, hi)
    return cuts


def segments(text: str, lo: int = 0, hi: int | None = None, repair: bool = True) -> list[tuple[int, int]]:
    """Whitespace-trimmed pieces of text[lo:hi], one per sentence or list item, covering all its words.

    `repair` also cuts where extraction lost a full stop or its space ("team There", "team.There"); off
    for text someone wrote as sentences (a model's answer, whose citation mark ends the sentence).
    """
    hi = len(text) if hi is None else hi
    cuts = {lo, hi} | _line_cuts(text, lo, hi)
    for m in _END.finditer(text, lo, hi):
        dot = m.start()
        if text[dot] == "." and _abbreviation_before(text, dot):
            continue
        cuts.add(m.start("gap"))
    for m in _CELL_END.finditer(text, lo, hi):
        line = text[text.rfind("\n", 0, m.start()) + 1 : (text.find("\n", m.end()) + 1 or len(text) + 1) - 1]
        if line.count("|") == 1 and not line.lstrip().startswith("|"):  # not a markdown table's row
            cuts.add(m.end())
    for m in _RUN_IN.finditer(text, lo, hi) if repair else ():
        cuts.add(m.start())
    for m in _GLUED.finditer(text, lo, hi) if repair else ():
        if not _abbreviation_before(text, m.start() - 1):
            cuts.add(m.start())
    out: list[tuple[int, int]] = []
    ordered = sorted(cuts)
    for a, b in itertools.pairwise(ordered):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def trim_markers(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without its leading bullet, number or markdown marker and trailing markup."""
    m = _BULLET.match(text, start, end)
    while m and m.end() < end:
        start = m.end()
        m = _BULLET.match(text, start, end)
    while start < end and text[start] in MARKERS:
        start += 1
    while end > start and text[end - 1] in " \t\n*_|#":
        end -= 1
    return start, end


def sentence_spans(text: str, lo: int = 0, hi: int | None = None, min_words: int = 1) -> list[tuple[int, int]]:
    """(start, end) of the sentences and list items of text[lo:hi], markers trimmed, at least min_words long."""
    return list(_spans(text, lo, hi, min_words))


@lru_cache(maxsize=4096)  # bounded: an entry keeps its text alive (a chunk's, or one document's)
def _spans(text: str, lo: int, hi: int | None, min_words: int) -> tuple[tuple[int, int], ...]:
    """`sentence_spans`, remembered: the same passages and document windows are split for every answer
    citing them (a str caches its hash, so a long document text costs one hash)."""
    out: list[tuple[int, int]] = []
    for a, b in segments(text, lo, hi):
        s, e = trim_markers(text, a, b)
        if s < e and len(text[s:e].split()) >= min_words:
            out.append((s, e))
    return tuple(out)


def display(text: str) -> str:
    """A quoted span as shown to a reader: markdown markers and emphasis removed, list items joined."""
    parts: list[tuple[str, bool]] = []
    for line in text.splitlines():
        if "|" in line:  # a table row: its cells, without the bars (a separator row is no text)
            line = " — ".join(c.strip() for c in line.strip().strip("|").split("|") if c.strip(" :-"))
        item = _BULLET.match(line) is not None and not line.lstrip().startswith("#")
        line = re.sub(r"^\s*(?:#{1,6}|>|[-*•●▪◦+]|\(?[0-9]{1,2}[.)])\s+", "", line).strip()
        if line:
            parts.append((line, item))
    if len(parts) > 1 and parts[1][1] and not re.search(r"[.!?:]$", parts[0][0]):
        parts[0] = (parts[0][0], True)  # a quote that starts at a list's first item (its marker left out)
    shown = ""
    for i, (line, item) in enumerate(parts):
        if i == 0:
            shown = line
        elif item and (shown.endswith(":") or parts[i - 1][1]):
            line = line[0].lower() + line[1:] if re.match(r"[A-Z][a-z]", line) else line
            shown = f"{shown.rstrip(';,.')}{'' if shown.endswith(':') else ';'} {line}"
        elif len(line) < 60 and len(parts[i - 1][0]) < 60 and not re.search(r"[.!?:;]$", shown):
            shown = f"{shown} — {line}"  # a heading and its value ("Score: 2 — 2 - Evidence shows...")
        else:
            shown = f"{shown} {line}"
    shown = re.sub(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|`", "", shown)
    shown = re.sub(r"^[\"“”*'\s]+(?=[A-Z0-9£])|(?<=[.!?])\s*[\"”*]+$", "", shown) if shown.count('"') % 2 else shown
    return re.sub(r"\s+", " ", shown).strip()
