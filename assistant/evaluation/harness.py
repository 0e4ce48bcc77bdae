"""The eval harness: run a question file through the assistant (or retrieval alone) and the baseline.

Question files follow /work/shared/eval/README.md. A follow_up question carries a `context` (the
previous user turn): the context is asked first and the follow-up is asked with that turn as history.
Scoring rules live in `assistant.evaluation.metrics`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field

from assistant.domain.councils import CouncilMatcher
from assistant.errors import BadInputError
from assistant.evaluation.baseline import NaiveBaseline
from assistant.evaluation.metrics import NormalisedText, Span, is_exact, is_verbatim, percentile, quote_found
from assistant.models.answers import Answer
from assistant.models.questions import Turn

EXACT_KINDS = ("score_lookup", "rating_lookup", "comparison")


class EvalQuestion(BaseModel):
    """One line of a question file."""

    id: str
    question: str
    kind: str
    council: str | None = None
    quality_statement: str | None = None
    gold_answer: str = ""
    gold_doc: str | None = None
    gold_docs: list[str] = Field(default_factory=list)
    gold_quotes: list[str] = Field(default_factory=list)
    context: str | None = None
    split: str | None = None  # "tuned" or "held_out" (our own sets): report the two apart, tune on neither alone
    form: str | None = None  # how the question is put: plain, casual, misspelt, alias, compound, follow_up, ...


class Asker(Protocol):
    """What the harness calls: `assistant.service.Assistant` satisfies it."""

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...


class DocumentTexts(Protocol):
    """Stored document texts (the catalog satisfies it)."""

    def document_text(self, doc_id: str) -> str: ...


class QuestionResult(BaseModel):
    """The measurements for one question."""

    id: str
    kind: str
    exact: bool | None = None
    top5: bool | None = None
    cited: bool | None = None
    cited_first: bool | None = None  # a gold quote in the first citation: the answer leads with it
    citations: int = 0
    verbatim: int = 0
    refused: bool = False
    right: bool = False  # the verdict: exact / refused when out of scope / answered citing a gold quote
    split: str | None = None
    latency_ms: float = 0.0
    baseline_top5: bool | None = None
    baseline_ms: float | None = None
    answer: Answer


class KindRow(BaseModel):
    """Aggregated results of one question kind (or overall)."""

    kind: str
    n: int
    exact: float | None
    top5: float | None
    baseline_top5: float | None
    cited: float | None
    cited_first: float | None
    verbatim: float | None
    refused: int
    right: float | None = None


class EvalReport(BaseModel):
    """The whole run: per-kind rows, refusal figures and latencies."""

    mode: str  # "answer" (Assistant.ask) or "retrieval" (search only)
    rows: list[KindRow]
    out_of_scope_refused: tuple[int, int]
    false_refusals: tuple[int, int]
    latency_p50: float
    latency_p95: float
    baseline_p50: float | None = None
    baseline_p95: float | None = None
    results: list[QuestionResult]


def verdict(kind: str, refused: bool, exact: bool | None, cited: bool | None) -> bool:
    """Right or wrong: out of scope must be refused; exact kinds must be exact; the rest cite a gold quote."""
    if kind == "out_of_scope":
        return refused
    if exact is not None:
        return exact
    return not refused and bool(cited)


def load_questions(path: Path, split: str | None = None) -> list[EvalQuestion]:
    """Read a question file (JSON lines), keeping one split when asked."""
    if not path.is_file():
        raise BadInputError(f"{path}: question file not found")
    try:
        lines = [line for line in path.read_text().splitlines() if line.strip()]
        items = [EvalQuestion.model_validate_json(line) for line in lines]
        return [q for q in items if split is None or q.split == split]
    except ValueError as exc:
        raise BadInputError(f"{path}: not a valid question file ({exc})") from exc


def _ratio(values: Sequence[bool | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


class Evaluator:
    """Scores answers against gold answers and quotes."""

    def __init__(self, asker: Asker, texts: DocumentTexts, councils: Sequence[str],
                 baseline: NaiveBaseline | None = None, answers: bool = True) -> None:
        self.asker = asker
        self.texts = texts
        self.baseline = baseline
        self.answers = answers  # False when only retrieval runs: answer metrics are not measured
        self._docs: dict[str, NormalisedText] = {}
        self._raw: dict[str, str | None] = {}
        self.matcher = CouncilMatcher(list(councils))

    def _text(self, doc_id: str) -> str | None:
        if doc_id not in self._raw:
            try:
                self._raw[doc_id] = self.texts.document_text(doc_id)
            except Exception:
                self._raw[doc_id] = None
        return self._raw[doc_id]

    def _norm(self, doc_ids: set[str]) -> dict[str, NormalisedText]:
        for doc_id in doc_ids:
            text = self._text(doc_id)
            if doc_id not in self._docs and text is not None:
                self._docs[doc_id] = NormalisedText(text)
        return self._docs

    def run_one(self, q: EvalQuestion) -> QuestionResult:
        """Ask one question (after its context, for follow-ups) and score it."""
        history: list[Turn] = []
        if q.context:
            first = self.asker.ask(q.context)
            history.append(Turn(question=q.context, answer=first.answer, analysis=first.analysis))
        t0 = time.perf_counter()
        answer = self.asker.ask(q.question, history)
        latency = (time.perf_counter() - t0) * 1000.0
        result = QuestionResult(id=q.id, kind=q.kind, refused=answer.refused, latency_ms=latency,
                                split=q.split, answer=answer)
        if q.gold_quotes:
            top = answer.passages[:5]
            docs = self._norm({p.doc_id for p in top} | {c.document for c in answer.citations})
            passages = [Span(p.doc_id, p.start, p.end, p.text) for p in top]
            result.top5 = quote_found(q.gold_quotes, passages, docs)
            if self.answers:
                cited = [Span(c.document, c.start, c.end, c.quote) for c in answer.citations]
                result.cited = quote_found(q.gold_quotes, cited, docs)
                result.cited_first = quote_found(q.gold_quotes, cited[:1], docs)
        if self.answers:
            result.citations = len(answer.citations)
            result.verbatim = sum(is_verbatim(c.quote, self._text(c.document), c.start, c.end)
                                  for c in answer.citations)
            if q.kind in EXACT_KINDS:
                result.exact = is_exact(q.gold_answer, q.kind, answer.answer, answer.refused, self.matcher)
        result.right = verdict(q.kind, result.refused, result.exact, result.cited)
        if self.baseline is not None:
            query = f"{q.context} {q.question}" if q.context else q.question
            hits, result.baseline_ms = self.baseline.timed_search(query, 5)
            if q.gold_quotes:
                docs = self._norm({h.doc_id for h in hits})
                result.baseline_top5 = quote_found(
                    q.gold_quotes, [Span(h.doc_id, h.start, h.end, h.text) for h in hits], docs)
        return result

    def run(self, questions: Sequence[EvalQuestion],
            progress: Callable[[QuestionResult], None] | None = None) -> EvalReport:
        """Run every question (after one untimed warm-up ask) and aggregate."""
        if questions:
            self.asker.ask(questions[0].question)
        results: list[QuestionResult] = []
        for q in questions:
            results.append(self.run_one(q))
            if progress is not None:
                progress(results[-1])
        return self.summarise(results)

    def summarise(self, results: list[QuestionResult]) -> EvalReport:
        """Per-kind and overall rows, refusals and latency percentiles."""
        kinds = list(dict.fromkeys(r.kind for r in results))
        rows = [self._row(k, [r for r in results if r.kind == k]) for k in kinds]
        rows.append(self._row("overall", results))
        oos = [r for r in results if r.kind == "out_of_scope"]
        rest = [r for r in results if r.kind != "out_of_scope"]
        lat = [r.latency_ms for r in results]
        base = [r.baseline_ms for r in results if r.baseline_ms is not None]
        return EvalReport(
            mode="answer" if self.answers else "retrieval", rows=rows,
            out_of_scope_refused=(sum(r.refused for r in oos), len(oos)),
            false_refusals=(sum(r.refused for r in rest), len(rest)),
            latency_p50=percentile(lat, 50), latency_p95=percentile(lat, 95),
            baseline_p50=percentile(base, 50) if base else None,
            baseline_p95=percentile(base, 95) if base else None, results=results)

    def _row(self, kind: str, rs: list[QuestionResult]) -> KindRow:
        cites = sum(r.citations for r in rs)
        return KindRow(
            kind=kind, n=len(rs), exact=_ratio([r.exact for r in rs]), top5=_ratio([r.top5 for r in rs]),
            baseline_top5=_ratio([r.baseline_top5 for r in rs]), cited=_ratio([r.cited for r in rs]),
            cited_first=_ratio([r.cited_first for r in rs]),
            verbatim=(sum(r.verbatim for r in rs) / cites) if cites else None,
            refused=sum(r.refused for r in rs), right=_ratio([r.right for r in rs]) if self.answers else None)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def table_rows(report: EvalReport) -> list[list[str]]:
    """The results table as strings: kind, n, exact, top-5, baseline top-5, cited, cited first, verbatim,
    refused."""
    return [[r.kind, str(r.n), _fmt(r.exact), _fmt(r.top5), _fmt(r.baseline_top5), _fmt(r.cited),
             _fmt(r.cited_first), _fmt(r.verbatim), str(r.refused), _fmt(r.right)] for r in report.rows]


HEADERS = ["kind", "n", "exact", "quote in top-5", "baseline top-5", "quote cited", "quote cited first",
           "verbatim cites", "refused", "right"]


def summary_lines(report: EvalReport) -> list[str]:
    """Refusal and latency figures under the table."""
    oos, fr = report.out_of_scope_refused, report.false_refusals
    lines = [f"out_of_scope refused: {oos[0]}/{oos[1]}; answerable refused: {fr[0]}/{fr[1]}",
             f"latency ({report.mode}) p50 {report.latency_p50:.1f} ms, p95 {report.latency_p95:.1f} ms"]
    splits = sorted({r.split for r in report.results if r.split})
    if splits and report.mode == "answer":
        lines.append("right by split: " + "; ".join(
            f"{s} {sum(r.right for r in rs)}/{len(rs)}"
            for s in splits if (rs := [r for r in report.results if r.split == s])))
    if report.baseline_p50 is not None and report.baseline_p95 is not None:
        lines.append(f"baseline retrieval latency p50 {report.baseline_p50:.1f} ms, "
                     f"p95 {report.baseline_p95:.1f} ms")
    return lines


def markdown(report: EvalReport) -> str:
    """The results table and figures as markdown."""
    out = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    out += ["| " + " | ".join(row) + " |" for row in table_rows(report)]
    out += [""] + [f"- {line}" for line in summary_lines(report)]
    return "\n".join(out) + "\n"


def write_details(report: EvalReport, path: Path) -> None:
    """One JSON line per question: id, kind, split, the verdict columns and the Answer as `ask --json` prints it."""
    keep = {"id", "kind", "split", "exact", "top5", "cited", "cited_first", "refused", "right"}
    with path.open("w") as fh:
        for r in report.results:
            row = r.model_dump(mode="json", include=keep)
            row["answer"] = r.answer.model_dump(mode="json")
            fh.write(json.dumps(row) + "\n")
