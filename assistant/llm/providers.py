"""Chat models from settings.llm through LangChain: OpenAI, Azure OpenAI, OpenAI-compatible servers, Ollama.

``register_provider`` adds a factory under a new name (for embedding applications); a ready chat model
instance can also be passed straight to ``Assistant.open(settings, chat_model=...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.errors import ConfigurationError
from assistant.settings import LLMSettings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

ProviderFactory = Callable[[LLMSettings], "BaseChatModel"]


def _secret(settings: LLMSettings) -> str | None:
    return settings.api_key.get_secret_value() if settings.api_key else None


def _openai(settings: LLMSettings) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    key = _secret(settings)
    if key is None and settings.base_url is None:
        raise ConfigurationError("llm provider 'openai' needs CQC_LLM__API_KEY")
    return ChatOpenAI(
        model=settings.model,
        api_key=key,
        base_url=settings.base_url,
        temperature=settings.temperature,
        timeout=settings.timeout_s,
        max_retries=0,
        max_completion_tokens=settings.max_output_tokens,
    )


def _openai_compatible(settings: LLMSettings) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    if not settings.base_url:
        raise ConfigurationError("llm provider 'openai_compatible' needs CQC_LLM__BASE_URL (e.g. http://host/v1)")
    return ChatOpenAI(
        model=settings.model,
        api_key=_secret(settings) or "not-needed",
        base_url=settings.base_url,
        temperature=settings.temperature,
        timeout=settings.timeout_s,
        max_retries=0,
        # ChatOpenAI sends OpenAI's newer max_completion_tokens, which llama.cpp, vLLM or LM Studio servers
        # may ignore (then generation runs to the context limit): send the classic field they all read.
        extra_body={"max_tokens": settings.max_output_tokens},
    )


def _azure(settings: LLMSettings) -> BaseChatModel:
    from langchain_openai import AzureChatOpenAI

    if not settings.base_url or not settings.api_version:
        raise ConfigurationError(
            "llm provider 'azure' needs CQC_LLM__BASE_URL (the resource endpoint) and CQC_LLM__API_VERSION"
        )
    return AzureChatOpenAI(
        azure_endpoint=settings.base_url,
        azure_deployment=settings.model,
        api_version=settings.api_version,
        api_key=_secret(settings),
        temperature=settings.temperature,
        timeout=settings.timeout_s,
        max_retries=0,
        max_completion_tokens=settings.max_output_tokens,
    )


def _ollama(settings: LLMSettings) -> BaseChatModel:
    from langchain_ollama import ChatOllama

    options: dict[str, Any] = {"timeout": settings.timeout_s}
    return ChatOllama(
        model=settings.model,
        base_url=settings.base_url,
        temperature=settings.temperature,
        num_predict=settings.max_output_tokens,
        client_kwargs=options,
    )


_REGISTRY: dict[str, ProviderFactory] = {
    "openai": _openai,
    "openai_compatible": _openai_compatible,
    "azure": _azure,
    "ollama": _ollama,
}


def register_provider(name: str, factory: ProviderFactory) -> None:
    """Make ``factory(settings.llm)`` the chat model for provider ``name`` (replacing any earlier one)."""
    if name == "none":
        raise ConfigurationError("'none' is reserved: it means no language model")
    _REGISTRY[name] = factory


def providers() -> list[str]:
    """Names of the providers that can be configured."""
    return ["none", *sorted(_REGISTRY)]


def build_chat_model(settings: LLMSettings) -> BaseChatModel | None:
    """The configured chat model, or None when settings.llm.provider is 'none'."""
    if settings.provider == "none":
        return None
    factory = _REGISTRY.get(settings.provider)
    if factory is None:
        raise ConfigurationError(
            f"unknown llm provider {settings.provider!r}; choose one of {', '.join(providers())}"
        )
    return factory(settings)
