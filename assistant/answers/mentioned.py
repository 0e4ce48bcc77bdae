"""A council with no document of its own that a loaded document names in passing: what that document says of it.

A news item about one council often gives its neighbours' results ("Neighbouring Halton Borough Council was
rated 'good' with 69 per cent"). Asked for such a council's rating or score, the answer quotes those sentences
and says whose document they come from rather than refusing. Only a sentence that names the council and states
what was asked counts: a rating for a rating question, the statement and a score for a score question. Anything
else about a council with no documents is still refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.answers.base import Result
from assistant.domain.councils import aliases_for
from assistant.domain.sentences import sentence_spans
from assistant.domain.taxonomy import RATINGS
from assistant.evidence.citations import Citer, DocCache, marks
from assistant.evidence.text import tokenize
from assistant.models.questions import QuestionAnalysis
from assistant.understand.lexicon import statement_mentions
from assistant.understand.scope import out_of_scope

_ASKS_RATING = re.compile(r"\b(rat(?:ed|ings?)|overall|judg(?:e)?ments?|verdict|grade|how did|how was|how is)\b", re.I)
_ASKS_SCORE = re.compile(r"\b(scor\w*|marks?|get|got|given|awarded)\b", re.I)
_RATING_WORD = re.compile(r"(?i)\b(outstanding|good|requires? improvement|inadequate)\b")
_SCORE_WORD = re.compile(r"(?i)\b(?:scor\w*|mark(?:s|ed)?|gave|given|awarded)\b[^.;]{0,60}?"
                         r"\b([1-4]|one|two|three|four)\b|\b([1-4]|one|two|three|four) (?:out of (?:4|four) )?for\b")
_DIGITS = {"one": "1", "two": "2", "three": "3", "four": "4"}
# where what is said of one council ends: another council named, or a turn to another subject
_NEXT_SUBJECT = re.compile(r"\b(?:while|whereas|but)\b|;|\b[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*"
                           r" (?:Borough |City |County |Metropolitan Borough )?Council\b")
MAX_SENTENCES = 2


def _names(council: str) -> set[str]:
    """A council's names in lower case, long enough to stand for it (four letters or more)."""
    return {n for n in aliases_for(council) | {council.lower()} if len(n) >= 4}


@lru_cache(maxsize=256)
def name_pattern(council: str) -> re.Pattern[str]:
    """Whole-word, any-case names of a council (its full name first)."""
    names = sorted(_names(council), key=len, reverse=True)
    return re.compile(r"(?i)(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def _states(question: str, statements: list[str], sentence: str) -> str | None:
    """The rating the sentence gives ('Good'), or the asked statement's score ('1'); None if it states neither."""
    if statements:
        named = {m.statement for m in statement_mentions(sentence)}
        score = _SCORE_WORD.search(sentence)
        if score is None or statements[0] not in named or not _ASKS_SCORE.search(question):
            return None
        value = (score.group(1) or score.group(2)).lower()
        return _DIGITS.get(value, value)
    rating = _RATING_WORD.search(sentence)
    if rating is None or not _ASKS_RATING.search(question):
        return None
    word = rating.group(1).lower().replace("require ", "requires ")
    return next((r for r in RATINGS if r.lower() == word), None)


def _clause(said: str) -> str:
    """What a sentence says of the council it names at its start, up to the next council or turn."""
    cut = _NEXT_SUBJECT.search(said, 1 + (m.end() if (m := _NEXT_SUBJECT.match(said)) else 0))
    return said[: cut.start()] if cut else said


@dataclass(frozen=True)
class Stated:
    """What one sentence of another council's document states of a council: a rating or a score."""

    reading: str
    owner: str
    title: str
    doc_id: str
    start: int
    end: int


def _holds_any(text: str, names: set[str]) -> bool:
    """Whether the lower-cased text holds any of the names (a plain search, far cheaper than the pattern's)."""
    low = text.lower()
    return any(n in low for n in names)


def naming_documents(docs: DocCache, council: str) -> list[str]:
    """Other councils' documents that name the council, found once per catalog generation. A name whose words
    no loaded chunk contains (the usual case for a council nobody mentions) is ruled out from the term counts
    alone, without reading a text."""
    key = ("naming", council)
    found = docs.memo.get(key)
    if isinstance(found, list):
        return found
    names = _names(council)
    found = []
    if any(all(docs.df.get(t, 0) for t in tokenize(n)) for n in names):
        pattern = name_pattern(council)  # whole words, any case: confirmed where a plain search finds a name
        found = [doc_id for doc_id, rec in docs.records.items()
                 if rec.council != council and _holds_any(docs.text(doc_id), names)
                 and pattern.search(docs.text(doc_id))]
    docs.memo[key] = found
    return found


def stated_in_passing(docs: DocCache, council: str, question: str, statements: list[str]) -> list[Stated]:
    """Sentences of other councils' documents naming the council and stating the asked rating or score."""
    pattern = name_pattern(council)
    found: list[Stated] = []
    for doc_id in naming_documents(docs, council):
        rec, text = docs.records[doc_id], docs.text(doc_id)
        for start, end in sentence_spans(text):
            named = pattern.search(text, start, end)
            reading = _states(question, statements, _clause(text[named.start():end])) if named else None
            if reading is not None and len(found) < MAX_SENTENCES:
                found.append(Stated(reading, rec.council or "another council", rec.title, doc_id, start, end))
    return found


def mentioned(docs: DocCache, analysis: QuestionAnalysis, citer: Citer) -> Result | None:
    """The asked rating or score of the one council with no documents, as other councils' documents state it."""
    loaded = [c for c in analysis.councils if c not in analysis.unknown_councils]
    if len(analysis.unknown_councils) != 1 or loaded or out_of_scope(analysis.question):
        return None
    council = analysis.unknown_councils[0]
    found = stated_in_passing(docs, council, analysis.question, analysis.statements)
    if not found:
        return None
    reading = found[0].reading
    head = f"{council} scored {reading} for {analysis.statements[0]}" if analysis.statements else (
        f"{council} was rated {reading}")
    sources = "; ".join(f"{f.owner}'s document \"{f.title}\"{marks([citer.cite(f.doc_id, f.start, f.end)])}"
                        for f in found)
    return Result([f"I have no documents about {council} itself. {head}, according to {sources}."])
