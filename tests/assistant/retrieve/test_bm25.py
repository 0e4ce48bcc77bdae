"""BM25 index: tokenisation, ranking basics, filtering by mask, coverage."""

from __future__ import annotations

import numpy as np

from assistant.retrieve.bm25 import BM25Index, tokenize, top_k


def test_tokenize_folds_case_plurals_stop_words_and_acronyms() -> None:
    toks = tokenize("The Carers' ASC reviews were overdue")
    assert "the" not in toks and "were" not in toks
    assert tokenize("carers") == tokenize("Carer")
    assert tokenize("reviews") == tokenize("review")
    assert {"adult", "social", "care"} <= set(toks)  # ASC expanded
    assert tokenize("39.16% of 1,454 people") == ["39.16", "1,454", "person"]


def test_rare_term_outranks_common_terms() -> None:
    index = BM25Index([
        "adult social care budget for the year",
        "adult social care services and adult social care staff",
        "the weather in spring",
    ])
    hits = index.search("social care budget")
    assert top_k(hits.scores, 3)[0] == 0
    assert hits.scores[2] == 0.0
    assert hits.matched_terms.tolist() == [3, 2, 0]


def test_shorter_document_wins_on_equal_matches_and_repeats_count() -> None:
    index = BM25Index(["safeguarding enquiries", "safeguarding enquiries " + "other words " * 20,
                       "safeguarding safeguarding safeguarding enquiries"])
    order = top_k(index.search("safeguarding").scores, 3)
    assert order.index(0) < order.index(1)
    assert order[0] == 2


def test_top_k_respects_mask_and_drops_zero_scores() -> None:
    index = BM25Index(["derby waiting list", "derby budget", "lincolnshire waiting list"])
    scores = index.search("waiting list").scores
    mask = np.array([False, True, True])
    assert top_k(scores, 5, mask) == [2]
    assert top_k(scores, 1) in ([0], [2])


def test_unknown_and_excluded_words() -> None:
    index = BM25Index(["north lincolnshire direct payments", "derby direct payments"])
    assert index.search("zebra").n_terms == 0
    query = "north lincolnshire direct payments"
    assert top_k(index.search(query).scores, 2) == [0, 1]
    hits = index.search(query, exclude=set(tokenize("north lincolnshire")))
    assert hits.n_terms == 2
    assert top_k(hits.scores, 2) == [1, 0]  # without the name, the shorter document wins


def test_coverage_is_idf_weighted_and_penalises_unseen_words() -> None:
    index = BM25Index(["hourly rate paid to providers", "providers of homecare", "homecare providers"])
    assert index.coverage("providers homecare", 1) == 1.0
    assert index.coverage("hourly rate", 1) == 0.0
    assert 0.0 < (index.coverage("homecare weather", 1) or 0) < 0.5  # "weather" is in no document
    assert index.coverage("the and of", 0) is None


def test_empty_index() -> None:
    index = BM25Index([])
    assert index.search("anything").scores.size == 0
    assert top_k(index.search("anything").scores, 3) == []


def test_stemming_is_safe_across_threads() -> None:
    """Questions are answered in a thread pool: the shared Snowball stemmer once crashed (IndexError, a 500
    under load) or gave a wrong stem, which the cache then kept."""
    import sys
    from concurrent.futures import ThreadPoolExecutor

    import snowballstemmer

    from assistant.retrieve.bm25 import stem

    words = [f"{a}{b}{c}" for a in ("assess", "support", "commission", "partner", "safeguard", "integrat", "coproduc")
             for b in ("", "ed", "er", "ment", "ness", "ation", "ful", "ive", "ise", "al", "ly", "ism")
             for c in ("", "ing", "s", "ed", "ly")]
    expected = {w: snowballstemmer.stemmer("english").stemWord(w) for w in words}
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads interleave inside stemWord, as they do under load
    try:
        for _ in range(10):
            stem.cache_clear()
            with ThreadPoolExecutor(8) as pool:
                got = dict(zip(words, pool.map(stem, words), strict=True))
            assert got == expected
    finally:
        sys.setswitchinterval(switch)
