"""What a good-practice sentence looks like: a concrete practice (a named service, team, scheme or approach, with
its effect or figure, or said to be praised), against the sentences around it in the same document that are no
practice at all: the place described, the method or purpose of a report, a score line, a plan, or someone's
quoted reaction. Generic English cues only, never a council's or a document's words.
"""

from __future__ import annotations

import re
from functools import lru_cache

# the thing done: a service, team, scheme or way of working
_PRACTICE_NOUN = re.compile(
    r"\b(?:schemes?|services?|programmes?|hubs?|teams?|partnerships?|boards?|frameworks?|pilots?|initiatives?|"
    r"projects?|connectors?|navigators?|coordinators?|offers?|networks?|forums?|associations?|centres?|"
    r"approach|model|front door|reablement|shared lives|co-production|groups?|briefings|audits?)\b",
    re.I,
)
# what it does or achieves, or that it was singled out
_EFFECT = re.compile(
    r"\b(?:helps?|helped|means?|meant|reduced|supports?|connects?|brings? together|co-designed|co-produced|"
    r"screens?|screened|runs?|funded|pooled|resolved|grown|grew|work(?:s|ed)? (?:from|with|closely)|"
    r"still (?:at home|living at home)|highlight\w*|prais\w*|good practice|examples?|real strength|strengths?|"
    r"among the best|valued|embedded|well (?:understood|regarded)|promptly|quickly|timely|"
    r"strong|mature|trusting|constructive|robust|proactive|effective(?:ly)?|well[- ]managed|"
    r"no (?:\w+ )?(?:waiting lists?|backlogs?|delays?))\b",
    re.I,
)
# a name of its own ("the Making It Real board", "Walsall Together"): two capitalised words inside a sentence
_NAMED = re.compile(r"(?<=\w )(?:[A-Z][\w'’-]+ (?:(?:and|of|to|It|for) )?){1,4}(?:[A-Z][\w'’-]+)")
# the place described: population, geography, deprivation
_PLACE = re.compile(
    r"\b(?:is|was) an? (?:[\w-]+ ){0,4}(?:borough|district|city|county|town|area|authority) (?:of|in|on|with|"
    r"running|covering)\b|\bpopulation\b|\b(?:around|about|over|some) [\d,]+ (?:people|residents|adults)\b"
    r"(?! (?:were|are|had|have) (?:waiting|been))|\bresidents (?:are|identify)\b|\bethnic group\b|"
    r"\blife expectancy\b|\b(?:levels? of|areas? of|high(?:er)?|most|of) deprivation\b|\bmost deprived\b|"
    r"\bproportions? of older residents\b|\bexpected to (?:rise|grow|increase)\b|"
    r"\bnet budget\b|©|\(c\)|\ball rights reserved\b",
    re.I,
)
# how the report was made, or what it is for
_METHOD = re.compile(
    r"\b(?:inspectors|we|CQC|the (?:peer )?team) (?:visited|spoke (?:to|with)|met|heard from)\b|"
    r"\bthe assessment,? (?:\w+ ){0,5}(?:looked at|was carried out)\b|\bCare Act 2014\b|"
    r"\bthis (?:letter|report|paper|document|self-assessment) (?:sets out|is|has been|was)\b|"
    r"\b(?:thank you|would like to thank)\b|\bis not an inspection\b|\bfull report is available\b|"
    r"\b(?:media|press) (?:enquiries|office)\b|\bnotes to editors\b",
    re.I,
)
# a score line or the rating announced: the catalog gives those
_SCORE = re.compile(
    r"\(\s*[1-4]\s*\)|\bscor(?:e|ed|ing)\b[^.;]{0,50}?\b(?:[1-4]|one|two|three|four)\b|"
    r"\boverall (?:score|judgement|rating)\b"
    r"|\b(?:rated|judged) (?:as )?['‘\"“]?(?:good|outstanding|requires|inadequate)"
    r"|['‘\"“](?:good|outstanding|requires improvement|inadequate)['’\"”]|\s[-–:]\s*[1-4]\W*$",
    re.I,
)
# what the council will do, not what it does
_PLAN = re.compile(r"\b(?:priorit(?:y|ies) for|we will|will (?:begin|start|be)|plans? to|aims? to|intends? to)\b",
                   re.I)
_QUOTES = re.compile(r"[\"“”]")


@lru_cache(maxsize=50000)  # a pure function of the sentence: sentences recur across answers
def practice_factor(text: str) -> float:
    """How much a sentence states a concrete practice: up for a named practice with its effect, down for the
    place described, the report's method, a score line or a plan."""
    if _PLACE.search(text) or _METHOD.search(text) or _PLAN.search(text) or _SCORE.search(text):
        return 0.1
    thing = _PRACTICE_NOUN.search(text) is not None or _NAMED.search(text) is not None
    effect = _EFFECT.search(text) is not None
    return 1.3 if thing and effect else 1.15 if thing or effect else 1.0


_SAYS = re.compile(r"\b(?:said|says|added|commented)\b[^\"“”]{0,40}[\"“]|^\s*[\"“]")


def quoted_reaction(paragraph_before: str, text: str = "") -> bool:
    """Whether a sentence is someone's quoted words (inside quotation marks opened before it in its paragraph,
    or 'X said: "..."'): a councillor's pride or a charity's comment is a reaction, not a practice."""
    return len(_QUOTES.findall(paragraph_before)) % 2 == 1 or _SAYS.search(text) is not None


_WELL_HEADING = re.compile(
    r"\b(?:do(?:ing)? well|strengths?|good practice|works? well|working well|positives?|proud of)\b", re.I)
_GAP_HEADING = re.compile(
    r"\b(?:improve|improvements?|development|consideration|shortfalls?|address|concerns?)\b|^About\b", re.I)


def strengths_heading(heading: str) -> bool:
    """Whether a section is headed as strengths, alone or with gaps ("Summary of strengths, areas for development")."""
    return _WELL_HEADING.search(heading) is not None


def heading_factor(heading: str) -> float:
    """A section headed as strengths alone ("What we do well") holds practices; one headed as gaps or as the place
    described ("Areas for improvement", "About X") does not; one headed as both, some of each."""
    well, gaps = strengths_heading(heading), _GAP_HEADING.search(heading) is not None
    return 1.0 if well == gaps else 1.5 if well else 0.4


def gaps_heading(heading: str) -> bool:
    """Whether a section or column is headed as gaps alone ("What we need to improve", "Areas for development")."""
    return _GAP_HEADING.search(heading) is not None and not strengths_heading(heading)


def gap_heading_factor(heading: str) -> float:
    """For an improvement answer: a section or column headed as strengths alone ("What we are proud of") holds
    no shortfall; any other heading leaves the sentence to be judged on its words."""
    return 0.3 if strengths_heading(heading) and _GAP_HEADING.search(heading) is None else 1.0
