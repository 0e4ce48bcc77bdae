"""The document cache's section paths: the first offset asked of a document reads only the sections holding it,
a second reads them all; either way the path is the one the whole list gives."""

from __future__ import annotations

from typing import Any

from assistant.evidence.doccache import DocCache

DOC = "derby-city-cqc-assessment-2024"


def _deepest(sections: list[Any], offset: int) -> str:
    best = None
    for s in sections:
        if s.start <= offset < max(s.end, s.start + 1) and (best is None or s.level >= best.level):
            best = s
    return " > ".join(best.path) if best else ""


def test_section_paths_read_little_and_match_the_whole_list(assistant: Any) -> None:
    every = assistant.catalog.sections(DOC)
    offsets = [every[len(every) // 2].body_start + 5, every[-1].start, every[1].start + 1]
    docs = DocCache(assistant.catalog)
    docs.refresh()
    paths = [docs.section_path(DOC, offsets[0])]
    assert DOC not in docs._snap().sections  # one offset so far: the document's sections were not all read
    paths += [docs.section_path(DOC, o) for o in offsets[1:]]
    assert DOC in docs._snap().sections  # a second offset read and kept them
    assert paths == [_deepest(every, o) for o in offsets] and all(paths)
    assert docs.section_path(DOC, offsets[0]) == paths[0]
    assert docs.section_path("no-such-document", 0) == ""
