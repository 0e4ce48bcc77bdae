"""Sentence vectors saved per catalog generation: exact vectors, carried over by text, and the same answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from assistant.compose.breadth import ABOUT_TEXTS
from assistant.compose.leaning import PRACTICES, SHORTFALLS
from assistant.compose.meaning import embedded_sentences
from assistant.evidence.text import sentence_spans
from assistant.retrieve.files import IndexFiles, fingerprint
from assistant.retrieve.sentences import SentenceFiles
from assistant.service import Assistant
from assistant.settings import Settings
from tests.conftest import Counting
from tests.databases import copy_data


def test_build_open_and_carry_over(tmp_path: Path, embedder: Any) -> None:
    files = IndexFiles(tmp_path / "index")
    model = SentenceFiles(files, "model-a")
    first = ["Waiting lists fell to 200 people.", "Carers said they felt listened to.", "Staff were trained."]
    counting = Counting(embedder)
    _, report = model.build(1, fingerprint({"d": "1"}), [*first, first[0]], counting.embed_documents)
    assert (report.texts, report.embedded) == (3, 3)
    opened = model.open(1, fingerprint({"d": "1"}))
    assert opened is not None and isinstance(files.open(1, "sentences", None).arrays["vectors"], np.memmap)  # type: ignore[union-attr]
    found = opened.lookup([*first, "A sentence never saved."])
    assert list(found) == first  # the unknown text is simply not there
    for text in first:  # the very vector the model gives the text alone
        assert np.array_equal(found[text], np.asarray(embedder.embed_documents([text]))[0])
    assert model.open(1, fingerprint({"d": "2"})) is None  # another catalog's generation 1
    # the next generation embeds only its new text; the others come from generation 1
    counting.texts.clear()
    second = [first[0], first[2], "Direct payments rose by 12%."]
    saved, report = model.build(2, fingerprint({"d": "2"}), second, counting.embed_documents)
    assert counting.texts == ["Direct payments rose by 12%."] and (report.texts, report.embedded) == (3, 1)
    assert np.array_equal(saved.lookup(first[:1])[first[0]], found[first[0]])
    # a document removed (generation 3) and added again (4) finds its sentences in generation 2's vectors
    model.build(3, fingerprint({"d": "3"}), second[:1], counting.embed_documents)
    counting.texts.clear()
    assert model.build(4, fingerprint({"d": "4"}), second, counting.embed_documents)[1].embedded == 0
    # another model's vectors are never reused or opened
    other = SentenceFiles(files, "model-b")
    assert other.open(4, fingerprint({"d": "4"})) is None
    assert other.build(5, fingerprint({"d": "5"}), second, counting.embed_documents)[1].embedded == 3


def test_embedded_sentences_are_the_ranked_sentences_in_context() -> None:
    text = ("The council had 350 people waiting for an assessment in May 2024. This was down from 600 a year "
            "earlier. Carers told us they could not always reach the team by phone.")
    spans = sentence_spans(text)
    assert len(spans) == 3
    assert embedded_sentences(text) == [
        text[spans[0][0] : spans[0][1]],
        f"{text[spans[0][0] : spans[0][1]]} {text[spans[1][0] : spans[1][1]]}",  # "This was..." reads with it
        text[spans[2][0] : spans[2][1]],
    ]
    assert embedded_sentences("") == []


def test_saved_sentences_give_the_same_answers_without_embedding_sentences(
    loaded_settings: Settings, cached_embedder: Any, tmp_path: Path
) -> None:
    settings = copy_data(loaded_settings, tmp_path / "data")
    questions = ["What did CQC find about waiting lists in Derby?",
                 "What did inspectors say about unpaid carers in North Lincolnshire?",
                 "How does Derby support people leaving hospital?",
                 "What did CQC find about direct payments in Derby?"]
    plain = Assistant.open(settings)
    saving = Assistant.open(settings)
    try:
        assert plain.docs.meaning is not None and saving.docs.meaning is not None
        counted_plain = Counting(plain.docs.meaning.embedder)
        plain.docs.meaning.embedder = counted_plain
        report = saving.save_sentences(embed=cached_embedder.embed_documents)
        assert report.texts > 1000 and saving.sentence_files.open(
            saving.catalog.generation(), fingerprint(saving.catalog.active_versions())) is not None
        counted_saved = Counting(saving.docs.meaning.embedder)
        saving.docs.meaning.embedder = counted_saved
        for question in questions:
            a, b = plain.ask(question), saving.ask(question)
            assert (a.answer, [c.quote for c in a.citations]) == (b.answer, [c.quote for c in b.citations])
        sentences = {t for c in saving.catalog.active_chunks() for t in embedded_sentences(c.text)}
        # ranking by meaning ran, embedding its sentences on the fly, which the saved vectors spared (the
        # kind scorer's masked questions are still embedded: they are no sentence of the documents)
        assert sentences & set(counted_plain.texts)
        assert not sentences & set(counted_saved.texts)
    finally:
        plain.close()
        saving.close()
    reopened = Assistant.open(settings)  # a later process opens them when it gets ready
    try:
        assert reopened.docs.meaning is not None
        counted_ready = Counting(reopened.docs.meaning.embedder)
        reopened.docs.meaning.embedder = counted_ready
        reopened.prepare()
        assert reopened.docs.meaning.saved is not None
        # the banks getting ready weighs by (good-practice bullets, lean phrasings, statement descriptions)
        # are read, not embedded
        assert not {*SHORTFALLS, *PRACTICES, *ABOUT_TEXTS} & set(counted_ready.texts)
    finally:
        reopened.close()
