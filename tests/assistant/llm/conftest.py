"""Helpers for the LLM-layer tests: sources cut from the bundled corpus, scripted LangChain fake models."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.llm.pack import Source
from assistant.models.questions import Passage

CORPUS = Path(__file__).resolve().parents[3] / "corpus"


def corpus_source(n: int, filename: str, needle: str) -> Source:
    """A source holding the paragraph of a corpus file that contains ``needle`` (verbatim offsets)."""
    text = (CORPUS / filename).read_text(encoding="utf-8")
    at = text.index(needle)
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    return Source(n=n, kind="passage", doc_id=Path(filename).stem, title=Path(filename).stem,
                  council=None, section="Test section", text=text[start:end], start=start, end=end,
                  source_path=str(CORPUS / filename))


def corpus_passage(filename: str, needle: str, council: str | None = None) -> Passage:
    """A Passage over the corpus paragraph containing ``needle`` (for composer tests without retrieval)."""
    from assistant.models.records import DocumentKind

    s = corpus_source(0, filename, needle)
    return Passage(chunk_id=f"{s.doc_id}:test:{s.start}", doc_id=s.doc_id, title=s.title, council=council,
                   kind=DocumentKind.CQC_ASSESSMENT, heading_path=["Test section"], theme=None,
                   quality_statement=None, statement_score=None, text=s.text, start=s.start, end=s.end,
                   source_path=s.source_path, score=1.0)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`llm_integration` tests run only when asked for: `pytest -m llm_integration`."""
    expression = config.getoption("-m") or ""
    if "llm_integration" in expression and "not llm_integration" not in expression:
        return
    skip = pytest.mark.skip(reason="opt-in: pytest -m llm_integration (pip install -e '.[llm-integration]')")
    for item in items:
        if "llm_integration" in item.keywords:
            item.add_marker(skip)
