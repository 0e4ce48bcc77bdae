"""Evidence plumbing shared by the composers: numbered citations of verbatim spans (the document cache they
read is `assistant.evidence.doccache`; the tokenizer, term matching and sentence spans are in
`assistant.evidence.text`).

Citations always quote the document's stored text exactly: ``quote == text[start:end]``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.domain.sentences import display
from assistant.evidence.doccache import CatalogReader, DocCache
from assistant.models.answers import Citation

__all__ = ["CatalogReader", "Citer", "DocCache", "clean", "marks", "renumber"]


@dataclass
class Citer:
    """Numbers citations of verbatim spans, one number per distinct span."""

    docs: DocCache
    citations: list[Citation] = field(default_factory=list)
    _numbers: dict[tuple[str, int, int], int] = field(default_factory=dict)  # (doc, start, end) -> n

    def cite(self, doc_id: str, start: int, end: int, section: str | None = None) -> int:
        """The citation number for text[start:end] of a document (added if new; constant time per call)."""
        if len(self._numbers) != len(self.citations):  # citations appended or replaced from outside
            self._numbers = {(c.document, c.start, c.end): c.n for c in reversed(self.citations)}
        known = self._numbers.get((doc_id, start, end))
        if known is not None:
            return known
        text = self.docs.text(doc_id)
        rec = self.docs.records.get(doc_id)
        n = len(self.citations) + 1
        self.citations.append(
            Citation(
                n=n,
                document=doc_id,
                title=rec.title if rec else doc_id,
                council=rec.council if rec else None,
                section=section if section is not None else self.docs.section_path(doc_id, start),
                quote=text[start:end],
                display=display(text[start:end]),
                start=start,
                end=end,
                source=rec.source_path if rec else "",
                url=rec.source_url if rec else None,
                publisher=rec.publisher if rec else None,
                published=rec.published if rec else None,
                published_as=rec.published_as if rec else None,
            )
        )
        self._numbers[(doc_id, start, end)] = n
        return n


def marks(ns: Sequence[int]) -> str:
    """' [1][2]' for citation numbers (deduplicated, in order)."""
    return " " + "".join(f"[{n}]" for n in dict.fromkeys(ns)) if ns else ""


def clean(text: str) -> str:
    """A sentence as shown in the answer: markdown markers and emphasis removed, whitespace collapsed."""
    return display(text)


def renumber(text: str, citations: Sequence[Citation]) -> tuple[str, list[Citation]]:
    """Citation numbers in order of first appearance in the text; uncited citations dropped."""
    order: list[int] = []
    for m in re.finditer(r"\[(\d+)\]", text):
        n = int(m.group(1))
        if n not in order:
            order.append(n)
    mapping = {old: new for new, old in enumerate(order, 1)}
    by_n = {c.n: c for c in citations}
    new_text = re.sub(r"\[(\d+)\]", lambda m: f"[{mapping.get(int(m.group(1)), int(m.group(1)))}]", text)
    return new_text, [by_n[old].model_copy(update={"n": mapping[old]}) for old in order if old in by_n]
