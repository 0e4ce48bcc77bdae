"""OpenAI-compatible pieces without a corpus: task prompt parsing, titles, the error envelope, errors mid-stream."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from pydantic import SecretStr

from assistant.api.app import create_app
from assistant.api.openai_errors import openai_error, param_of
from assistant.api.openai_tasks import parse_task, title_of
from assistant.catalog.database import Database
from assistant.errors import UnavailableError
from assistant.models.answers import AnswerEvent
from assistant.models.questions import QuestionAnalysis, QuestionKind
from assistant.settings import ApiSettings
from tests.assistant.api.live import serving
from tests.databases import new_settings

READER = "reader-key-parts-0123456789"
REQUESTS = Path(__file__).parent / "openwebui"


def test_task_prompts_are_recognised_and_questions_are_not() -> None:
    for name, kind in [("title_generation.json", "title"), ("tags_generation.json", "tags"),
                       ("follow_up_generation.json", "follow_ups"), ("query_generation.json", "queries"),
                       ("emoji_generation.json", "emoji")]:
        content = json.loads((REQUESTS / name).read_text(encoding="utf-8"))["messages"][0]["content"]
        task = parse_task(content)
        assert task is not None and task.kind == kind, name
        assert task.questions == ["What was Derby's safeguarding score?"]
    assert parse_task("What was Derby's safeguarding score?") is None
    assert parse_task("### Task: not really, just a heading in a question") is None


def test_titles_come_from_the_question_words() -> None:
    assert title_of("What was Derby's safeguarding score?") == "Derby's safeguarding score"
    assert title_of("how did North Lincolnshire do on partnerships and communities overall?") == (
        "North Lincolnshire do on partnerships and"
    )
    assert title_of("?") == "CQC assessment question"


def test_envelope_shapes() -> None:
    assert openai_error(422, "validation_error", "bad", "messages[0].role") == (
        400, {"error": {"message": "bad", "type": "invalid_request_error", "code": "invalid_request_error",
                        "param": "messages[0].role"}}
    )
    assert openai_error(504, "timeout", "slow")[1]["error"]["type"] == "server_error"
    assert param_of(["body", "messages", 0, "content"]) == "messages[0].content"
    assert param_of(["body"]) is None


class _Catalog:
    def __init__(self, database: Database) -> None:
        self.database = database  # the service keeps its conversations there

    def councils(self) -> list[str]:
        return []


class FailingAssistant:
    """Streams one delta, then loses its vector store."""

    def __init__(self, database: Database) -> None:
        self.catalog = _Catalog(database)

    def ask_events(self, question: str, history: Any = (), council: Any = None) -> Iterator[AnswerEvent]:
        analysis = QuestionAnalysis(question=question, standalone=question, kind=QuestionKind.FINDING)
        yield AnswerEvent(type="analysis", analysis=analysis)
        yield AnswerEvent(type="delta", text="Derby City Council ")
        raise UnavailableError("The vector store at /srv/chroma/db is unavailable.")


@pytest.fixture(scope="module")
def failing_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("failing")
    settings = new_settings(data_dir, api=ApiSettings(reader_keys=[SecretStr(READER)]))
    database = Database.from_settings(settings)
    with serving(create_app(settings, FailingAssistant(database))) as url:  # type: ignore[arg-type]
        yield url + "/v1"
    database.close()


def test_an_error_mid_stream_reaches_the_sdk_as_api_error(failing_url: str) -> None:
    client = openai.OpenAI(base_url=failing_url, api_key=READER, max_retries=0)
    stream = client.chat.completions.create(
        model="cqc-assistant", messages=[{"role": "user", "content": "What did Derby do well?"}], stream=True
    )
    received: list[str] = []
    with pytest.raises(openai.APIError) as caught:
        for chunk in stream:
            received.append(chunk.choices[0].delta.content or "")
    assert "".join(received) == "Derby City Council "
    e = caught.value
    assert e.message == "The vector store at db is unavailable." and e.code == "unavailable"
    assert e.type == "server_error" and "/srv" not in str(e.body)


def test_an_error_mid_stream_in_langchain(failing_url: str) -> None:
    from langchain_openai import ChatOpenAI

    llm = ChatOpenAI(base_url=failing_url, api_key=SecretStr(READER), model="cqc-assistant", max_retries=0)
    with pytest.raises(openai.APIError, match="unavailable"):
        list(llm.stream("What did Derby do well?"))
