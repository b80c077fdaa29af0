"""The sources fmwatch reads, by name, each built around its own :class:`PoliteClient`.

Politeness lives here, in one table: arXiv gets one connection and ``sources.arxiv.delay``
(3 s by default, as arXiv asks) between requests; bioRxiv/medRxiv, Nature and Europe PMC get
their own configured delays. ``transport`` lets tests and the benchmark inject an httpx transport.
"""

from __future__ import annotations

import httpx

from fmwatch.config import Config
from fmwatch.errors import ConfigError
from fmwatch.http import PoliteClient
from fmwatch.sources.arxiv import ArxivSource
from fmwatch.sources.base import Checkpoint, Source
from fmwatch.sources.biorxiv import BiorxivSource
from fmwatch.sources.europepmc import EuropePmcSource
from fmwatch.sources.nature import NatureSource
from fmwatch.store import Store

#: (Europe PMC last: it looks up abstracts of the records the others stored)
SOURCE_NAMES: tuple[str, ...] = ("arxiv", "biorxiv", "medrxiv", "nature", "europepmc")


def enabled_sources(config: Config) -> list[str]:
    """The sources a run reads when none is named: the enabled ones, in SOURCE_NAMES order."""
    names: list[str] = []
    if config.sources.arxiv.enabled:
        names.append("arxiv")
    if config.sources.biorxiv.enabled:
        names.extend(s for s in ("biorxiv", "medrxiv") if s in config.sources.biorxiv.servers)
    if config.sources.nature.enabled and config.sources.nature.feeds:
        names.append("nature")
    if config.sources.europepmc.enabled:
        names.append("europepmc")
    return names


def make_source(
    name: str, config: Config, store: Store, transport: httpx.BaseTransport | None = None
) -> Source:
    """Build source ``name`` with its polite HTTP client."""
    if name == "arxiv":
        cfg = config.sources.arxiv
        client = PoliteClient(config, name, delay=cfg.delay, max_connections=1, transport=transport)
        return ArxivSource(config, store, client)
    if name in ("biorxiv", "medrxiv"):
        client = PoliteClient(config, name, delay=config.sources.biorxiv.delay, transport=transport)
        return BiorxivSource(config, store, client, name)
    if name == "nature":
        client = PoliteClient(config, name, delay=config.sources.nature.delay, transport=transport)
        return NatureSource(config, store, client)
    if name == "europepmc":
        client = PoliteClient(
            config,
            name,
            delay=config.sources.europepmc.delay,
            max_connections=1,
            transport=transport,
        )
        return EuropePmcSource(config, store, client)
    raise ConfigError(
        "--source", f"unknown source {name!r}", f"use one of: {', '.join(SOURCE_NAMES)}"
    )


__all__ = ["SOURCE_NAMES", "Checkpoint", "Source", "enabled_sources", "make_source"]
