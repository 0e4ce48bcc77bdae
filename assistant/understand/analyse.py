"""Question understanding: councils, quality statements, document kinds, question kind, follow-ups.

Phrases from the CQC taxonomy and the framework's sub-section topics map a question to statements; cue words
decide the kind (the embedding weighs in where they are silent); follow-ups inherit from the previous turn."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.domain.councils import only_council_words
from assistant.domain.synonyms import with_report_wording
from assistant.models.questions import QuestionAnalysis, QuestionKind, Turn
from assistant.models.records import DocumentKind
from assistant.understand.compound import mask, statement_readings, with_parts
from assistant.understand.figures import threshold as read_threshold
from assistant.understand.figures import what_if as read_what_if
from assistant.understand.followup import is_follow_up, resolve_follow_up
from assistant.understand.kinds import OPEN_KINDS, KindScorer, combine, has_topic
from assistant.understand.lexicon import (
    detect_doc_kinds,
    detect_statements,
    expand_acronyms,
    expand_roles,
    statement_mentions,
    without_statements,
)
from assistant.understand.places import find_places
from assistant.understand.scope import names_provider, out_of_scope
from assistant.understand.spelling import correct
from assistant.understand.themes import detect_themes, theme_statements

__all__ = ["analyse", "detect_statements", "expand_acronyms", "statement_mentions"]

_GOOD_PRACTICE = re.compile(
    r"\b(good practi[cs]e|best practi[cs]e|what (?:does )?good look|what good looks|looks? like for|"
    r"what (?:does|do|would) (?:an? )?good\b.{0,60}\blooks? like|"
    r"examples? of good|good examples?|what works|outstanding practice|good at|(?:getting|got|gets?) (?:\w+ )?right|"
    r"commend\w*|proud of|worth (?:copying|borrowing|learning from|sharing)|"
    r"(?:could|can|might|should) (?:copy|emulate|learn from))\b", re.I)
_IMPROVE = re.compile(
    r"\b(improve|improvements?|improving|areas? for development|recommend(?:ed|ations?)?|should\b|"
    r"shortfalls?|weakness(?:es)?|priorities|next steps|need(?:ed|s)? to|must be|action plan|fix|tackle|"
    r"do about|concerns?|ha(?:s|ve) to change|to change|falling (?:short|down)|criti(?:ci[sz]\w*|que)|"
    r"worr(?:y|ies|ied)|weak (?:spots?|points?|areas?)|problems?|shortcomings?|lagging|failing|"
    r"(?:went|go(?:es|ing)?|get(?:s|ting)?|got|doing|did) wrong|promis(?:e|es|ed)|pledged?|committed to|"
    r"room for improvement|not (?:so |very |that |as )?(?:good|great)|negatives?|downsides?)\b",
    re.I,
)
_NUMBER_ASK = re.compile(r"\b(how (?:many|much|long)|percentage|proportion|per ?cent|numbers?|figures?)\b")
_ADVICE_BETTER = re.compile(r"\b(?:could|can|should|might|would|needs? to)\b[^?.]{0,40}?\bdo (?:better|more)\b", re.I)
_SCORE = re.compile(
    r"\b(scores?|scored|scoring|how did .{2,40}? do (?:on|for|in|at)|how (?:well|badly) did|out of (?:4|four)|"
    r"how (?:good |well )?(?:is|was|are|were) [\w' ]{2,40}? (?:doing )?at\b|"
    r"how many (?:points|marks)|what mark)\b", re.I
)
# "what did they get for governance?": with a statement named, what a council got is its score
# "what did X get?" with nothing else asked: its rating
_GOT = re.compile(r"(?i)^\s*(?:so\s+|and\s+)?what(?:'s| did| has| have)\s+(?:\S+\s+){0,4}?"
                  r"(?:get|got|gotten|receive|achieve)\b")
_GOT_FOR = re.compile(r"\b(?:get|got|gets|receive[ds]?|achieve[ds]?|awarded|given) (?:for|on|in)\b|"
                      r"\b(?:give|gave|award(?:ed)?)\s+(?:\S+\s+){1,4}?(?:for|on)\b", re.I)  # "gave X for Y"
_RATING = re.compile(r"\b(ratings?|rated|overall (?:judg(?:e)?ment|result|grade))\b", re.I)
_COMPARE = re.compile(
    r"\b(compare[ds]?|comparison|versus|vs\.?|v\.|higher than|lower than|better than|worse than|"
    r"did better|did worse|scored higher|scored lower|score higher|score lower|which council\b|"
    r"which of the two|both councils|differ|difference|same as|beat|beats|beaten|c[ao]mes? out on top|ahead of|"
    r"outperform\w*|outscor\w*|fared? (?:better|worse))\b",
    re.I,
)
_IS_RATED = re.compile(  # "Is Derby good?", "Was North Lincolnshire rated outstanding?"
    r"^\s*(?:is|was)\s+(?P<subject>[^?.]{2,60}?)\s+(?:rated\s+|judged\s+)?"
    r"(?:good|outstanding|inadequate|requires? improvement)\s*\??\s*$",
    re.I,
)
_OVERALL_SCORE = re.compile(
    r"\bwhat percentage (?:did|does|was|is|score)\b|\bpercentage (?:score\s+)?overall\b|\boverall "
    r"(?:percentage|score|total|mark)\b|\bout of 100\b|\btotal score\b|\bpercentage score\b",
    re.I,
)
_COUNCIL_FILLER = {"the", "council", "city", "county", "borough", "adult", "social", "care", "s", "overall"}


def _asks_if_rated(text: str, councils: list[str]) -> bool:
    """Whether the question is "is <council> <rating>?" with nothing but the council as its subject."""
    m = _IS_RATED.match(text)
    if not m or not councils:
        return False
    return only_council_words(m.group("subject"), councils, _COUNCIL_FILLER)  # "Lincs", "Derby's"


def _bare_percentage(text: str, councils: list[str]) -> bool:
    """"hertfordshire percentage", "whats camden's % score": a council and a percentage, asked of nothing else."""
    if not re.search(r"(?i)\bper ?cent(?:age)?\b|%", text):
        return False
    rest = re.sub(r"(?i)\bper ?cent(?:age)?\b|%", " ", text)
    return only_council_words(rest, councils, _COUNCIL_FILLER | {"what", "whats", "what's", "is", "was", "its",
                                                                 "their", "score", "get", "got", "did", "of", "and"})


_RANK = re.compile(
    r"\b(which councils|rank(?:ing|ed)?|highest|lowest|top|bottom|best|worst|most|least|strongest|weakest|"
    r"list (?:the |all )?councils|how many councils)\b",
    re.I,
)
_WHAT_IF = re.compile(
    r"\b(what if|would .{0,80}\bif\b|if .{0,80}\b(?:rose|rise|rises|increased|improved|"
    r"went up|were|was|dropped|fell|moved)\b|percentage (?:score|rating)|as a percentage|"
    r"how (?:is|are) .{0,30}(?:calculated|worked out|decided|determined|reached)|out of 36|/36|overall percentage"
    r"|how (?:does|do|did|would) (?:the )?cqc (?:\w+ ){0,2}(?:decide|determine|work out|calculate|arrive at|reach))",
    re.I,
)
# a figure asked for ("derby overdue reviews number?"): a finding unless the figure is a score or rating
_FIGURE_ASK = re.compile(
    r"\b(take-?up|proportion|percentage|per ?cent|share of|rate of|numbers?|how many|how much|how long|"
    r"waiting list|waiting times?|figures?|budget|spend|count|total of)\b",
    re.I,
)
def _kind(
    text: str,
    councils: list[str],
    unknown: list[str],
    statements: list[str],
    what_if: dict[str, int],
    threshold: int | None,
    named_strong: bool,
) -> tuple[QuestionKind, bool]:
    """The kind by cue words, and whether a cue decided it (False: the rules fell through to a default)."""
    kind = _rule_kind(text, councils, unknown, statements, what_if, threshold, named_strong)
    return (kind or QuestionKind.FINDING), kind is not None


def _rule_kind(
    text: str,
    councils: list[str],
    unknown: list[str],
    statements: list[str],
    what_if: dict[str, int],
    threshold: int | None,
    named_strong: bool,
) -> QuestionKind | None:
    low = text.lower()
    scrubbed = re.sub(r"(?i)requires? improvement|outstanding|inadequate", "RATINGWORD", text)
    for m in statement_mentions(text):
        if m.strong:
            scrubbed = scrubbed[: m.start] + " " * (m.end - m.start) + scrubbed[m.end :]
    if out_of_scope(text) or (unknown and not councils):
        return QuestionKind.OUT_OF_SCOPE
    if what_if or (_WHAT_IF.search(text) and (_RATING.search(text) or _SCORE.search(text))):
        return QuestionKind.ARITHMETIC
    versus = len(councils) >= 2 and bool(_COMPARE.search(scrubbed) or re.search(r"(?i)\b(which|who|higher)\b", text))
    if councils and not statements and not versus and (_OVERALL_SCORE.search(text) or _bare_percentage(text, councils)):
        return QuestionKind.ARITHMETIC  # the nine scores' total as a percentage, and its band ("A vs B": compared)
    fact_question = re.match(r"\s*(how many|how much|how long|when|who|which year)\b", low) is not None
    if (
        _GOOD_PRACTICE.search(text)
        and not fact_question
        and not re.search(r"\b(cqc|did .+ (say|find))\b", low)
    ):
        return QuestionKind.GOOD_PRACTICE
    scoreish = bool(
        _SCORE.search(scrubbed)
        or re.search(r"\b(did better|did worse|performed)\b|(?<!to )\bdo better\b", _ADVICE_BETTER.sub(" ", low))
        or re.search(r"\b(do|did|does|done|doing) (best|worst)\b|\b(strongest|weakest) "
                     r"(areas?|themes?|(quality )?statements?|scores?)\b", low)
    )
    scoreish = scoreish or (bool(statements) and _GOT_FOR.search(low) is not None and not _FIGURE_ASK.search(low))
    ratingish = bool(_RATING.search(scrubbed)) and not re.search(
        r"(services?|homes?|providers?|agencies|teams?)\b[^.?]{0,30}\brated\b|rated (good|outstanding) by cqc", low)
    if DocumentKind.LGA_ANALYSIS in detect_doc_kinds(text) and not councils:
        return (
            QuestionKind.GOOD_PRACTICE
            if _GOOD_PRACTICE.search(text) and not fact_question
            else QuestionKind.FINDING
        )
    asks_statements = re.search(r"\b(?:which|what) (?:quality )?(?:statements?|areas?)\b", low) is not None
    if (threshold is not None and (scoreish or ratingish or councils or statements or asks_statements)) or (
        _RANK.search(scrubbed) and (scoreish or ratingish) and len(councils) != 2
    ):
        return QuestionKind.RANKING
    comparing = len(councils) >= 2 or bool(_COMPARE.search(scrubbed))
    if comparing:
        return QuestionKind.COMPARISON
    improve = bool(_IMPROVE.search(scrubbed) or _ADVICE_BETTER.search(scrubbed))  # "could X do better"
    topic_only = improve and not _NUMBER_ASK.search(low)  # "what needs to change on waiting times": no figure
    if _FIGURE_ASK.search(scrubbed) and not scoreish and not ratingish and not topic_only:
        return QuestionKind.FINDING  # a figure about a topic, not a score
    if improve and not scoreish:
        return QuestionKind.IMPROVEMENT
    if scoreish and (statements or named_strong):
        return QuestionKind.SCORE
    if ratingish or _asks_if_rated(text, councils):
        return QuestionKind.RATING if not statements else QuestionKind.SCORE
    if fact_question or re.match(r"\s*(what (?:percentage|proportion|share|number)|which|at what)\b", low):
        return QuestionKind.FINDING  # a figure or a fact asked outright
    if scoreish:  # "what did Derby score": all nine scores; "how did Derby do overall": the rating
        overall = re.search(r"\boverall\b", scrubbed, re.I) is not None
        return QuestionKind.SCORE if statements or (councils and not overall) else QuestionKind.RATING
    return None


def _topic_statements_apply(question: str, kind: QuestionKind) -> bool:
    """Whether topic hints should become the question's statements (not for comparisons of facts, which
    retrieval answers per council and whose facts may sit under any statement)."""
    if kind != QuestionKind.COMPARISON:
        return True
    return bool(
        _SCORE.search(question)
        or _RATING.search(question)
        or re.search(r"\b(did|do|performed) better\b", question, re.I)
    )


_THEME_KINDS = (QuestionKind.SCORE, QuestionKind.COMPARISON, QuestionKind.RANKING)
_SOURCE_KINDS = {DocumentKind.LGA_ANALYSIS, DocumentKind.SELF_ASSESSMENT, DocumentKind.SCRUTINY}
_LOOKUPS = (QuestionKind.SCORE, QuestionKind.RATING)


def _rules(
    question: str, found: list[str], unknown: list[str], scorer: KindScorer | None, masks: tuple[str, ...]
) -> QuestionAnalysis:
    """One question (or one part) read by the rules, the embedding weighing in on the kind."""
    mentions = statement_mentions(question)
    named_strong = any(m.strong for m in mentions)
    themes, read = detect_themes(question), detect_statements(question)
    statements = theme_statements(themes, read, named_strong)
    named_strong = named_strong or bool(themes and statements)  # a theme named is its statements named
    threshold, comparator = read_threshold(question)
    what_if = read_what_if(question, mentions) if re.search(r"\bif\b|would|suppose", question, re.I) else {}
    kind, cued = _kind(question, found, unknown, statements, what_if, threshold, named_strong)
    unnamed = without_statements(question)
    for written in masks:  # the question's own (maybe misspelt) wording of a council: "notingham"
        unnamed = re.sub(rf"(?i)\b{re.escape(written)}\b", " ", unnamed)
    if not cued and named_strong and found and only_council_words(
        unnamed, found, _COUNCIL_FILLER | {"and", "on", "for", "in"}
    ):
        kind, cued = QuestionKind.SCORE, True  # "derby safeguarding": the council's score for it
    elif not cued and not statements and found and _GOT.search(question) and only_council_words(
        _GOT.sub(" ", unnamed), found, _COUNCIL_FILLER | {"from", "cqc", "they", "in", "their", "assessment"}
    ):
        kind, cued = QuestionKind.RATING, True  # "what did X get (from the CQC)?": its rating
    if scorer is not None and kind in OPEN_KINDS and not cued:  # a cue word decides; the embedding reads the rest
        voted = combine(kind, cued, scorer.scores(mask(question, masks)))
        # what a named analysis, self-assessment or scrutiny report says (no council) is no catalog lookup
        about_source = not found and bool(set(detect_doc_kinds(question)) & _SOURCE_KINDS)
        kind = kind if about_source and voted in _LOOKUPS else voted
        if kind in _LOOKUPS and not statements and has_topic(unnamed, found, _COUNCIL_FILLER):
            kind = QuestionKind.FINDING  # "how were new contacts handled in X?": a topic of its own, no lookup
    if kind not in _THEME_KINDS:
        statements = read  # a theme stands for its statements in score questions; findings keep the topic read
    if not named_strong and not _topic_statements_apply(question, kind):
        statements = []  # topic hints steer only statement-level answers; facts may sit in any section
    if threshold is not None and kind != QuestionKind.RANKING:
        threshold, comparator = None, None
    return QuestionAnalysis(
        question=question,
        standalone=with_report_wording(expand_roles(expand_acronyms(question))),
        kind=kind,
        councils=[*found, *unknown],
        unknown_councils=unknown,
        statements=statements,
        themes=themes,
        doc_kinds=detect_doc_kinds(question),
        threshold=threshold,
        comparator=comparator,
        what_if=what_if,
    )


_OWN_SCORE_KINDS = (QuestionKind.RATING, QuestionKind.SCORE, QuestionKind.FINDING)


def analyse(
    question: str, history: Sequence[Turn], councils: Sequence[str], scorer: KindScorer | None = None
) -> QuestionAnalysis:
    """Understand a question, resolving follow-ups against the conversation so far.

    Councils come from the register (tolerant of misspelling and short forms); misspelt framework words are
    corrected first, each guess kept as an interpretation; `scorer` adds the whole question's meaning."""
    original = question.strip()
    places = find_places(original, councils)
    question, fixes = correct(original, places.words)
    found, unknown = places.loaded, places.unknown
    analysis = _rules(question, found, unknown, scorer, places.texts)
    named_strong = any(m.strong for m in statement_mentions(question))
    interpretations = places.interpretations + statement_readings(question, fixes)
    analysis = with_parts(analysis, question, lambda q: _rules(q, found, unknown, scorer, places.texts))
    if analysis.kind != QuestionKind.OUT_OF_SCOPE and is_follow_up(
        question, found + unknown, analysis.statements, bool(history), analysis.kind
    ):
        analysis = resolve_follow_up(analysis, history[-1].analysis, named_strong)
        if analysis.kind in _LOOKUPS and names_provider(question):
            analysis = analysis.model_copy(update={"kind": QuestionKind.OUT_OF_SCOPE})  # "and the NHS trust?"
        elif analysis.kind in _OWN_SCORE_KINDS and not analysis.statements and (
            analysis.councils and (_OVERALL_SCORE.search(question) or _bare_percentage(question, analysis.councils))
        ):  # "and their score out of 100?", "and the percentage?": the council came from the turn before
            analysis = analysis.model_copy(update={"kind": QuestionKind.ARITHMETIC})
    if analysis.kind == QuestionKind.OUT_OF_SCOPE and not analysis.unknown_councils:  # off topic: no reading to say
        interpretations = [i for i in interpretations if i not in places.town_readings]
    return analysis.model_copy(update={"interpretations": interpretations})
