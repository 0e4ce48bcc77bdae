"""What the service shows of where a document came from: its file name, never a server path.

The catalog keeps the path a document was ingested from (an absolute path for CLI ingests); API
responses replace it by the file's name, so clients learn nothing about the server's file system.
"""

from __future__ import annotations

import re

from assistant.models.answers import Answer, Citation, SuggestionPlan
from assistant.models.questions import Passage
from assistant.models.records import DocumentRecord, IngestOutcome


def source_name(path: str) -> str:
    """The last component of a POSIX or Windows path ('' stays '')."""
    return re.split(r"[/\\]", path.rstrip("/\\"))[-1]


def public_citation(citation: Citation) -> Citation:
    """The citation with `source` reduced to the file name."""
    return citation.model_copy(update={"source": source_name(citation.source)})


def public_passage(passage: Passage) -> Passage:
    """The passage with `source_path` reduced to the file name."""
    return passage.model_copy(update={"source_path": source_name(passage.source_path)})


def public_answer(answer: Answer) -> Answer:
    """The answer with every citation and passage showing file names only."""
    return answer.model_copy(
        update={
            "citations": [public_citation(c) for c in answer.citations],
            "passages": [public_passage(p) for p in answer.passages],
        }
    )


def public_record(record: DocumentRecord) -> DocumentRecord:
    """The document record with `source_path` reduced to the file name."""
    return record.model_copy(update={"source_path": source_name(record.source_path)})


def public_outcome(outcome: IngestOutcome) -> IngestOutcome:
    """The ingest outcome with `path` reduced to the file name."""
    return outcome.model_copy(update={"path": source_name(outcome.path)})


def public_plan(plan: SuggestionPlan) -> SuggestionPlan:
    """The improvement plan with its citations showing file names only."""
    return plan.model_copy(update={"citations": [public_citation(c) for c in plan.citations]})
