"""Follow-up forms read against the shape of the previous answer rather than its words.

"which were the weakest?" after a council's scores asks for the bottom of those scores; "the other one?" after a
statement of a two-statement theme asks for its sibling; "how many carers' assessments were done?" after a
question about one council asks about that council, though it names none (a chat user does not repeat it).
"""

from __future__ import annotations

import re

from assistant.domain.councils import aliases_for
from assistant.domain.taxonomy import statements_in_theme, theme_of
from assistant.models.questions import QuestionAnalysis, QuestionKind
from assistant.understand.lexicon import LOWEST_WORDS

# kinds whose answer is always about particular councils: one naming none, mid-conversation, means the last ones
COUNCIL_KINDS = (QuestionKind.SCORE, QuestionKind.RATING, QuestionKind.FINDING, QuestionKind.IMPROVEMENT)
# a question about councils in general or about how CQC works, which no single council answers
_GENERAL = re.compile(
    r"(?i)\b(councils|local authorities|authorities|any council|which council|other council|each council|every council|"
    r"nationally|national(?:ly)? average|across england|in england|england average|"
    r"how (?:does|do|did|is|are|would) (?:the )?cqc|framework|methodology|thresholds?|rating scale)\b")
_LOW = re.compile(rf"(?i)\b({LOWEST_WORDS}|lowest-scoring)\b")
# "which were the weakest?", "the best one?", "what was the highest": a ranking word and nothing of its own
_BARE_RANK = re.compile(
    rf"(?i)^\s*(?:and\s+|so\s+|ok(?:ay)?,?\s+)?(?:(?:which|what)(?:'s| is| was| were| are)?\s+)?"
    rf"(?:the\s+|their\s+|its\s+)?"
    rf"(?:{LOWEST_WORDS}|highest|best|strongest|top)(?:\s+(?:ones?|scores?|areas?|statements?|of them))?\s*\??\s*$")
_RANKED_BEFORE = (QuestionKind.SCORE, QuestionKind.RANKING, QuestionKind.RATING, QuestionKind.ARITHMETIC)
# "the other one", "what about the other statement in that theme"
_OTHER = re.compile(r"(?i)\bthe other (?:one|statement|quality statement|score|area)\b")


def means_last_council(question: str, councils: list[str], kind: QuestionKind | None) -> bool:
    """Whether a question naming no council is still about a particular one (the conversation's)."""
    return not councils and kind in COUNCIL_KINDS and _GENERAL.search(question) is None


def bare_ranking(question: str, prev: QuestionAnalysis) -> str | None:
    """The standalone ranking a bare 'which were the weakest?' asks of the previous answer's councils, if it is one."""
    if prev.kind not in _RANKED_BEFORE or not prev.councils or not _BARE_RANK.match(question):
        return None
    end = "lowest" if _LOW.search(question) else "highest"
    return f"Which quality statements did {' and '.join(prev.councils)} score {end} on?"


def other_statement(question: str, prev: QuestionAnalysis) -> list[str]:
    """The sibling statement 'the other one' means: the theme's other statement, when the theme has two."""
    if len(prev.statements) != 1 or not _OTHER.search(question):
        return []
    siblings = [s for s in statements_in_theme(theme_of(prev.statements[0])) if s != prev.statements[0]]
    return siblings if len(siblings) == 1 else []


def ranking_follow_up(cur: QuestionAnalysis, prev: QuestionAnalysis) -> QuestionAnalysis | None:
    """A bare ranking word after a council's scores, read as the ranking of those scores."""
    standalone = bare_ranking(cur.question, prev)
    if standalone is None:
        return None
    return cur.model_copy(update={"kind": QuestionKind.RANKING, "councils": prev.councils,
                                  "unknown_councils": prev.unknown_councils, "statements": [],
                                  "standalone": standalone, "is_follow_up": True})


# the words of a follow-up that only lead into its topic ("and what about", "same for") or end it ("there")
_LEAD = re.compile(r"(?i)^\s*(?:(?:and|also|ok(?:ay)?|then|so)\b[\s,]*)*"
                   r"(?:(?:what|how) about|what of|same for|for|about|on|in|with)?\s*")
_TAIL = re.compile(r"(?i)(?:\s+(?:there|then|too|as well|instead))+\s*$")
# words of an overview question ("tell me about X's CQC assessment", "how did X do?"), never its topic
_OVERVIEW_WORDS = frozenset("""
    tell me about what whats how did does do doing done get got was were is are the a an of for in on at and its
    their council councils cqc assessment assessments assessed result results report reports rating rated overall
    summary overview inspection inspectors inspector say said find found give show me please could you can
    """.split())  # noqa: SIM905


def own_topic_words(question: str) -> str:
    """The topic of an elliptical follow-up in the user's own words ("reablement" in "and what about reablement?")."""
    topic = _TAIL.sub("", _LEAD.sub("", question).strip(" ?.!"))
    return topic if 1 <= len(topic.split()) <= 4 else ""


def asks_own_topic(prev: QuestionAnalysis) -> bool:
    """Whether a previous finding question had a topic beyond its council ("how long are people waiting in X?"),
    so an elliptical statement after it ("what about safeguarding there?") asks the same of that statement."""
    text = prev.question.lower()
    for council in prev.councils:
        for alias in sorted(aliases_for(council) | {council.lower()}, key=len, reverse=True):
            text = re.sub(rf"\b{re.escape(alias)}(?:'s)?\b", " ", text)
    words = [w for w in re.findall(r"[a-z]+", text) if w not in _OVERVIEW_WORDS and len(w) > 2]
    return bool(words)
