"""The commented example config in the repository must stay loadable and equal to the defaults."""

from __future__ import annotations

from pathlib import Path

from fmwatch.config import Config, load_config

EXAMPLE = Path(__file__).resolve().parent.parent / "fmwatch.toml"


def test_example_config_loads_and_documents_the_defaults() -> None:
    loaded = load_config(EXAMPLE, env={})
    assert loaded.replace(source_path="") == Config()
