"""Follow-up questions: detect them and fill in what they leave out from the previous turn.

"What about Derby?" keeps the question and swaps the council; "and for safeguarding?" swaps the
statement; "When does it start there?" keeps its own question and takes the council (and topic) before.
"""

from __future__ import annotations

import re

from assistant.domain.councils import aliases_for
from assistant.models.questions import QuestionAnalysis, QuestionKind
from assistant.understand.followup_shape import (
    asks_own_topic,
    means_last_council,
    other_statement,
    own_topic_words,
    ranking_follow_up,
)
from assistant.understand.lexicon import statement_mentions, without_statements

_FOLLOW_START = re.compile(
    r"^\s*(and|what about|how about|and for|and what|also|same for|what of|ok(?:ay)?,?"
    r" (?:and|what)|then)\b",
    re.I,
)
_PRONOUN = re.compile(
    r"\b(there|it|its|they|their|them|this council|that council|the council|"
    r"same council|this|that)\b",
    re.I,
)


_STRUCTURED = {
    QuestionKind.SCORE,
    QuestionKind.RATING,
    QuestionKind.COMPARISON,
    QuestionKind.RANKING,
    QuestionKind.ARITHMETIC,
}


# "that", "it", "this" standing for the previous turn's topic, and "why?" asking for its reasons
_TOPIC_REF = re.compile(r"\b(that|it|this|those|these)\b(?!\s+(?:council|authority|report|document))|^\s*why\b",
                        re.I)


_WHY = re.compile(r"(?i)^\s*(?:and\s+|but\s+|so\s+|ok(?:ay)?,?\s+)?(?:why\b|how come\b|"
                  r"what(?:'s| is| was| were| are) the (?:main |key )?reasons?\b|for what reasons?\b)")
# "tell me more": the findings on what was asked before
_MORE = re.compile(r"(?i)^\s*(?:and\s+|ok(?:ay)?,?\s+|can you\s+|could you\s+|please\s+)?(?:tell me more|"
                   r"more (?:detail|details|info|information)|go on|expand|elaborate|say more)\b")


def asks_reasons(question: str) -> bool:
    """Whether a follow-up asks why ("why?", "how come?", "what were the reasons?")."""
    return _WHY.match(question) is not None


def refers_to_topic(question: str) -> bool:
    """Whether the question points back at the previous topic ("what did CQC say about that in Derby?")."""
    return _TOPIC_REF.search(question) is not None


def is_follow_up(question: str, councils: list[str], statements: list[str], has_history: bool,
                 kind: QuestionKind | None = None) -> bool:
    """Whether a question leans on the previous turn (opens with 'and/what about', or names no council)."""
    if not has_history:
        return False
    if kind in _ADVICE_KINDS and not councils and not statements and not _OWN_TOPIC.search(question):
        return len(re.findall(r"[a-z']+", question.lower())) <= 8  # "what does good look like?" after a score
    if means_last_council(question, councils, kind):  # "how many were waiting?": the same council, unnamed
        return True
    if _FOLLOW_START.search(question) or (not statements and refers_to_topic(question)):
        return True
    words = re.findall(r"[a-z']+", question.lower())
    if not councils and _PRONOUN.search(question):
        return True
    return len(words) <= 4 and not (councils and statements)


_ADVICE_KINDS = (QuestionKind.GOOD_PRACTICE, QuestionKind.IMPROVEMENT)
_OVERALL = re.compile(r"(?i)\s*\boverall\b")
# a topic of the follow-up's own ("what needs to improve on carers?"), not a pronoun for the last one
_OWN_TOPIC = re.compile(r"(?i)\b(?:on|about|for|around|with|regarding|in)\s+(?!it\b|that\b|this\b|them\b|there\b|"
                        r"the (?:lga|council|report)\b)\w+")
# what a follow-up asks for in its own words ("and their score out of 100?"): not the previous question again
_OWN_ASK = re.compile(
    r"(?i)\b(scor(?:e[ds]?|ing)|rat(?:ed|ings?)|out of 100|percentage|improve\w*|recommend\w*|good practi[cs]e|"
    r"good looks?|compared?|better|worse|reasons?|strengths?|weakness\w*|shortfalls?|fix\w*|tackle|to change|"
    r"falling short|went wrong|problems?|concerns?|examples?)\b")


def _elliptical(question: str) -> bool:
    """'What about Derby?', 'and for safeguarding?', 'Derby?': no question of its own."""
    rest = re.sub(r"(?i)^\s*(?:and|also|ok(?:ay)?|then|so)\b[\s,]*", "", question).strip()
    if _OWN_ASK.search(without_statements(rest)):  # a statement's name ("learning and improvement") asks nothing
        return False
    if re.match(r"(?i)(what about|how about|what of|same for|for|about|on|in|with)\b", rest):
        return True
    words = re.findall(r"[a-z']+", rest.lower())
    has_question = re.search(
        r"(?i)\b(what|how|who|when|where|why|which|did|does|do|is|are|was|were|has|have|"
        r"can|could|should|would|tell|list|give|show|describe|explain|compare)\b",
        rest,
    )
    return len(words) <= 3 or not has_question


def resolve_follow_up(cur: QuestionAnalysis, prev: QuestionAnalysis, named_strong: bool) -> QuestionAnalysis:
    """Fill what the follow-up leaves out from the previous turn and rewrite it as a standalone question."""
    q = cur.question
    ranked = ranking_follow_up(cur, prev)
    if ranked is not None:  # "which were the weakest?" after a council's scores
        return ranked
    if not cur.statements and other_statement(q, prev):  # "the other one?": the theme's other statement
        cur = cur.model_copy(update={"statements": other_statement(q, prev)})
    own_kind_cue = not _elliptical(q)
    councils = cur.councils or prev.councils
    unknown = cur.unknown_councils if cur.councils else prev.unknown_councils
    topic_ref = refers_to_topic(q) or bool(_WHY.match(q) or _MORE.match(q))
    advice = cur.kind in _ADVICE_KINDS and not _OWN_TOPIC.search(q)
    statements = cur.statements or (
        prev.statements if not own_kind_cue or cur.kind in _STRUCTURED or topic_ref or advice else []
    )
    kind = cur.kind
    if kind == QuestionKind.COMPARISON and len(cur.councils) == 1 and prev.councils:
        councils = list(dict.fromkeys([*prev.councils[:1], *cur.councils]))  # "how does that compare with X?"
    if not own_kind_cue and prev.kind != QuestionKind.OUT_OF_SCOPE:
        kind = prev.kind
        if kind == QuestionKind.RATING and cur.statements:
            kind = QuestionKind.SCORE
        if kind == QuestionKind.FINDING and cur.statements and not prev.statements and councils and not (
                asks_own_topic(prev)):  # "tell me about X" then "what about there on equity?": how X did on it
            kind = QuestionKind.SCORE
        if kind == QuestionKind.COMPARISON and len(councils) < 2 and prev.statements and not cur.councils:
            kind = QuestionKind.COMPARISON
    elif not cur.statements and prev.statements and kind == QuestionKind.FINDING and not own_kind_cue:
        statements = prev.statements
    if (_WHY.match(q) or _MORE.match(q)) and not cur.statements:
        kind = QuestionKind.FINDING  # "why?", "tell me more": the findings behind the previous answer
    if kind == QuestionKind.RATING and statements and not re.search(r"(?i)\b(rat\w*|overall)\b", q):
        kind = QuestionKind.SCORE  # "what score did they get for it?": the score for the statement before
    if unknown and not [c for c in councils if c not in unknown]:
        kind = QuestionKind.OUT_OF_SCOPE
    standalone = _rewrite(cur, prev, councils, statements, kind, own_kind_cue, named_strong)
    if (_WHY.match(q) or _MORE.match(q)) and statements and len(re.findall(r"\w+", q)) <= 8:
        place = f" in {' and '.join(councils)}" if councils else ""
        why = ", and why" if _WHY.match(q) else ""  # the reasons, or just more of the findings
        standalone = f"What did CQC find about {'; '.join(statements)}{place}{why}?"
    return cur.model_copy(
        update={
            "councils": councils,
            "unknown_councils": unknown,
            "statements": statements,
            "kind": kind,
            "standalone": standalone,
            "is_follow_up": True,
            "doc_kinds": cur.doc_kinds or prev.doc_kinds,
            "themes": cur.themes or prev.themes,
            "threshold": cur.threshold
            if cur.threshold is not None
            else (prev.threshold if kind == prev.kind else None),
            "comparator": cur.comparator or (prev.comparator if kind == prev.kind else None),
        }
    )


def _rewrite(
    cur: QuestionAnalysis,
    prev: QuestionAnalysis,
    councils: list[str],
    statements: list[str],
    kind: QuestionKind,
    own_kind_cue: bool,
    named_strong: bool = True,
) -> str:
    """A standalone wording of the follow-up."""
    council_text = " and ".join(councils)
    if not own_kind_cue:
        # elliptical ("what about Derby?", "and for safeguarding?"): swap the new parts into the old question
        text = prev.standalone
        if cur.statements and prev.statements:
            # a topic typed in its own words ("and reablement?") keeps them: the passages use those words
            topic = cur.statements[0] if named_strong else own_topic_words(cur.question) or cur.statements[0]
            for m in statement_mentions(text):
                if m.statement == prev.statements[0]:
                    text = text[: m.start] + topic + text[m.end :]
                    break
            else:
                text = f"{text} ({cur.statements[0]})"
        elif cur.statements:
            text = (
                f"What did {council_text} score for {cur.statements[0]}?"
                if kind == QuestionKind.SCORE
                else f"{_OVERALL.sub('', text).rstrip('? ')} for {cur.statements[0]}?"  # on it, not overall
            )
        if cur.councils and prev.councils:
            replaced = False
            for alias in sorted(aliases_for(prev.councils[0]), key=len, reverse=True):
                pat = re.compile(r"(?i)\b" + re.escape(alias) + r"\b")
                if pat.search(text):
                    text = pat.sub(cur.councils[0], text, count=1)
                    replaced = True
                    break
            if not replaced:
                text = f"{text.rstrip('?')} for {council_text}?"
        elif cur.councils:
            text = f"{text.rstrip('?')} for {council_text}?"
        return text
    text = cur.standalone
    if councils and not cur.councils:
        text, n = re.subn(r"(?i)\bthere\b", f"in {council_text}", text, count=1)
        if not n:
            text, n = re.subn(r"(?i)\b(its|their)\b", f"{council_text}'s", text, count=1)
        if not n:
            text = f"{text.rstrip('?')} ({council_text})?"
    if statements and not cur.statements:  # "what did CQC say about that?": the statement in its place
        text, n = _OBJECT_REF.subn(lambda m: f"{m.group(1)} {'; '.join(statements)}", text, count=1)
        if n:
            return text
    compared = kind == QuestionKind.COMPARISON and not cur.statements  # "how about compared with X?"
    refers = re.search(r"(?i)\b(it|this|that|they|them|why)\b", cur.question) or (  # "and what did X promise?"
        _FOLLOW_START.search(cur.question) and not cur.statements and not cur.councils)
    if compared or (refers and not _SPEAKER_TOPIC.search(cur.question)):
        topic = _topic(prev, statements)
        if kind == QuestionKind.COMPARISON and prev.kind in (QuestionKind.SCORE, QuestionKind.RATING):
            topic += " score" if prev.kind == QuestionKind.SCORE else " overall rating"  # "how does that compare?"
        text = f"{text.rstrip('?')}? (Context: {topic})"
    return text


# "what did they say about carers?": the pronoun is the council speaking, the topic is the question's own
_SPEAKER_TOPIC = re.compile(
    r"(?i)^(?:what|how) (?:did|do|does) (?:they|it) \w+ about (?!(?:that|it|this|them|those|these)\b)\w+")
# a pronoun standing for the topic as the object of a preposition ("say about that", "look like for it")
_OBJECT_REF = re.compile(
    r"(?i)\b(about|on|for|with|of|regarding)\s+(?:that|it|this)(?:\s+one)?\b(?!\s+(?:council|authority))")


def _topic(prev: QuestionAnalysis, statements: list[str]) -> str:
    """What 'it' or 'that' stands for: the statements asked about before, else the previous question's words
    (without its question words and its score or rating wording, which are not the topic)."""
    if statements:
        return "; ".join(statements)
    topic = re.sub(r"(?i)^\s*((what|how|which|who|when|where|why|did|does|do|is|was|were)\b\s*)+", "",
                   prev.standalone)
    return re.sub(r"(?i)\b(score[ds]?|rat(?:ed|ing)|overall|get|got)\b", " ", topic).rstrip("? ")


_SCOPED = {QuestionKind.SCORE, QuestionKind.RATING, QuestionKind.FINDING, QuestionKind.IMPROVEMENT,
           QuestionKind.ARITHMETIC}
_GENERAL = re.compile(r"\b(councils|local authorities|any council|which council|other council|each council|"
                      r"nationally|across england|in england)\b", re.I)
_FIRST_PERSON = re.compile(r"\b(we|us|our|ours)\b", re.I)


def scope_to_council(analysis: QuestionAnalysis, council: str) -> QuestionAnalysis:
    """A question that names no council, asked where one council is home (an intranet), is about that council.

    "What did we score for safeguarding?" becomes a Derby question on Derby's intranet; "how does our
    score compare with North Lincolnshire?" compares the two. Questions about councils in general
    ("which councils scored 3 on equity?"), good practice, and questions naming a council stay as they are.
    """
    if council in analysis.councils or _GENERAL.search(analysis.question):
        return analysis
    if analysis.kind == QuestionKind.COMPARISON and analysis.councils and _FIRST_PERSON.search(analysis.question):
        councils = [council, *analysis.councils]
    elif analysis.kind in _SCOPED and not analysis.councils:
        councils = [council]
    else:
        return analysis
    return analysis.model_copy(update={"councils": councils, "standalone": f"{analysis.standalone} ({council})"})
