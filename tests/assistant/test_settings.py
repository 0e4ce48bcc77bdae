"""Every setting is validated at start-up: bounds, enums, URLs and keys, each failing with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from assistant.cli.app import run
from assistant.cli.serve_cmds import check_serving
from assistant.errors import ConfigurationError
from assistant.settings import ApiSettings, Settings, describe_invalid, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("CQC_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no .env file


def invalid(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> str:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as caught:
        load_settings()
    return describe_invalid(caught.value)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("CQC_API__WORKERS", "-3", "greater than or equal to 1"),
        ("CQC_API__WORKERS", "1000", "less than or equal to 64"),
        ("CQC_API__PORT", "70000", "less than or equal to 65535"),
        ("CQC_RETRIEVAL__K", "0", "greater than or equal to 1"),
        ("CQC_RETRIEVAL__REFUSAL_THRESHOLD", "1.5", "less than or equal to 1"),
        ("CQC_API__MAX_QUESTION_CHARS", "0", "greater than or equal to 1"),
        ("CQC_API__REQUEST_TIMEOUT_S", "0", "greater than 0"),
        ("CQC_API__RATE_LIMIT_PER_MINUTE", "-1", "greater than or equal to 0"),
        ("CQC_INGEST__MAX_FILE_MB", "-5", "greater than 0"),
        ("CQC_LLM__TEMPERATURE", "3", "less than or equal to 2"),
        ("CQC_LOG_LEVEL", "LOUD", "must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ("CQC_EMBEDDING__PROVIDER", "magic", "Input should be"),
        ("CQC_LLM__PROVIDER", "skynet", "Input should be"),
        ("CQC_CHROMA_URL", "localhost:8000", "must be an http:// or https:// URL with a host"),
        ("CQC_CHROMA_URL", "ftp://example.org", "must be an http:// or https:// URL"),
        ("CQC_LLM__BASE_URL", "not a url", "must be an http:// or https:// URL"),
        ("CQC_API__CORS_ORIGINS", '["intranet.example"]', "must be an http:// or https:// URL"),
        ("CQC_API__CORS_ORIGINS", '["https://intranet.example/path"]', "scheme://host[:port] only"),
        ("CQC_COLLECTION", "a b", "should match pattern"),
        ("CQC_API__READER_KEYS", '[""]', "key #1 is empty or whitespace"),
        ("CQC_API__READER_KEYS", '["   "]', "key #1 is empty or whitespace"),
        ("CQC_API__ADMIN_KEYS", '["0123456789abcdef", "short"]', "key #2 is shorter than 16 characters"),
        ("CQC_API__ADMIN_KEYS", '[" padded-key-0123456789 "]', "leading or trailing whitespace"),
    ],
)
def test_each_rule_fails_with_a_message_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    message = invalid(monkeypatch, name, value)
    assert name in message and expected in message, message


def test_key_values_are_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    message = invalid(monkeypatch, "CQC_API__READER_KEYS", '["secret-short"]')
    assert "secret" not in message.replace("CQC_API__READER_KEYS", "")


def test_defaults_and_good_values_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CQC_LOG_LEVEL", "debug")
    monkeypatch.setenv("CQC_CHROMA_URL", "http://127.0.0.1:8001")
    monkeypatch.setenv("CQC_API__READER_KEYS", '["a-long-random-reader-key"]')
    settings = load_settings()
    assert settings.log_level == "DEBUG" and settings.chroma_url == "http://127.0.0.1:8001"
    assert settings.api.workers == 1 and settings.retrieval.k == 5


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("CQC_API__WORKERS", "-3", "CQC_API__WORKERS"),
        ("CQC_RETRIEVAL__K", "0", "CQC_RETRIEVAL__K"),
        ("CQC_LOG_LEVEL", "LOUD", "CQC_LOG_LEVEL"),
        ("CQC_CHROMA_URL", "localhost:8000", "CQC_CHROMA_URL"),
        ("CQC_API__ADMIN_KEYS", '["  "]', "empty or whitespace"),
    ],
)
def test_serve_stops_at_start_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exited:
        run(["serve", "--port", "1"])
    assert exited.value.code == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "invalid settings" in err and expected in err and "Traceback" not in err


def test_public_bind_needs_a_real_key(tmp_path: Path) -> None:
    public = Settings(_env_file=None, data_dir=tmp_path, api=ApiSettings(host="0.0.0.0"))  # type: ignore[call-arg]
    with pytest.raises(ConfigurationError, match="without API keys"):
        check_serving(public)
    blank = public.model_copy(update={"api": public.api.model_copy(update={"reader_keys": [SecretStr(" ")]})})
    with pytest.raises(ConfigurationError, match="invalid API key"):
        check_serving(blank)
    keyed = public.model_copy(
        update={"api": public.api.model_copy(update={"reader_keys": [SecretStr("a-long-random-reader-key")]})}
    )
    check_serving(keyed)
