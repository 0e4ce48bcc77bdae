"""Cue words that mark a sentence as a shortfall ("a backlog", "had not", "waiting") or as a strength
("effective", "praised"): generic English, never a council's or a document's words. Improvement answers lead
with shortfalls; what-went-well answers demote them.
"""

from __future__ import annotations

import re

STRONG_SHORTFALL = re.compile(
    r"\b(however|backlogs?|waiting (?:lists?|times?)|waited|delays?|delayed|lack(?:ed|ing)?|shortfalls?|"
    r"overdue|not (?:always|consistently|yet|clear|timely|aware|able)|too soon|inconsistent|limited|missed|"
    r"(?:not|\w+n[’']t) (?:consistent|clear|timely|sufficient|enough)|inconsistenc(?:y|ies)|unclear|inequalit(?:y|ies)|"
    r"need(?:s|ed)? to (?:be )?improv|further work|(?<!safeguarding )concerns?|poor|"
    r"(?:below|lower than|less than) (?:the )?(?:national|regional|england|average)|insufficient|unmet|at risk|"
    r"(?:is|are|was|were|had) no (?:\w+ )?(?:mechanism|process|strategy|plan|system|oversight|assurance)|"
    r"requir(?:ed|es) further|further (?:improvement|development)|"
    r"out of date|no overall|areas? for (?:development|improvement)|must|should|unallocated|"
    r"high (?:number|volume)s? of|build-?up|struggl\w*|high caseloads?|low morale|unable to|not enabling|"
    r"forgotten)\b",
    re.I,
)
SHORTFALL_CUES = re.compile(
    r"\b(however|but|although|waiting|wait(?:ed)?|backlogs?|not(?! (?:just|only)\b)|no|lack(?:ed|ing)?|delays?|delayed|"
    r"shortfalls?|concerns?|improve(?:ment)?|needed|needs to|should|overdue|limited|inconsistent|"
    r"difficult(?:y|ies)?|challenges?|gaps?|poor|below|out of date|too soon|sometimes|missed|unclear)\b",
    re.I,
)
POSITIVE = re.compile(
    r"\b(positive(?:ly)?|priority|commitment|improved|reduc(?:ed|tion)|started|aware|well|good|effective(?:ly)?|strong|robust|"
    r"prais\w*|exceptional|impress\w*|excellent|innovative|proactive)\b",
    re.I,
)


def is_shortfall(text: str) -> bool:
    """Whether a sentence reads as a shortfall: its cues of a gap outweigh its cues of progress."""
    weight = 2 * len(STRONG_SHORTFALL.findall(text)) + len(SHORTFALL_CUES.findall(text))
    return weight >= 2 and weight > 2 * len(POSITIVE.findall(text))
