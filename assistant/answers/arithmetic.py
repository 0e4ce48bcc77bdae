"""CQC rating arithmetic: the nine scores as a percentage of the maximum, the rating band, what-ifs.

The rule (CQC, "How we determine ratings", local authority assessments): quality statement scores are
added up and expressed as a percentage of the maximum; 25-38% Inadequate, 39-62% Requires improvement,
63-87% Good, 88% and above Outstanding. The LGA analysis works an example ("26/36=67%"), cited when loaded.
"""

from __future__ import annotations

import re

from assistant.answers.base import Result, Structured
from assistant.domain.taxonomy import RATING_BANDS, STATEMENT_NAMES, rating_for_percentage
from assistant.evidence.citations import Citer, marks
from assistant.models.questions import QuestionAnalysis
from assistant.models.records import Assessment, DocumentKind

RULE_TEXT = (
    "CQC adds up the quality statement scores, expresses the total as a percentage of the maximum "
    "(4 per statement) and maps it to a rating: "
    + ", ".join(
        f"{lo if lo else 25}-{hi}% {r}" if hi < 100 else f"{lo}% and above {r}" for lo, hi, r in RATING_BANDS
    )
    + " (CQC, 'How we determine ratings' for local authority assessments)"
)
_WORKED_EXAMPLE = re.compile(r"[^\n]{0,40}\b\d{1,2}\s*/\s*\d{1,2}\s*=\s*\d{1,3}\s*%")
# a stated band: "- 63 to 87% = good", "88% and above = outstanding" (one per line)
_BAND_LINE = re.compile(
    r"^[ \t]*(?:[-•*][ \t]*)?(?:\d{1,3}\s*(?:to|-|–)\s*\d{1,3}\s*%|\d{1,3}\s*%\s*(?:and|or) (?:above|over|more))"
    r"[^\n]{0,12}\b(?:inadequate|requires improvement|good|outstanding)\b[^\n]*$",
    re.I | re.M,
)


def arithmetic(facts: Structured, analysis: QuestionAnalysis, citer: Citer) -> Result:
    """The rating rule applied: current total and percentage, and any what-if scores."""
    rule_ns = cite_stated_bands(facts, citer) + cite_worked_example(facts, citer)
    found, missing = facts.assessed(analysis)
    if missing and not found:
        return facts.no_assessment(missing[0], analysis, citer, "rating")
    out: list[str] = []
    if not [c for c in analysis.councils if c not in analysis.unknown_councils]:
        found = found if not analysis.what_if or len(analysis.what_if) < len(STATEMENT_NAMES) else []
    if not found and analysis.what_if and rule_ns:
        scores = list(analysis.what_if.values())
        pct = 100 * sum(scores) / (4 * len(scores))
        out.append(f"{RULE_TEXT}{marks(rule_ns)}.")
        out.append(
            f"Scores of {', '.join(map(str, scores))} total {sum(scores)}/{4 * len(scores)} = "
            f"{pct:.0f}%, "
            f"which is {rating_for_percentage(pct)}{marks(rule_ns)}."
        )
        return Result(out)
    if not analysis.councils and not analysis.what_if and rule_ns:
        return Result([f"{RULE_TEXT}{marks(rule_ns)}."])  # the rule asked in general: no council's total
    if not found:
        return Result([], handled=False)
    for council, doc_id, a in found[:2] if analysis.councils else found[:1]:
        if not a.scores:
            continue
        ns = [facts.cite_score(citer, doc_id, s) for s in a.scores]
        cur = [s.score for s in a.scores]
        pct = 100 * sum(cur) / (4 * len(cur))
        band = rating_for_percentage(pct)
        stated = a.overall_rating
        agree = (
            f", matching its {'indicative ' if a.indicative else ''}rating of {stated}"
            if stated == band
            else f"; the report's {'indicative ' if a.indicative else ''}rating is {stated}"
            if stated
            else ""
        )
        given = (f"; the documents state an overall score of {a.overall_percentage} out of 100"
                 if a.overall_percentage is not None else "; the documents state no overall percentage")
        out.append(
            f"{council}'s {len(cur)} quality statement scores total {sum(cur)}/{4 * len(cur)} = "
            f"{pct:.0f}% (worked out here from the cited scores{given}), in the {band} band{agree}"
            f"{marks(ns + facts.cite_rating(citer, doc_id, a))}."
        )
        if analysis.what_if:
            new = {s.statement: s.score for s in a.scores}
            changes = []
            for st, v in analysis.what_if.items():
                if st in new and new[st] != v:
                    changes.append(f"{st} from {new[st]} to {v}")
                new[st] = v
            total = sum(new.values())
            npct = 100 * total / (4 * len(new))
            nband = rating_for_percentage(npct)
            moved = "would change to" if nband != band else "would stay"
            values = set(analysis.what_if.values())
            if len(changes) > 3 and len(values) == 1:
                what = f"every statement scored {values.pop()} ({len(changes)} scores changed)"
            else:
                what = "; ".join(changes) or "no score change"
            cited = [facts.cite_score(citer, doc_id, s) for s in a.scores if s.statement in analysis.what_if]
            out.append(
                f"With {what}, the total would be {total}/{4 * len(new)} = {npct:.0f}%, so the rating "
                f"{moved} {nband}{marks(cited + rule_ns)}."
            )
            if nband == band:
                nxt = points_to_next(total, len(new))
                if nxt:
                    out.append(
                        f"Reaching the next band needs {nxt[0]} more point{'s' if nxt[0] > 1 else ''} "
                        f"({nxt[1]}){marks(rule_ns or ns[:1])}."
                    )
    out.append(f"Rule applied: {RULE_TEXT}{marks(rule_ns or [c.n for c in citer.citations[:1]])}.")
    return Result(out)


def stated_bands(text: str) -> tuple[int, int] | None:
    """The span of a list of rating bands stated one per line ("- 63 to 87% = good"), three lines or more."""
    lines = list(_BAND_LINE.finditer(text))
    for i, first in enumerate(lines):
        run = [first]
        for m in lines[i + 1 :]:
            if text[run[-1].end() : m.start()].strip():
                break
            run.append(m)
        if len(run) >= 3:
            return first.start() + (len(first.group(0)) - len(first.group(0).lstrip())), run[-1].end()
    return None


def cite_stated_bands(facts: Structured, citer: Citer) -> list[int]:
    """Cite the rating thresholds where a loaded document states them as a list of bands."""
    for rec in facts.docs.records.values():
        span = stated_bands(facts.docs.text(rec.doc_id))
        if span is not None:
            return [citer.cite(rec.doc_id, *span)]
    return []


def cite_worked_example(facts: Structured, citer: Citer) -> list[int]:
    """Cite a worked 'total/max=percentage' rating example in a loaded guidance document, if any."""
    for rec in facts.docs.records.values():
        if rec.kind != DocumentKind.LGA_ANALYSIS:
            continue
        text = facts.docs.text(rec.doc_id)
        m = _WORKED_EXAMPLE.search(text)
        if m:
            start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            return [citer.cite(rec.doc_id, start, m.end())]
    return []


def percent(a: Assessment) -> float | None:
    if a.overall_percentage is not None:
        return float(a.overall_percentage)
    return 100 * sum(s.score for s in a.scores) / (4 * len(a.scores)) if a.scores else None


def points_to_next(total: int, n: int) -> tuple[int, str] | None:
    pct = 100 * total / (4 * n)
    band = rating_for_percentage(pct)
    for extra in range(1, 4 * n - total + 1):
        new_band = rating_for_percentage(100 * (total + extra) / (4 * n))
        if new_band != band:
            return extra, f"{total + extra}/{4 * n} = {100 * (total + extra) / (4 * n):.0f}% is {new_band}"
    return None
