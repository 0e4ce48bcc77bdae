"""Getting ready: a generation is prepared once, however often `/readyz` probes; a new one at the next probe."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assistant.catalog.documents import Catalog
from assistant.service import Assistant
from assistant.settings import Settings

READY = {"catalog": True, "store": True, "embedder": True, "index": True}


def test_readiness_prepares_each_generation_once(
    make_loaded: Callable[[Sequence[Path]], Settings], corpus_dir: Path
) -> None:
    settings = make_loaded([corpus_dir / "derby-city-cqc-assessment-2024.md"])
    service = Assistant.open(settings)
    parsed: list[int] = []
    load_all = service.facts.load_all

    def counting() -> None:  # every `prepare` parses the assessments: count the preparations
        parsed.append(service.catalog.generation())
        load_all()

    service.facts.load_all = counting  # type: ignore[method-assign]
    try:
        first = service.catalog.generation()
        assert service.readiness() == READY and parsed == [first] and service.prepared == first
        assert service.readiness() == READY and service.readiness() == READY
        assert parsed == [first]  # later probes of the same generation only check

        other = Catalog.open(settings)  # another process's write moves the generation
        try:
            with other._transaction():
                pass
        finally:
            other.close()
        second = service.catalog.generation()
        assert second != first
        assert service.readiness() == READY and parsed == [first, second] and service.prepared == second
        assert service.ask("safeguarding score for Derby").citations
    finally:
        service.close()


def test_prepare_if_new_skips_a_prepared_generation(assistant: Any) -> None:
    assistant.prepare()
    assert assistant.prepared == assistant.catalog.generation()
    assert assistant.prepare_if_new() is False


def test_what_getting_ready_made_is_frozen_until_the_next_generation_or_close(
    make_loaded: Callable[[Sequence[Path]], Settings], corpus_dir: Path
) -> None:
    settings = make_loaded([corpus_dir / "derby-city-cqc-assessment-2024.md"])
    service = Assistant.open(settings)
    try:
        gc.unfreeze()
        assert service.readiness() == READY and service.froze
        assert gc.get_freeze_count() > 0
        other = Catalog.open(settings)  # a new generation: the old one's objects thawed (and collected), then
        try:  # the new generation's frozen in turn
            with other._transaction():
                pass
        finally:
            other.close()
        collected: list[int] = []
        gc.callbacks.append(lambda phase, info: collected.append(info["generation"]) if phase == "stop" else None)
        try:
            assert service.readiness() == READY
        finally:
            gc.callbacks.pop()
        assert 2 in collected and gc.get_freeze_count() > 0  # a full collection while getting ready
    finally:
        service.close()
    assert not service.froze and gc.get_freeze_count() == 0  # closed: back to the collector
