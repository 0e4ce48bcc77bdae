"""What every catalog answer shares: Result, score wording, and the Structured helpers (cite, published, not loaded).

Every sentence cites the score's (or rating's) own span in the assessment report, so the figures
quoted are exactly the report's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from assistant.answers.citing import rating_places, score_places, score_span, stated_span
from assistant.domain.nations import councils_outside_england
from assistant.domain.taxonomy import SCORE_WORDINGS
from assistant.evidence.citations import Citer, DocCache, clean, marks
from assistant.models.questions import QuestionAnalysis, QuestionKind, Search
from assistant.models.records import Assessment, StatementScore

_STATUS = re.compile(
    r"(not yet known|not yet been|yet to be|due to|will be|forthcoming|prior to|ahead of|"
    r"before|prepar\w*)[^.]{0,120}\b(CQC|Care Quality Commission)\b[^.]{0,80}"
    r"\b(assess\w*|inspect\w*|assurance)|\b(CQC|Care Quality Commission)\b[^.]{0,40}"
    r"(has not|have not|not yet)[^.]{0,40}(assess|inspect|rate)",
    re.I,
)


_SOURCE_NAMES = {"report": "report", "press_release": "press release", "news": "news item", "other": "document"}


class CatalogFacts(Protocol):
    """What structured answers need from the catalog."""

    def councils(self) -> list[str]: ...
    def assessment(self, council: str) -> tuple[str, Assessment] | None: ...


@dataclass
class Result:
    """A structured answer: its sentences (each already carrying citation marks) and whether it refused."""

    sentences: list[str]
    refused: bool = False
    handled: bool = True  # False: hand over to retrieval (e.g. a comparison of facts)


def wording(s: StatementScore) -> str:
    return s.wording or SCORE_WORDINGS.get(s.score, "")


def score_text(s: StatementScore, indicative: bool) -> str:
    """'3 - Evidence shows a good standard (indicative)' as a phrase."""
    wording = s.wording or SCORE_WORDINGS.get(s.score, "")
    return f"{s.score} - {wording}{' (indicative)' if indicative else ''}"


def percentage_text(a: Assessment) -> str:
    """', with an overall score of 78 out of 100 (78%)' where the documents state one."""
    p = a.overall_percentage
    return f", with an overall score of {p} out of 100 ({p}%)" if p is not None else ""


def find_score(a: Assessment, statement: str) -> StatementScore | None:
    for s in a.scores:  # a loop, not next(generator): a ranking calls this once per council and statement
        if s.statement == statement:
            return s
    return None


def label_note(s: StatementScore) -> str:
    label = clean(s.label).strip(" #:*")
    return f" (the report calls it '{label}')" if label and label.lower() != s.statement.lower() else ""


class Structured:
    """Builds catalog answers; `search` finds passages for what the catalog cannot state."""

    def __init__(self, catalog: CatalogFacts, docs: DocCache, search: Search) -> None:
        self.catalog = catalog
        self.docs = docs
        self.search = search

    # --- helpers ------------------------------------------------------------------------------------

    def assessed(self, analysis: QuestionAnalysis) -> tuple[list[tuple[str, str, Assessment]], list[str]]:
        """(council, doc_id, assessment) for the loaded councils asked about (all when none named),
        and the named loaded councils without a CQC assessment."""
        loaded = [c for c in analysis.councils if c not in analysis.unknown_councils]
        names = loaded or self.catalog.councils()
        found: list[tuple[str, str, Assessment]] = []
        missing: list[str] = []
        for council in names:
            hit = self.catalog.assessment(council)
            if hit is None:
                if loaded:
                    missing.append(council)
                continue
            found.append((council, hit[0], hit[1]))
        return found, missing

    def cite_score(self, citer: Citer, doc_id: str, s: StatementScore) -> int:
        """Cite a statement score's span (in the document that states it, when merged from another)."""
        return citer.cite(*score_span(self.docs, (s.doc_id or doc_id, s.start, s.end)))

    def cite_scores(self, citer: Citer, doc_id: str, a: Assessment, s: StatementScore) -> list[int]:
        """Cite every place (up to a few) stating this score: the report's, then the press release's."""
        return [citer.cite(*score_span(self.docs, place)) for place in score_places(a, s, doc_id)]

    def cite_rating(self, citer: Citer, doc_id: str, a: Assessment) -> list[int]:
        """Cite the sentences (or heading and line) stating the overall rating, and the stated percentage."""
        ns = [citer.cite(d, start, end) for d, start, end in rating_places(self.docs, doc_id, a)]
        if a.percentage_span is not None:
            ns.append(citer.cite(*stated_span(self.docs, a.percentage_doc or doc_id, a.percentage_span)))
        return list(dict.fromkeys(ns))

    def rating_sentence(self, citer: Citer, council: str, doc_id: str, a: Assessment) -> str:
        """'X's overall CQC rating is Good: <wording>, with an overall score of 78 out of 100 (published ...) [n].'"""
        wording = f": {a.rating_wording}" if a.rating_wording else ""
        return (
            f"{council}'s {'indicative ' if a.indicative else ''}overall CQC rating is "
            f"{a.overall_rating}{wording}{percentage_text(a)}{self.published(a, 'rating')}"
            f"{marks(self.cite_rating(citer, doc_id, a))}."
        )

    def published(self, a: Assessment, what: str = "score") -> str:
        when = f"published {a.published.day} {a.published:%B %Y}" if a.published else ""
        if a.indicative:
            return f" (an indicative {what} from CQC's pilot assessment{', ' + when if when else ''})"
        return f" ({when})" if when else ""

    def not_loaded(self, analysis: QuestionAnalysis, citer: Citer) -> Result:
        """The councils asked about are not loaded: say so and name those that are."""
        loaded = self.catalog.councils()
        names = ", ".join(analysis.unknown_councils)
        assessed = [c for c in loaded if self.catalog.assessment(c) is not None]
        outside = [n for n in analysis.unknown_councils if councils_outside_england(n)]
        text = (
            f"I have no documents about {names} loaded, so I have no evidence for that. "
            + (f"{' and '.join(outside)} {'is' if len(outside) == 1 else 'are'} outside England, where CQC does "
               "not assess councils' adult social care. " if outside else "")
            + f"The loaded documents cover {', '.join(loaded) or 'no councils'}"
            + (f"; CQC assessments are loaded for {', '.join(assessed)}." if assessed else ".")
        )
        return Result([text], refused=True)

    def no_assessment(self, council: str, analysis: QuestionAnalysis, citer: Citer, what: str) -> Result:
        """A council with documents but no CQC assessment: say so, citing what its documents say about it."""
        sentences: list[str] = []
        probe = analysis.model_copy(
            update={
                "councils": [council],
                "statements": [],
                "doc_kinds": [],
                "kind": QuestionKind.FINDING,
                "standalone": f"When will CQC assess {council}? CQC assessment",
            }
        )
        for p in self.search(probe.standalone, probe)[:6]:
            if p.council != council:
                continue
            for m in re.finditer(r"[^.\n]*[.\n]", p.text):
                sent = m.group(0).strip()
                if _STATUS.search(sent) and len(sent) > 30:
                    offset = p.start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
                    n = citer.cite(
                        p.doc_id, offset, offset + len(sent.rstrip(".")) + (1 if sent.endswith(".") else 0)
                    )
                    sentences.append(f"{clean(sent)}{marks([n])}")
                    break
            if sentences:
                break
        if not sentences:
            titles = [d.title for d in self.docs.records.values() if d.council == council]
            return Result(
                [
                    f"There is no CQC {what} for {council} in the loaded documents, so I have no "
                    f"evidence for that; the documents loaded about it are: {'; '.join(titles)}."
                ],
                refused=True,
            )
        return Result(
            [
                f"There is no CQC {what} for {council} in the loaded documents{marks(self._ns(citer))}.",
                *sentences,
            ]
        )

    def conflict_note(self, citer: Citer, doc_id: str, a: Assessment, statement: str) -> str:
        """' Note: the press release says 3 [n], the report says 2 [m].' when sources or places disagree."""
        for c in a.conflicts:
            if c.statement != statement:
                continue
            if len({(x.doc_id or doc_id, x.source) for x in c.scores}) > 1:
                parts = [f"the {_SOURCE_NAMES[x.source]} says {x.score} "
                         f"[{citer.cite(x.doc_id or doc_id, x.start, x.end)}]" for x in c.scores]
                first = _SOURCE_NAMES[c.scores[0].source]
                return f" Note: the sources disagree on {statement}: {', '.join(parts)}; the {first}'s score is used."
            values = ", ".join(f"{x.score} ({x.origin})" for x in c.scores)
            ns = [citer.cite(x.doc_id or doc_id, x.start, x.end) for x in c.scores]
            return f" Note: the report gives {statement} different scores in different places: {values}{marks(ns)}."
        return ""

    @staticmethod
    def _ns(citer: Citer) -> list[int]:
        return [citer.citations[-1].n] if citer.citations else []
