"""Rating phrases found by scanning only the runs of text that hold the rating: the same matches as a scan of the
whole document, on every sample report and on texts built to sit at the runs' edges."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answers import citing
from assistant.answers.citing import _rating_phrase, phrase_matches

RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")


def _spans(rating: str, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    phrase = _rating_phrase(rating)
    return [m.span() for m in phrase.finditer(text)], [m.span() for m in phrase_matches(phrase, rating, text)]


@pytest.mark.parametrize("rating", RATINGS)
def test_every_sample_document_gives_the_whole_scan_s_matches(rating: str, corpus_dir: Path) -> None:
    found = 0
    for path in sorted(p for p in corpus_dir.iterdir() if p.suffix in {".md", ".txt"}):
        whole, runs = _spans(rating, path.read_text(encoding="utf-8"))
        assert runs == whole, path.name
        found += len(whole)
    if rating == "Good":
        assert found  # the sample reports state this rating: the comparison saw matches


EDGES = [
    "Good rating",  # at the text's start
    "The council was rated as Good",  # at its end
    "CQC rated the council as ‘Requires\nimprovement’. It was rated good.",  # across a line, then a full stop
    "rated: Good. rated Good; rating of good, ‘good’ rating",  # runs cut by ':' '.' ';'
    "x" * 700 + " was judged, after (long) review, to be good" + " y" * 400,  # a run longer than the look-back
    "assessed as inadequate rating" + ".".join(["rated as Outstanding"] * 5),
    "GOOD rating gOoD rating Rated As Good",  # any case
    "Good Good Good rating rated good good",  # ratings next to each other
    "The rating is “Good” — rated (overall) as good",
    "no rating here at all",
    "",
    "rated as gooD. Rated as “Outstanding” – café rated good",  # characters outside ASCII beside matches
    "rated as outſtanding. \u0130nadequate rating, rated as ınadequate",  # characters re.I folds to ASCII letters
    "\u212aent was rated good; rated as Good",
]


@pytest.mark.parametrize("text", EDGES)
@pytest.mark.parametrize("rating", RATINGS)
def test_edges_of_runs_give_the_whole_scan_s_matches(rating: str, text: str) -> None:
    whole, runs = _spans(rating, text)
    assert runs == whole


def test_long_runs_are_looked_back_over_in_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(citing, "_RUN_REACH", 3)  # every run is longer than one step back
    for text in EDGES:
        whole, runs = _spans("Good", text)
        assert runs == whole
