"""Which kind of source each part of a file is: a CQC report page, a CQC press release, or a news item.

A file may hold several pages (report sub-pages followed by the press release, as an officer pastes them);
each stated value is labelled with the source of the part it sits in. A part begins where a line carries
the opening cue of a layout (a report page's title, a press release's headline or lead); before any cue, the
document's own kind decides.
"""

from __future__ import annotations

import bisect
import re
from typing import Literal

from assistant.models.records import DocumentKind
from ingest.parse.lines import Line, heading_text

Source = Literal["report", "press_release", "news", "other"]

_REPORT_START = re.compile(
    r"^(?:.{3,90}?:\s*local authority assessment|(?:[A-Z][\w’'&-]*\s+){1,6}(?:council|borough of \w+)\s+assessment"
    r"|(?:local authority|overall)\s+(?:indicative\s+)?rating(?: and score)?|(?:indicative\s+)?score\s*:?\s*[1-4]?)$",
    re.I)
_PRESS_START = re.compile(
    r"^(?:CQC (?:rates|publishes|has rated|has published)\b.*"
    r"|(?:the )?care quality commission \(cqc\),? has (?:rated|published)\b.*)$", re.I)
_OF_KIND: dict[DocumentKind, Source] = {
    DocumentKind.CQC_ASSESSMENT: "report", DocumentKind.CQC_PRESS_RELEASE: "press_release",
    DocumentKind.NEWS: "news",
}


def source_of_kind(kind: DocumentKind) -> Source:
    """The source label of a whole document of this kind."""
    return _OF_KIND.get(kind, "other")


class Segments:
    """The source of every offset of one document's text."""

    def __init__(self, lines: list[Line], kind: DocumentKind) -> None:
        self._starts: list[int] = [0]
        self._sources: list[Source] = [source_of_kind(kind)]
        for ln in lines:
            if ln.blank or len(ln.text) > 400:
                continue
            text = heading_text(ln.text)
            found: Source | None = None
            if _PRESS_START.match(text):
                found = "press_release"
            elif _REPORT_START.match(text):
                found = "report"
            if found is not None and found != self._sources[-1]:
                self._starts.append(ln.start)
                self._sources.append(found)

    def at(self, offset: int) -> Source:
        """The source kind of the part holding this offset."""
        return self._sources[bisect.bisect_right(self._starts, offset) - 1]
