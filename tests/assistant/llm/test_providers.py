"""Chat models built from settings.llm (constructed only: no network is touched)."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_ollama import ChatOllama
from langchain_openai import AzureChatOpenAI, ChatOpenAI
from pydantic import SecretStr

from assistant.errors import ConfigurationError
from assistant.llm import providers
from assistant.settings import LLMSettings


def test_none_means_no_model() -> None:
    assert providers.build_chat_model(LLMSettings()) is None


def test_openai_compatible_points_at_the_base_url() -> None:
    model = providers.build_chat_model(LLMSettings(provider="openai_compatible", model="gemma",
                                                   base_url="http://127.0.0.1:9/v1", timeout_s=7))
    assert isinstance(model, ChatOpenAI)
    assert model.openai_api_base == "http://127.0.0.1:9/v1" and model.model_name == "gemma"
    assert model.request_timeout == 7 and model.max_retries == 0 and model.temperature == 0.0
    payload = model._get_request_payload([("user", "hi")])
    assert payload["extra_body"] == {"max_tokens": 600}  # the field llama.cpp and others read
    assert "max_completion_tokens" not in payload


def test_openai_needs_a_key_and_azure_an_endpoint() -> None:
    with pytest.raises(ConfigurationError, match="API_KEY"):
        providers.build_chat_model(LLMSettings(provider="openai"))
    openai = providers.build_chat_model(LLMSettings(provider="openai", api_key=SecretStr("sk-test")))
    assert isinstance(openai, ChatOpenAI) and openai.model_name == "gpt-4o-mini"
    with pytest.raises(ConfigurationError, match="BASE_URL"):
        providers.build_chat_model(LLMSettings(provider="azure"))
    azure = providers.build_chat_model(LLMSettings(provider="azure", base_url="https://x.openai.azure.com",
                                                   api_version="2024-06-01", api_key=SecretStr("k"),
                                                   model="my-deployment"))
    assert isinstance(azure, AzureChatOpenAI) and azure.deployment_name == "my-deployment"


def test_ollama() -> None:
    model = providers.build_chat_model(LLMSettings(provider="ollama", model="llama3.2",
                                                   base_url="http://127.0.0.1:11434", max_output_tokens=99))
    assert isinstance(model, ChatOllama) and model.num_predict == 99 and model.model == "llama3.2"


def test_register_provider_replaces_a_factory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(providers, "_REGISTRY", dict(providers._REGISTRY))
    fake = FakeListChatModel(responses=["x"])
    providers.register_provider("ollama", lambda settings: fake)
    assert providers.build_chat_model(LLMSettings(provider="ollama")) is fake
    with pytest.raises(ConfigurationError):
        providers.register_provider("none", lambda settings: fake)
