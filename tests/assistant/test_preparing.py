"""Getting ready: a generation is prepared once, however often `/readyz` probes; a new one at the next probe."""

from __future__ import annotations

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
