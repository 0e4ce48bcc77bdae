"""How much a candidate sentence answers "what does X need to improve (on Y)", on any layout: a stated shortfall
leads wherever it sits (a statement's narrative, a row of an action-plan table, a paragraph of a cabinet paper, a
press release's prose); CQC's method, a document describing itself ("This plan responds to...", "Cabinet is asked
to note...") and a council's planned actions are no shortfall. A table row's own statement cell ("Safeguarding |
enquiries were not always completed | ...") says which quality statement the row is about.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.compose.cues import GAP_CUES, NO_GAP_CUES, REDUCED_GAP_CUES, STRONG_CUES, is_shortfall
from assistant.compose.narrative import line_statement
from assistant.domain.caseblind import CaseBlind, lowered
from assistant.models.records import DocumentKind
from assistant.understand.lexicon import statement_mentions

# CQC's method described, not a finding: "CQC looked at nine areas spread across four themes..."
BOILERPLATE = re.compile(
    r"\b(?:nine|9) (?:areas|quality statements)\b|\bfour (?:key )?themes\b|\bscore out of (?:four|4)\b"
    r"|\b(?:each|every) quality statement (?:is|was) (?:given|awarded) a score\b"
    r"|\bscores? from (?:1|one) to (?:4|four)\b"
    r"|\bnew (?:responsibility|duty)(?: under the Act)? to assess\b|\bPart 1 of the Care Act\b"
    r"|\bwhere support is needed it should\b"
    r"|\brated?s? (?:(?:[\w’'-]+ ){0,8}as )?[‘'\"“]?(?:good|outstanding|requires improvement|inadequate)\b",
    re.I,
)
SCORE_LINE = re.compile(
    r"\bEvidence shows (?:some|significant) shortfalls\b|\bEvidence shows an? (?:good|exceptional)", re.I)
OWN_REPORTS = (DocumentKind.CQC_ASSESSMENT, DocumentKind.CQC_PRESS_RELEASE, DocumentKind.SELF_ASSESSMENT)
PLANNED = re.compile(
    r"\b(?:we|it|they|the council) (?:will|intends? to|plans? to|aims? to)\b|\bplans to\b", re.I
)  # .match: a sentence that opens with the plan ("We will measure...") states an action, not a gap
_NUMBERED = r"^(?:\d+(?:\.\d+)*\.?\s+)?"  # "4.1 ", "2. " of a committee paper's numbered paragraphs
# a document about itself: its purpose, what it contains, what its readers are asked to do
_SELF = re.compile(
    _NUMBERED + r"(?:This|The|Our|An?) (?:[\w-]+ ){0,4}?(?:plan|report|paper|document|briefing|update|"
    r"page|appendix|section|table)(?: (?:at|in|of|below|above) [\w ]{1,20}?)?\s+(?:responds|sets out|describes|"
    r"summarises|outlines|lists|provides|gives|explains|presents|updates|asks|seeks|covers|"
    r"is (?:intended|designed|structured)|was (?:agreed|written|prepared|produced))\b"
    r"|^It (?:lists|sets out|describes|summarises|outlines|explains|presents|gives|covers)\b"
    r"|\b(?:is|are) (?:asked|invited|recommended) to (?:note|approve|agree|comment|consider|endorse)\b"
    r"|" + _NUMBERED + r"(?:The purpose of this \w+ is )?To (?:inform|update|advise|seek|ask|present|provide|note)\b"
    r"|\b(?:will be|is) (?:reported|monitored|overseen) (?:to|by|through)\b",
    re.I,
)
_CELL = re.compile(r"\s*\|\s*")
_BOILERPLATE_CUES, _SELF_CUES = CaseBlind.folded(BOILERPLATE.pattern), CaseBlind.folded(_SELF.pattern)


def is_boilerplate(text: str) -> bool:
    """Whether a sentence describes CQC's method or announces a rating (`BOILERPLATE`), not a finding."""
    return _BOILERPLATE_CUES.search(text, lowered(text))


def describes_itself(text: str) -> bool:
    """Whether a sentence is a document describing itself or its readers' task, not a finding."""
    body = text.strip()
    return _SELF_CUES.search(body, lowered(body))


@lru_cache(maxsize=20000)
def row_cells(text: str) -> tuple[str, ...]:
    """The cells of a flattened table row ("a | b | c"); none for a sentence."""
    if text.count("|") < 2:
        return ()
    return tuple(c for c in _CELL.split(text.strip().strip("|")) if c)


@lru_cache(maxsize=20000)
def row_statement(text: str) -> str | None:
    """The quality statement a table row is about: a cell that is the statement's name (or a close variant of it)
    and little else, as an action plan's "Area" or "Quality statement" column gives it."""
    return next((named for cell in row_cells(text)[:3] if (named := line_statement(cell)) is not None), None)


def row_states_finding(text: str) -> bool:
    """Whether a table row holds a cell that reads as a sentence (six words or more, not a figure list): a finding,
    an action or a shortfall stated in words, not a row of figures."""
    return any(len(c.split()) >= 6 and not re.fullmatch(r"[\d\s.,%£/()-]+", c) for c in row_cells(text))


def improvement_factor(text: str, kind: DocumentKind, council_named: bool, wants_action: bool = False,
                       stated: bool = False) -> float:
    """How much a sentence answers 'what needs to improve': a stated shortfall leads, a neutral or positive
    sentence falls back, CQC's description of its own method or a document's description of itself is never a
    finding, a planned action is no shortfall (unless actions are asked for), and a council's own reports (CQC
    report, press release, self-assessment) come before third-party write-ups. `stated`: the sentence sits where
    its document lists its gaps (a "What we need to improve" column), so it is a shortfall whatever its words."""
    low = lowered(text)  # the cues run over it (`assistant.domain.caseblind`)
    if _BOILERPLATE_CUES.search(text, low) or describes_itself(text):
        return 0.2
    if SCORE_LINE.search(text):
        return 0.1  # a score's band ("2 | Evidence shows some shortfalls"): the catalog's scores lead instead
    cells = row_cells(text)
    # an action-plan row: its shortfall is one cell, the action, owner and date the others
    shortfall = stated or (any(is_shortfall(c) for c in cells) if cells else is_shortfall(text))
    if shortfall:
        factor = 1.5 if STRONG_CUES.search(text, low) else 1.2
    else:
        gap = GAP_CUES.search(text, low) and not (NO_GAP_CUES.search(text, low) or REDUCED_GAP_CUES.search(text, low))
        factor = 0.7 if gap else 0.4
    if not cells and not wants_action and PLANNED.match(text.lstrip("-•* ")):
        factor *= 0.35  # "We will measure waiting times...": what the council will do, not what falls short
    if wants_action and (PLANNED.search(text) or (cells and row_states_finding(text))):
        factor = max(factor, 1.2)  # "what's in their plan for carers?": a planned action is the answer, gap or not
    return factor * (1.0 if not council_named or kind in OWN_REPORTS else 0.8)


def finding_cell(text: str) -> tuple[int, int] | None:
    """Where a table row states its shortfall: the offsets of its first cell that reads as one ("What the CQC
    found"), so a plan cites the finding, not the row's action, owner and date."""
    for cell in row_cells(text):
        if len(cell.split()) >= 6 and is_shortfall(cell):
            start = text.find(cell)
            return start, start + len(cell)
    return None


def on_statement(text: str, statement: str) -> tuple[int, int, bool] | None:
    """A candidate shortfall of a document without statement sections, for one statement: its offsets within the
    text (a table row narrowed to its finding cell) and whether it names the statement (a row by its statement
    cell, a sentence by its words); None for a row or sentence about another statement, a document describing
    itself or a planned action."""
    if describes_itself(text) or PLANNED.match(text.lstrip("-•* ")):
        return None
    if row_cells(text):
        cell, named = finding_cell(text), row_statement(text)
        if cell is None or named not in (None, statement):
            return None
        return cell[0], cell[1], named == statement
    named_all = {m.statement for m in statement_mentions(text)}
    if named_all and statement not in named_all:
        return None
    return 0, len(text), statement in named_all


ACTIONS = re.compile(
    r"\b(actions?|plans?|planning|priorit(?:y|ies|ise|ize)|next steps|going to|intend\w*|doing (?:to|about)|taking)\b"
    r"|\bwhat (?:will|is|are) (?:\w+ ){1,3}(?:do|doing)\b|\brecommend(?:s|ed|ations?)?\b",  # what others advise doing
    re.I,
)


def asks_for_actions(question: str) -> bool:
    """Whether a question asks what is planned or being done ('what actions...', 'what are the plans...')."""
    return ACTIONS.search(question) is not None


def is_planned(text: str, heading: str = "") -> bool:
    """Whether a quoted span states planned actions: 'we will', 'plans to', a list of items, or anything
    under a heading such as 'Our priorities for improvement are:'."""
    return PLANNED.search(text) is not None or "\n" in text.strip() or ACTIONS.search(heading) is not None
