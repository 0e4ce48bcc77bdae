"""The content terms of a question: its words without the council it names (however spelt or shortened),
the question's own scaffolding ("what's the ... thing", "on the leadership side") or words every report uses.
Evidence strength, sentence scoring and key-term coverage all weigh these terms.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from assistant.domain.councils import aliases_for
from assistant.domain.towns import towns_in_text
from assistant.evidence.citations import DocCache
from assistant.evidence.text import prepare, root, tokenize
from assistant.models.questions import QuestionAnalysis, QuestionKind
from assistant.understand.followup import asks_reasons
from assistant.understand.lexicon import (
    ACRONYMS,
    expand_acronyms,
    lower_case_acronyms,
    statement_mentions,
    without_statements,
)

# words of the question's framing, never of its topic: a passage need not hold them to answer it
GENERIC = frozenset(
    """
    cqc city county score what much many did say find local authority adult social care asc lincs compare
    comparison between long accord according share keep tell know happen goe go quality commission
    thing anything something side one give gave raise raised spot spotted note noted highlight highlighted
    context around bit stuff kind sort mention mentioned talk talked
    inspector inspectors inspection assessor assessors reason reasons come more detail details elaborate
    story situation lowdown deal overview going wrong went gone
    """.split()  # noqa: SIM905
)

# an acronym of framing words only ("ASC" for "adult social care") frames the question as they do
GENERIC |= {short.lower() for short, long in ACRONYMS.items() if set(tokenize(long)) <= GENERIC}


# how a question asks for a whole list ("give me the full list", "all the shortfalls", "everything that needs
# fixing"): the list asked for, not its topic
LIST_FRAMING = frozenset(["list", "full", "everything", "all", "whole", "complete", "main", "key", "summary",
                          "summarise", "summarize", "overview", "please"])


# how an improvement question is framed ("areas for development around carers"): its topic is the rest
IMPROVEMENT_FRAMING = frozenset(
    """
    area development improve improvement improving improved need needed fix better shortfall weakness concern
    falling short recommend recommendation recommended issue problem gap identify identified weak change wrong
    worst admit admitted acknowledge acknowledged work sort criticise criticised criticize criticized criticism
    critique shortcoming weak spot point worry worried flag flagged lacking lagging behind failing fail tackle
    address struggling struggle priority prioritise prioritize biggest main top room wrong went inspector
    inspection watchdog regulator fall focus key good got promise promised pledge pledged commit committed
    commitment bad anything
    """.split()  # noqa: SIM905
) | LIST_FRAMING


# how a question asks what went well ("what good practice did CQC spot in X?"): its topic is the rest
GOOD_FRAMING = frozenset(["good", "practice", "practise", "well", "strength", "strong", "positive", "example",
                          "best", "praise", "praised", "point", "like", "liked", "love", "loved", "commend",
                          "commended", "impressed", "impressive", "getting", "got", "right", "great", "success",
                          "successful", "excel", "excelling", "standout", "notable", "inspector", "inspection",
                          "watchdog", "regulator", "about", "proud", "worth", "copy", "copying", "borrowing",
                          "sharing", "share", "emulate", "learn", "other", "others", "elsewhere", "examples",
                          "anything", "working", "doing"]) | LIST_FRAMING
_ASKS_WHAT_WENT_WELL = re.compile(
    r"\b(good practi[cs]e|(?:do|does|did|doing|done|went|gone|going|work\w*) well|strengths?|positives?|"
    r"(?:good|best|strong) at|strong points?|praised?|(?:like|liked|love|loved) about|(?:liked|loved)\W*$|"
    r"commend\w*|impress\w*|"
    r"excel\w*|(?:getting|got|gets?) (?:\w+ )?right|good about|"
    r"what (?:did|do|does) (?:\w+ ){1,2}(?<!look )(?<!looks )(?:like|love|value|rate highly)|proud of|"
    r"worth (?:copying|borrowing|learning from|sharing)|(?:could|can|might|should) (?:copy|emulate|learn from))\b", re.I
)
_WHAT_GOOD_IS = re.compile(r"\blooks? like\b", re.I)  # "good practice in X": X's own findings, not the LGA's
_SPELLED: dict[tuple[int, str], str] = {}


@cache
def _council_words(council: str) -> tuple[str, ...]:
    """Lower-case tokens of a council's names and aliases."""
    words = {w for alias in (aliases_for(council) | {council.lower()}) for w in tokenize(alias)}
    return tuple(w for w in words if len(w) >= 3)


def names_council(term: str, councils: list[str]) -> bool:
    """Whether a term is a council's name as typed: a word of it, its start ('lincs'), or a misspelling."""
    if len(term) < 3:
        return False
    for council in councils:
        for word in _council_words(council):
            if term == word or word.startswith(term) or fuzz.ratio(term, word) >= 72:
                return True
    return False


def question_terms(analysis: QuestionAnalysis) -> list[str]:
    """Content terms of the question (council names removed: filters handle those); a follow-up with no
    content words of its own ("why?", "what did CQC say about it?") takes those of its standalone wording."""
    terms = _terms(analysis.question, analysis.councils)
    if analysis.is_follow_up and (not terms or asks_reasons(analysis.question)):  # "why so high?": no topic of its own
        terms = _terms(analysis.standalone.replace("Context:", " "), analysis.councils)
    if analysis.kind == QuestionKind.IMPROVEMENT:
        terms = [t for t in terms if t not in IMPROVEMENT_FRAMING]  # none left: the council's shortfalls at large
    elif asks_what_went_well(analysis):
        terms = [t for t in terms if t not in GOOD_FRAMING]  # may leave none: the council's findings at large
    return terms


def asks_what_went_well(analysis: QuestionAnalysis) -> bool:
    """Whether a question about a council asks what it does well ("anything Derby did well?"); a good-practice
    question naming a council ("examples of good equity work in X") asks for X's own practice, not what good
    looks like in general."""
    if not analysis.councils:
        return False
    own_practice = analysis.kind == QuestionKind.GOOD_PRACTICE and not _WHAT_GOOD_IS.search(analysis.question)
    return own_practice or _ASKS_WHAT_WENT_WELL.search(analysis.question) is not None


def loaded_terms(analysis: QuestionAnalysis, docs: DocCache) -> list[str]:
    """The question's terms, a misspelt one ("challanges") read as the loaded word it is closest to."""
    vocabulary = docs.df
    out: list[str] = []
    for term in question_terms(analysis):
        if len(term) < 5 and not vocabulary.get(term) and _is_question_word(term):
            continue  # "wat", "hw": a question word mistyped, never a topic
        if len(term) >= 5 and not vocabulary.get(term) and not vocabulary.get(root(term)):
            key = (len(vocabulary), term)
            if key not in _SPELLED:
                close = process.extractOne(term, vocabulary.keys(), scorer=fuzz.ratio, score_cutoff=85)
                _SPELLED[key] = close[0] if close else term
            term = _SPELLED[key]
        out.append(term)
    return list(dict.fromkeys(out))


_QUESTION_WORDS = ("what", "how", "why", "when", "where", "which", "who", "whats", "does", "did", "they")


def _is_question_word(term: str) -> bool:
    """Whether a short word the documents never use is a question word typed wrongly ("wat", "hw", "wht")."""
    return any(fuzz.ratio(term, w) >= 75 for w in _QUESTION_WORDS)


# a phrase that frames the question without naming its topic ("what did inspectors make of X's waiting times")
_FRAMING_PHRASES = re.compile(
    r"\b(?:make|made|think|thought) of\b|\bhow (?:did|does|is|are|was) \w+ (?:doing|getting on)\b", re.I)


def _terms(question: str, councils: list[str]) -> list[str]:
    return list(_terms_of(question, tuple(councils)))


@lru_cache(maxsize=4096)  # asked of one question by each composer and scorer in turn (the data it reads is static)
def _terms_of(question: str, councils: tuple[str, ...]) -> tuple[str, ...]:
    text = prepare(expand_acronyms(_FRAMING_PHRASES.sub(" ", question)))
    for town in reversed(towns_in_text(text)):  # a town stands for its council, which the analysis names
        text = text[: town.start] + " " + text[town.end :]
    for council in councils:
        for alias in sorted(aliases_for(council) | {council.lower()}, key=len, reverse=True):
            text = re.sub(rf"(?i)\b{re.escape(alias)}\b", " ", text)
    typed = {t for a in lower_case_acronyms(question) for t in tokenize(a)}  # "dols": passages spell it out
    terms = [t for t in dict.fromkeys(tokenize(text)) if len(t) > 1 and t not in typed]
    return tuple(t for t in terms if t not in GENERIC and not names_council(t, list(councils)))


ADVICE = re.compile(r"\b(should|how (?:can|could|might)|what can|advice|recommend)\b", re.I)


def asks_good_practice(analysis: QuestionAnalysis) -> bool:
    """Whether the LGA's good-practice bullets answer: "what does good look like for Y", and "how can councils
    improve Y" naming no council (what good looks like across councils, not one council's shortfalls); "what is
    X doing well on Y" is answered from X's own findings instead."""
    if analysis.kind == QuestionKind.IMPROVEMENT or (analysis.kind == QuestionKind.FINDING and ADVICE.search(
            analysis.question) and not analysis.is_follow_up):  # "how could councils get better at Y?"
        return not analysis.councils and not analysis.unknown_councils
    return analysis.kind == QuestionKind.GOOD_PRACTICE and (analysis.statements or not analysis.councils) and not (
        analysis.councils and asks_what_went_well(analysis) and not _WHAT_GOOD_IS.search(analysis.question)
    )


def topic_read_as_statement(analysis: QuestionAnalysis) -> bool:
    """'How well did X's reablement service do?': a score asked of a topic the statement was read from."""
    return analysis.kind == QuestionKind.SCORE and len(analysis.statements) == 1 and not any(
        m.strong for m in statement_mentions(analysis.question)) and len(analysis.councils) == 1


def topic_is_statement(analysis: QuestionAnalysis) -> bool:
    """Whether the question's only topic is the quality statement it names ("bury prevention - worth copying?")."""
    if not analysis.statements or analysis.is_follow_up:
        return False
    return not question_terms(analysis.model_copy(update={"question": without_statements(analysis.question)}))
