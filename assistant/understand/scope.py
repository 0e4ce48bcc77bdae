"""Questions no loaded report can answer: other services, single care providers, events still to come.

The documents assess councils' adult social care. Ratings of hospitals, GP surgeries, NHS trusts or one
care home, weather, elections, dates not yet set and results of assessments still to come or of years
before CQC assessed councils are out of scope, asked outright or as a follow-up
("and the hospital trust there?" after a council's rating).
"""

from __future__ import annotations

import re

_OOS = re.compile(
    r"\b(weather|forecast|ofsted|children'?s (?:services|social care|trust|homes?)|football|recipe|stock market|"
    r"bitcoin|lottery|"
    r"recommend (?:me )?a (?:good )?(?:care home|nursing home|provider|carer)|"
    r"(?:best|good) care home (?:in|for)|"
    r"for my (?:dad|mum|mother|father|nan|gran|wife|husband)|parking|bin collection|council tax band|"
    r"tell me a joke|poem|who won|election result)\b",
    re.I,
)
# Care providers CQC rates one by one (not councils): asking their rating is out of scope.
_PROVIDER = re.compile(
    r"\b(hospitals?|gp|gps|surgery|surgeries|dentists?|pharmac(?:y|ies)|nhs trusts?|"
    r"(?:nhs|health|hospitals?|foundation|ambulance) trust)\b"
    r"(?!\s+(?:discharges?|admissions?|avoidance|stays?|teams?))",
    re.I,
)
# one service rather than a council's care ("the rating of a care home in Derby")
_ONE_PROVIDER = re.compile(
    r"\b(?:a|an|my|our|this|that|one|his|her) (?:particular |specific |local |certain )?"
    r"(?:care home|nursing home|care provider|home ?care agency|residential home)(?!s)\b|"
    r"\bthe (?:care home|nursing home|residential home|home ?care agency)\s+(?:in|at|on|near|called|named|run by)\b",
    re.I,
)
# individual care providers listed or rated
_PROVIDER_LIST = re.compile(
    r"\b(which|list|name|what(?!\s+(?:share|percentage|proportion|number|per ?cent|fraction)))\b"
    r"[^?.]{0,40}\b(care homes?|nursing homes?|home ?care agenc(?:y|ies)|"
    r"providers?)\b[^?.]{0,30}\b(rated|outstanding|inadequate|closed|closing)\b",
    re.I,
)
_FUTURE = re.compile(
    r"^\s*(?:when|what date) (?:will|is|are)\b[^?.]{0,60}\b(?:publish\w*|inspect\w*|assess\w*|visit\w*|"
    r"be (?:assessed|inspected|rated|published)|next assessment|due|"
    r"(?:get|receive|have) (?:its|their|a|an|the)? ?(?:cqc )?(?:rating|assessment|inspection|result|report))\b",
    re.I,
)
_RATED = re.compile(r"\b(ratings?|rated|best|worst|good|scores?|scored)\b", re.I)
# an assessment not yet made: "what will X's next assessment say", "what will X score"
_NOT_YET = re.compile(
    r"\b(?:next|upcoming|future|forthcoming) (?:cqc )?(?:assessment|inspection|rating|report)s?\b", re.I)
# CQC began assessing councils' adult social care in 2023 (the pilots); no rating or score exists before it
FIRST_ASSESSMENT_YEAR = 2023
_YEAR = re.compile(r"\b(?:in|for|from|of|during)\s+((?:19|20)\d\d)\b|"
                   r"\b((?:19|20)\d\d)\s+(?:cqc\s+)?(?:rating|score|assessment|inspection)", re.I)
_ASKS_RESULT = re.compile(r"\b(ratings?|rated|scores?|scored)\b", re.I)
# The regulator itself as an organisation (its post holders, founding, staff, money, offices): no assessment
# of a council says who runs CQC or when it was set up ("when did CQC start assessing councils?" is in scope).
_REGULATOR = r"(?:the\s+)?(?:cqc|care quality commission)"
_ABOUT_REGULATOR = re.compile(
    rf"^\s*(?:who(?:'s|’s|\s+is|\s+was)|what(?:'s|’s|\s+is)\s+the\s+name\s+of)\s+(?:the\s+)?(?:current\s+)?"
    rf"(?:chief executive|ceo|chair(?:man|woman|person)?|head|boss|leader)\s+(?:of|at)\s+{_REGULATOR}\b|"
    rf"^\s*who(?:'s|’s|\s+is|\s+was)\s+{_REGULATOR}(?:'s|’s)\s+(?:chief executive|ceo|chair|boss)\b|"
    rf"\b{_REGULATOR}(?:'s|’s)?\s+(?:headquarters|head office|annual budget)\b|"
    rf"\b(?:when|what year)\s+(?:was|were|did)\s+{_REGULATOR}\s+(?:set up|founded|established|created|formed|"
    rf"start(?:ed)?(?:\s+up)?\??$|begin\??$|come into)|"
    rf"\bhow many\s+(?:staff|people|employees|inspectors)\s+(?:work|are employed|does)\s+(?:at|for|by|{_REGULATOR})"
    rf"[^?]*?(?:{_REGULATOR}|employ|have)\b|"
    rf"\bwhere (?:is|are)\s+{_REGULATOR}\s+(?:based|located)\b|"
    rf"^\s*who\s+(?:runs|leads|heads|chairs|is in charge of)\s+{_REGULATOR}\s*\??\s*$",
    re.I,
)
# A definition of a law asked for its own sake ("what is the Care Act?"): general knowledge, not a finding.
_DEFINE_LAW = re.compile(
    r"^\s*(?:what(?:'s|’s| is| was)|explain(?: what)?|define|tell me about|what does)\s+(?:the\s+)?"
    r"(?:[a-z0-9]+\s+){0,5}(?:act|law|legislation|bill)(?:\s+(?:19|20)\d\d)?"
    r"(?:\s+(?:is|mean|means|say|says|about|for))?\s*\??\s*$",
    re.I,
)
# Facts of the world or of a council that no care assessment reports: office holders by name, opening hours,
# transport, national wage rates, countries' facts, personal applications and complaints.
_GENERAL = re.compile(
    r"^\s*who\s+(?:is|are|'s)\s+(?:the\s+)?(?:current\s+)?(?:leader|mayor|chief executive|ceo|mp|"
    r"health secretary|secretary of state|prime minister|minister)\b(?!.*\b(?:adult|social care|services?)\b)|"
    r"^\s*who\s+leads\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}council\s*\??\s*$|"
    r"\b(?:capital|prime minister|president) of\b|\bpopulation of (?:the )?(?:uk|united kingdom|britain|"
    r"great britain|england|world|country)\b|"
    r"\b(?:national )?(?:minimum|living) wage\s+(?:is|for|in|rate)\b|\b(?:how much|what) is the (?:national )?"
    r"(?:minimum|living) wage\b|"
    r"\bwhat time (?:does|do|is)\b[^?]*\b(?:open|close|shut)\w*\b|\b(?:going to|will it|is it) (?:rain|snow)\b|"
    r"\bopening (?:hours|times)\b|\b(?:trains?|bus(?:es)?)\s+(?:from|to|times?|"
    r"timetable)\b|\bbest (?:train|bus|route|way to get)\b|\bblue badge\b|"
    r"\bhow (?:do|can|should) i (?:apply|book|register|renew|complain|make a complaint|request|arrange)\b",
    re.I,
)


def names_provider(text: str) -> bool:
    """Whether the question is about one care provider, a hospital, a GP or an NHS trust."""
    return bool(_PROVIDER.search(text) or _ONE_PROVIDER.search(text))


def out_of_scope(text: str) -> bool:
    """Whether the question, read on its own, asks what no council assessment holds."""
    if _OOS.search(text) and not re.search(r"\badult", text, re.I):
        return True
    if names_provider(text) and _RATED.search(text):
        return True
    if _ASKS_RESULT.search(text) and (_NOT_YET.search(text) or any(
            int(a or b) < FIRST_ASSESSMENT_YEAR for a, b in _YEAR.findall(text))):
        return True  # a result no assessment holds: one still to come, or a year before the assessments began
    if _ABOUT_REGULATOR.search(text) or _DEFINE_LAW.search(text) or _GENERAL.search(text):
        return True
    return bool(_PROVIDER_LIST.search(text) or _FUTURE.search(text))
