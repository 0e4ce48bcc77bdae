"""Phrases people use for what the reports call by another name (``data/synonyms.txt``): "cash payments" are
the reports' "direct payments", a "pile of referrals" their "backlog". Term matching reads each wording as the
reports' one (`canonical`); a search adds the reports' wording to the question's (`with_report_wording`).
"""

from __future__ import annotations

import re
from functools import cache

from assistant.domain.datafiles import data_lines


@cache
def groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(the reports' wording, other wordings) for each line of the table."""
    out = []
    for line in data_lines("synonyms.txt"):
        if "=" in line:
            head, rest = line.split("=", 1)
            out.append((head.strip(), tuple(w.strip() for w in rest.split("|") if w.strip())))
    return tuple(out)


def _phrase(words: str) -> str:
    parts = [re.escape(w) for w in re.split(r"[\s-]+", words)]
    return r"[\s-]+".join(parts) + "s?"


@cache
def _patterns() -> tuple[tuple[str, tuple[tuple[str, ...], ...], re.Pattern[str]], ...]:
    """(the reports' wording, the words of each other wording, longest first, one pattern for them) a group."""
    return tuple(
        (head, tuple(tuple(sorted(re.split(r"[\s-]+", w.lower()), key=len, reverse=True)) for w in rest),
         re.compile(r"(?i)(?<![\w-])(?:" + "|".join(_phrase(w) for w in sorted(rest, key=len, reverse=True))
                    + r")(?![\w-])"))
        for head, rest in groups()
    )


@cache
def _longest_words() -> tuple[str, ...]:
    """Every wording's longest word, once each: a text holding none holds no other wording (most texts)."""
    return tuple(dict.fromkeys(words[0] for _, wordings, _ in _patterns() for words in wordings))


def canonical(text: str) -> str:
    """The text with every other wording replaced by the reports' one (a group's pattern runs only where all words
    of one of its wordings occur: passages are many, and few use another wording)."""
    low = text.lower()
    present = {w for w in _longest_words() if w in low}
    if not present:
        return text
    for head, wordings, pattern in _patterns():
        if any(words[0] in present and all(w in low for w in words[1:]) for words in wordings):
            text = pattern.sub(head, text)
    return text


def with_report_wording(question: str) -> str:
    """The question with the reports' wording of each other wording it uses, in brackets (for searching)."""
    low = question.lower()
    heads = [head for head, _, pattern in _patterns() if pattern.search(question) and head.lower() not in low]
    return f"{question} ({', '.join(heads)})" if heads else question
