"""Conversation turns through the real /v1/ask endpoint over the sample corpus: how a misspelling was read
joins the answer's first sentence, a pronoun follow-up about a statement is answered from that section, and a
hospital asked after a council is declined."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.models.answers import Answer
from assistant.service import Assistant
from assistant.settings import Settings
from tests.assistant.api.test_app import R, keyed


@pytest.fixture(scope="module")
def client(loaded_settings: Settings, assistant: Assistant) -> Iterator[TestClient]:
    with TestClient(create_app(keyed(loaded_settings), assistant), raise_server_exceptions=False) as c:
        yield c


def ask(client: TestClient, question: str, conversation: str | None = None) -> Answer:
    body = {"question": question, **({"conversation_id": conversation} if conversation else {})}
    r = client.post("/v1/ask", json=body, headers=R)
    assert r.status_code == 200, r.text
    return Answer.model_validate(r.json())


def test_the_reading_of_a_misspelling_and_the_answer_share_the_first_sentence(client: TestClient) -> None:
    a = ask(client, "how did darby do on safegaurding")
    first = re.split(r"(?<=[a-z)\]])\.(?:\s|$)", a.answer, maxsplit=1)[0]
    assert first.startswith("Taking 'darby' as Derby City Council")
    assert "Safeguarding" in first and re.search(r"\b2\b", first)


def test_what_inspectors_said_about_it_is_answered_from_the_statement_asked_before(client: TestClient) -> None:
    first = ask(client, "What did North Lincolnshire score for equity?")
    second = ask(client, "what did inspectors say about it", first.conversation_id)
    assert not second.refused and second.citations
    assert second.analysis.statements == ["Equity in experience and outcomes"]
    assert all(c.council == "North Lincolnshire Council" for c in second.citations)


def test_a_hospital_after_a_council_rating_is_declined(client: TestClient) -> None:
    first = ask(client, "derby overall rating")
    assert not first.refused
    assert ask(client, "and the royal derby hospital?", first.conversation_id).refused


def test_how_come_after_a_low_score_gives_its_shortfalls(client: TestClient) -> None:
    first = ask(client, "derby safeguarding score")
    why = ask(client, "how come?", first.conversation_id)
    assert not why.refused and why.citations
    assert all(c.council == "Derby City Council" for c in why.citations)
    assert "backlog" in why.answer.lower()


def test_an_elliptical_statement_after_a_score_comparison_compares_scores(client: TestClient) -> None:
    first = ask(client, "compare derby and north lincs on safeguarding")
    second = ask(client, "what about assessing needs?", first.conversation_id)
    assert second.composer == "catalog" and "scored higher on Assessing needs" in second.answer
