"""The document cache's section paths: the first few offsets asked of a document read only the sections holding
each, the next reads them all; either way the path is the one the whole list gives."""

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
    alone = DocCache.SECTIONS_AT_MOST
    step = max(1, len(every) // (alone + 2))
    offsets = [every[len(every) // 2].body_start + 5, every[-1].start, every[1].start + 1]
    offsets += [every[i].start for i in range(2, len(every), step) if every[i].start not in offsets]
    assert len(offsets) > alone + 1
    docs = DocCache(assistant.catalog)
    docs.refresh()
    paths = [docs.section_path(DOC, o) for o in offsets[:alone]]
    assert DOC not in docs._snap().sections  # a few offsets so far: the document's sections were not all read
    assert docs.section_path(DOC, offsets[0]) == paths[0] and DOC not in docs._snap().sections  # kept
    paths += [docs.section_path(DOC, o) for o in offsets[alone:]]
    assert DOC in docs._snap().sections  # one more offset read and kept them all
    assert paths == [_deepest(every, o) for o in offsets] and all(paths)
    assert docs.section_path(DOC, offsets[0]) == paths[0]
    assert docs.section_path("no-such-document", 0) == ""
