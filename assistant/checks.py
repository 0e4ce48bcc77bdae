"""Checks of configured values (URLs, API keys) shared by the settings and the code that uses them."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import SecretStr

MIN_KEY_CHARS = 16


def check_url(value: str | None, what: str) -> str | None:
    """An http(s) URL with a host (e.g. http://127.0.0.1:8001), or None; ValueError otherwise."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{what} must be an http:// or https:// URL with a host, e.g. http://127.0.0.1:8001 "
                         f"(got {text!r})")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number in 0-65535
    except ValueError as exc:
        raise ValueError(f"{what} has an invalid port: {text!r}") from exc
    return text


DATABASE_SCHEMES = ("sqlite", "postgresql+psycopg")


def check_database_url(value: str | None) -> str | None:
    """A sqlite:///FILE or postgresql+psycopg://USER:PASSWORD@HOST/DB URL, or None; ValueError otherwise.

    The message never repeats the URL: it may hold a password.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    scheme, sep, rest = text.partition("://")
    if not sep or scheme not in DATABASE_SCHEMES:
        raise ValueError("CQC_DATABASE_URL must start with sqlite:/// (a file) or postgresql+psycopg:// "
                         f"(PostgreSQL through psycopg 3); its scheme is {scheme if sep else 'missing'!r}")
    if scheme == "sqlite":
        if not rest.startswith("/") or rest.strip("/") in ("", ":memory:"):
            raise ValueError("CQC_DATABASE_URL sqlite:/// needs a file path, e.g. sqlite:///data/catalog.sqlite3 "
                             "(three slashes, then the path; four for an absolute one)")
        return text
    parts = urlsplit(text)
    if not parts.hostname and "host=" not in parts.query:
        raise ValueError("CQC_DATABASE_URL postgresql+psycopg:// needs a host, e.g. "
                         "postgresql+psycopg://cqc:PASSWORD@127.0.0.1:5432/cqc")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number in 0-65535
    except ValueError:
        raise ValueError("CQC_DATABASE_URL has an invalid port") from None
    if not parts.path.strip("/"):
        raise ValueError("CQC_DATABASE_URL names no database (…@host:5432/DATABASE)")
    return text


def redact_url(url: str) -> str:
    """The URL with its password replaced by ***, for logs and messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def check_keys(keys: list[SecretStr]) -> list[SecretStr]:
    """API keys: none empty or padded with whitespace, each at least MIN_KEY_CHARS long."""
    for i, key in enumerate(keys):
        value = key.get_secret_value()
        if not value.strip():
            raise ValueError(f"key #{i + 1} is empty or whitespace")
        if value != value.strip():
            raise ValueError(f"key #{i + 1} has leading or trailing whitespace")
        if len(value) < MIN_KEY_CHARS:
            raise ValueError(f"key #{i + 1} is shorter than {MIN_KEY_CHARS} characters (use a long random key)")
    return keys
