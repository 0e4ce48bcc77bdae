"""Score and rating answers on the development layout fixtures cite the line that states them.

Both fixture sets (tests/fixtures/layouts, layouts2) are ingested as they are (real Chroma, real embedder).
For every council a document states results for, the test asks its score for each stated statement and its
overall rating, and checks (a) the answer is exact, (b) a citation's span is on the line(s) of the `evidence`
snippet stating the value (score) or on a line stating the rating, (c) that passage is among the answer's first
five passages. Values come from the authority for the council (its CQC report before a press release before
news, as answers prefer); the snippets of every file stating the same value count.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from assistant.domain.councils import CouncilMatcher
from assistant.evaluation.metrics import NormalisedText, Span, is_exact, quote_found
from assistant.models.answers import Answer
from assistant.settings import Settings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SETS = [FIXTURES / "layouts", FIXTURES / "layouts2"]
_AUTHORITY = {"cqc_report": 0, "cqc_press_release": 1, "news": 2}


@dataclass
class Lookup:
    """One question with what its answer must state and the files and snippets stating it."""

    question: str
    kind: str  # score_lookup | rating_lookup
    council: str
    gold: str
    value: str
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (file name, snippet); scores only
    files: list[str] = field(default_factory=list)  # files stating the value


def lookups(folder: Path) -> list[Lookup]:
    """Score and rating questions for the councils whose documents in `folder` state results."""
    rows = [r for r in json.loads((folder / "expected.json").read_text()) if r["kind"] in _AUTHORITY]
    rows.sort(key=lambda r: _AUTHORITY[r["kind"]])
    out: dict[tuple[str, str], Lookup] = {}
    for r in rows:
        council = r["council_name"]
        for statement, value in r["scores"].items():
            key = (council, statement)
            if key not in out:
                out[key] = Lookup(f"What did {council} score for {statement}?", "score_lookup", council,
                                  f"{council} scored {value} for {statement}.", str(value))
            if out[key].value == str(value):
                out[key].evidence.append((r["file"], r["evidence"][statement]))
                out[key].files.append(r["file"])
        if r["rating"]:
            key = (council, "")
            if key not in out:
                out[key] = Lookup(f"What is {council}'s overall rating?", "rating_lookup", council,
                                  f"{council} is rated {r['rating']}.", r["rating"])
            if out[key].value == r["rating"]:
                out[key].files.append(r["file"])
    return list(out.values())


def _lines(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole lines holding text[start:end]."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, len(text) if hi < 0 else hi


def _places(lookup: Lookup, texts: dict[str, str]) -> list[tuple[str, int, int]]:
    """(file, start, end) of the lines that state the value."""
    places: list[tuple[str, int, int]] = []
    if lookup.kind == "score_lookup":
        for name, snippet in lookup.evidence:
            text = texts[name]
            for s, e in NormalisedText(text).find_all(snippet):  # a table row's cells read without their bars
                places.append((name, *_lines(text, s, e)))
        return places
    phrase = re.compile(r"\s+".join(map(re.escape, lookup.value.split())), re.I)
    for name in lookup.files:
        text = texts[name]
        for m in phrase.finditer(text):
            places.append((name, *_lines(text, m.start(), m.end())))
    return places


def _line_above(text: str, start: int) -> int:
    """Start of the last non-blank line before the line starting at `start` (a heading over a value)."""
    at = start - 1
    while at > 0:
        lo = text.rfind("\n", 0, at) + 1
        if text[lo:at].strip():
            return lo
        at = lo - 1
    return 0


def _line_below(text: str, end: int) -> int:
    """End of the first non-blank line after the line ending at `end` (a score's wording under it)."""
    at = end + 1
    while at < len(text):
        hi = text.find("\n", at)
        hi = len(text) if hi < 0 else hi
        if text[at:hi].strip():
            return hi
        at = hi + 1
    return len(text)


def _on(span: tuple[str, int, int], places: list[tuple[str, int, int]], text: str) -> bool:
    """A span cites the stating line(s): it holds (or lies within) them, reaching at most one line beyond
    on either side (a heading above, a score's wording below), never the page around them."""
    name, s, e = span
    for pn, ps, pe in places:
        if pn != name or not (s < pe and ps < e):
            continue
        if s < _line_above(text, ps) or e > _line_below(text, pe):
            continue
        if (ps <= s and e <= pe) or (s <= ps and pe <= e):
            return True
        if len(text[max(s, ps) : min(e, pe)].strip()) >= 0.5 * len(text[ps:pe].strip()):
            return True
    return False


@dataclass
class Outcome:
    lookup: Lookup
    answer: Answer
    exact: bool
    cited: bool
    top5: bool
    quoted: bool  # the evaluation harness's rule: a citation holds the evidence quote (scores only)
    quoted_top5: bool  # likewise a top-5 passage


def judge(lookup: Lookup, answer: Answer, files: dict[str, str], matcher: CouncilMatcher,
          document_text: Callable[[str], str]) -> Outcome:
    """Score one answer: exact, cited on the stating line, that passage in the first five."""
    texts: dict[str, str] = {}
    for c in answer.citations:
        texts.setdefault(Path(c.source).name, document_text(c.document))
    for p in answer.passages[:5]:
        texts.setdefault(Path(p.source_path).name, document_text(p.doc_id))
    for name in lookup.files:
        if name not in texts:
            texts[name] = document_text(files[name])
    places = _places(lookup, texts)
    cited = [(Path(c.source).name, c.start, c.end) for c in answer.citations]
    on_line = [c for c in cited if _on(c, places, texts[c[0]])]
    top = [(Path(p.source_path).name, p.start, p.end) for p in answer.passages[:5]]
    top5 = any(p[0] == c[0] and p[1] <= max(c[1], ps) and min(c[2], pe) <= p[2]
               for c in on_line for pn, ps, pe in places if pn == c[0] and c[1] < pe and ps < c[2] for p in top)
    exact = is_exact(lookup.gold, lookup.kind, answer.answer, answer.refused, matcher)
    quotes = [snippet for _, snippet in lookup.evidence]
    norm = {d: NormalisedText(document_text(d))
            for d in {c.document for c in answer.citations} | {p.doc_id for p in answer.passages[:5]}}
    quoted = not quotes or quote_found(quotes, [Span(c.document, c.start, c.end, c.quote)
                                                for c in answer.citations], norm)
    quoted_top5 = not quotes or quote_found(quotes, [Span(p.doc_id, p.start, p.end, p.text)
                                                     for p in answer.passages[:5]], norm)
    return Outcome(lookup, answer, exact, bool(on_line), top5, quoted, quoted_top5)


def run_set(service: Any, folder: Path) -> list[Outcome]:
    """Ask every lookup of a fixture set loaded in `service`."""
    files = {Path(r.source_path).name: r.doc_id for r in service.catalog.documents()}
    matcher = CouncilMatcher(service.catalog.councils())
    return [judge(q, service.ask(q.question), files, matcher, service.catalog.document_text)
            for q in lookups(folder)]


def summary(outcomes: Sequence[Outcome]) -> str:
    """Counts per kind: exact, cited on the stating line, that passage in the top five."""
    out = []
    for kind in ("score_lookup", "rating_lookup"):
        rows = [o for o in outcomes if o.lookup.kind == kind]
        out.append(f"{kind} {len(rows)}: exact {sum(o.exact for o in rows)}, cited {sum(o.cited for o in rows)}, "
                   f"top-5 {sum(o.top5 for o in rows)}, harness quote cited {sum(o.quoted for o in rows)}, "
                   f"in top-5 {sum(o.quoted_top5 for o in rows)}")
    return "; ".join(out)


@pytest.fixture(scope="module", params=SETS, ids=lambda p: p.name)
def outcomes(request: pytest.FixtureRequest, make_loaded: Callable[[Sequence[Path]], Settings]
             ) -> Iterator[list[Outcome]]:
    from assistant.service import Assistant

    folder: Path = request.param
    names = [r["file"] for r in json.loads((folder / "expected.json").read_text())]
    service = Assistant.open(make_loaded([folder / n for n in names]))
    try:
        yield run_set(service, folder)
    finally:
        service.close()


def _failures(outcomes: Sequence[Outcome], what: str) -> list[str]:
    failed = [f"{o.lookup.question} -> {o.answer.answer[:160]!r} | first cited: "
            f"{(o.answer.citations[0].quote[:80] if o.answer.citations else None)!r}"
              for o in outcomes if not getattr(o, what)]
    print("\n".join(f"{what} FAILED: {f}" for f in failed))
    return failed


def test_answers_are_exact(outcomes: list[Outcome]) -> None:
    print(summary(outcomes))
    assert _failures(outcomes, "exact") == []


def test_answers_cite_the_stating_line(outcomes: list[Outcome]) -> None:
    assert _failures(outcomes, "cited") == []


def test_the_cited_passage_is_in_the_first_five(outcomes: list[Outcome]) -> None:
    assert _failures(outcomes, "top5") == []


def test_the_harness_finds_the_evidence_quote(outcomes: list[Outcome]) -> None:
    assert _failures(outcomes, "quoted") == [] and _failures(outcomes, "quoted_top5") == []


def test_every_stated_value_is_asked() -> None:
    asked = [q for folder in SETS for q in lookups(folder)]
    assert sum(q.kind == "rating_lookup" for q in asked) >= 20
    assert all(q.evidence for q in asked if q.kind == "score_lookup")
