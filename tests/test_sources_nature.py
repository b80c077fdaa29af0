"""Nature-family RSS, end to end over loopback: research-only filter, conditional GET, faults."""

from __future__ import annotations

from pathlib import Path

import pytest

from fmwatch.ingest import fetch_sources
from fmwatch.models import SourceStats
from fmwatch.sources.nature import is_research
from fmwatch.store import Store
from ingest_support import fast_retries, make_config, serve_nature  # noqa: F401
from loopback import FIXTURES, LoopbackServer, Recorded, Reply

pytestmark = pytest.mark.usefixtures("fast_retries")


def test_only_research_articles_are_kept(server: LoopbackServer, tmp_path: Path) -> None:
    serve_nature(server)
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["nature"])
        assert stats.ok and (stats.fetched, stats.new, stats.skipped, stats.requests) == (
            3,
            3,
            6,
            2,
        )
        papers = {p.source_id: p for p in store.iter_papers("source = ?", ["nature"])}
    assert sorted(papers) == [
        "10.1038/s41586-026-10001-1",
        "10.1038/s41586-026-10002-0",
        "10.1038/s41591-026-04001-7",
    ]
    catalysis = papers["10.1038/s41586-026-10001-1"]
    assert catalysis.title == "Catalysis of an SN2 reaction learned by a chemistry foundation model"
    assert catalysis.authors == ("Amara Diallo", "Jonas Weber", "Mei Lin")
    assert catalysis.abstract is None and catalysis.abstract_missing
    assert catalysis.summary is None  # its standfirst is only the title again
    assert (catalysis.journal, catalysis.published) == ("Nature", "2026-05-06")
    assert catalysis.abs_url == "https://www.nature.com/articles/s41586-026-10001-1"
    assert catalysis.doi_url == "https://doi.org/10.1038/s41586-026-10001-1"
    atlas = papers["10.1038/s41586-026-10002-0"]
    assert (
        atlas.title == "A pan-cancer in vivo atlas of tumour–immune interactions"
        and atlas.authors == ()
    )
    # the editors' standfirst after the dateline paragraph, cleaned of markup and entities
    assert atlas.summary == (
        "Barcoded in vivo screens in 12 mouse tumour models map how immune cells & tumour "
        "cells interact across cancer types."
    )
    assert papers["10.1038/s41591-026-04001-7"].journal == "Nature Medicine"


@pytest.mark.parametrize(
    ("doi", "title", "kind", "expected"),
    [
        ("10.1038/s41586-026-1", "A model", None, True),
        ("10.1038/d41586-026-1", "A model", None, False),
        ("10.1038/s41586-026-1", "Author Correction: A model", None, False),
        ("10.1038/s41586-026-1", "Retraction Note: A model", None, False),
        ("10.1038/s41591-026-1", "A model", "Editorial", False),
        ("10.1038/s41591-026-1", "A model", "News & Views", False),
        ("10.1038/s41591-026-1", "A model", "Review Article", True),
        ("10.1038/s41467-026-1", "Correction of gene expression noise", "Article", True),
    ],
)
def test_research_rule(doi: str, title: str, kind: str | None, expected: bool) -> None:
    assert is_research(doi, title, kind) is expected


_DATELINE = (
    '<p>Nature Methods, Published online: 6 May 2026; <a href="https://www.nature.com/articles/'
    's41592-026-1">doi:10.1038/s41592-026-1</a></p>'
)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"content": [{"value": _DATELINE + "A model of the cell."}]}, None),  # the title
        ({"content": [{"value": _DATELINE + "A <i>model</i> of the cell"}]}, None),
        ({"content": [{"value": _DATELINE}]}, None),
        ({}, None),
        ({"content": [{"value": _DATELINE + "Trained on 30 million cells, it <b>transfers</b>."}]},
         "Trained on 30 million cells, it transfers."),
        # RSS 2.0 feeds put it in <description>, which feedparser calls "summary"
        ({"summary": "Trained on 30 million cells, it transfers."},
         "Trained on 30 million cells, it transfers."),
        # a feed that puts the full text there has no standfirst
        ({"summary": "Words " * 600}, None),
        ({"summary": "<p>" + "published online" * 5000}, None),  # nor a runaway item
        # the dateline without its paragraph (RSS 2.0 text), or in another wrapping
        ({"summary": "Nature, Published online: 6 May 2026; doi:10.1038/s1 A model of the cell"},
         None),
        ({"content": [{"value": "<div>Nature, Published online: 6 May 2026; <a href='x'>"
                                "doi:10.1038/s1</a></div>Trained on 30 million cells."}]},
         "Trained on 30 million cells."),
        ({"summary": "Nature, Published online: 6 May 2026; Trained on 30 million cells."},
         "Trained on 30 million cells."),
        # a standfirst that itself says "published online" is not a dateline
        ({"summary": "<p>Images published online by 300 clinics train a skin model.</p>"},
         "Images published online by 300 clinics train a skin model."),
        # markup that is not prose goes, whatever the tag
        ({"content": [{"value": _DATELINE + "<script>alert(1)</script><style>p{}</style>"
                                "Trained on <i>30</i> million cells<!-- x --> <img src=x alt=y>"
                                "&amp; more."}]},
         "Trained on 30 million cells & more."),
    ],
)  # fmt: skip
def test_the_standfirst_is_kept_when_it_says_more_than_the_title(
    entry: dict[str, object], expected: str | None
) -> None:
    from fmwatch.sources.nature import standfirst

    assert standfirst(entry, "A model of the cell") == expected


def test_a_short_title_does_not_hide_a_short_standfirst() -> None:
    """ "Give or take a word" is for titles long enough to be recognised: a two-word title and
    a four-word standfirst that starts with it are different texts."""
    from fmwatch.sources.nature import standfirst

    entry = {"summary": "<p>AlphaFold 3 predicts complexes</p>"}
    assert standfirst(entry, "AlphaFold 3") == "AlphaFold 3 predicts complexes"
    assert standfirst(entry, "") == "AlphaFold 3 predicts complexes"
    assert (
        standfirst({"summary": "Research article: a model of the cell"}, "A model of the cell")
        is None
    )


def _conditional(body_file: str, etag: str) -> object:
    def handler(request: Recorded) -> Reply:
        if request.headers.get("if-none-match") == etag:
            return Reply(status=304, headers={"ETag": etag})
        return Reply.file(
            body_file,
            content_type="application/rss+xml",
            headers={"ETag": etag, "Last-Modified": "Wed, 06 May 2026 10:00:00 GMT"},
        )

    return handler


def test_conditional_get_304_means_nothing_to_do(server: LoopbackServer, tmp_path: Path) -> None:
    server.handle("/nature.rss", _conditional("nature/nature.rss", '"n1"'))  # type: ignore[arg-type]
    server.handle("/nm.rss", _conditional("nature/nm.rss", '"m1"'))  # type: ignore[arg-type]
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        fetch_sources(config, store, ["nature"])
        before = store.dump_json("papers")
        [again] = fetch_sources(config, store, ["nature"])
        assert again.ok and (again.not_modified, again.fetched, again.new) == (2, 0, 0)
        assert store.dump_json("papers") == before
        assert store.feed_state("nature:nature")["etag"] == '"n1"'
    second_round = server.requests[2:]
    assert [r.headers.get("if-none-match") for r in second_round] == ['"n1"', '"m1"']
    assert second_round[0].headers.get("if-modified-since") == "Wed, 06 May 2026 10:00:00 GMT"


def test_html_feed_fails_but_other_feeds_are_stored_with_their_validators(
    server: LoopbackServer, tmp_path: Path
) -> None:
    server.add("/nature.rss", Reply.file("nature/nature.rss", headers={"ETag": '"n1"'}))
    server.add("/nm.rss", Reply.file("nature/html_instead_of_rss.html", content_type="text/html"))
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["nature"])
        assert stats.failure == (
            f"nature: not an RSS feed (the server sent an HTML page); check "
            f"sources.nature.base_url "
            f"and the feed path ({server.url}/nm.rss)"
        )
        assert store.count_papers() == {"nature": 2}
        assert store.feed_state("nature:nature")["etag"] == '"n1"'
        assert store.feed_state("nature:nature-medicine") == {}


def test_truncated_feed_is_reported(server: LoopbackServer, tmp_path: Path) -> None:
    body = (FIXTURES / "nature" / "nature.rss").read_bytes()[:3000]
    server.add("/nature.rss", Reply(body=body, content_type="application/rss+xml"))
    serve_nm = Reply.file("nature/nm.rss")
    server.add("/nm.rss", serve_nm)
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        [stats] = fetch_sources(config, store, ["nature"])
    assert stats.failure is not None
    assert stats.failure.startswith("nature: not an RSS feed (malformed XML: ")
    assert stats.failure.endswith(f"try again later ({server.url}/nature.rss)")
    assert stats.new == 1  # Nature Medicine still stored


# A small RSS 2.0 feed written for these tests; PRISM bound to an unusual prefix ("p").
RSS2 = """<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:p="http://prismstandard.org/namespaces/basic/2.0/">
  <channel>
    <title>Nature Methods</title>
    <item>
      <title>{title}</title>
      <link>https://www.nature.com/articles/s41592-026-02001-3</link>
      <dc:creator>Lea Kovač</dc:creator>
      <dc:date>2026-05-07</dc:date>
      <p:doi>10.1038/s41592-026-02001-3</p:doi>
      <p:publicationName>Nature Methods</p:publicationName>
    </item>
    <item>
      <title>What single-cell atlases can and cannot tell us</title>
      <link>https://www.nature.com/articles/s41592-026-02002-2</link>
      <p:doi>10.1038/s41592-026-02002-2</p:doi>
      <p:section>News &amp; Views</p:section>
    </item>
  </channel>
</rss>
"""


def _nature_only(server: LoopbackServer, tmp_path: Path, body: bytes) -> tuple[SourceStats, Store]:
    server.add("/nature.rss", Reply(body=body, content_type="application/rss+xml"))
    server.add("/nm.rss", Reply(status=304))
    config = make_config(server, tmp_path)
    store = Store(config.db_path)
    [stats] = fetch_sources(config, store, ["nature"])
    return stats, store


def test_prism_fields_are_found_by_namespace_uri_not_prefix(
    server: LoopbackServer, tmp_path: Path
) -> None:
    body = RSS2.format(encoding="utf-8", title="A segmentation model for cryo-ET").encode()
    stats, store = _nature_only(server, tmp_path, body)
    with store:
        assert stats.ok and (stats.new, stats.skipped) == (1, 1)
        paper = store.get_paper("nature", "10.1038/s41592-026-02001-3")
    assert paper is not None
    assert (paper.title, paper.authors, paper.published, paper.journal) == (
        "A segmentation model for cryo-ET",
        ("Lea Kovač",),
        "2026-05-07",
        "Nature Methods",
    )


def test_harmless_bozo_feed_is_accepted(server: LoopbackServer, tmp_path: Path) -> None:
    # Declared us-ascii, actually UTF-8: feedparser flags it (bozo) but reads it correctly.
    body = RSS2.format(encoding="us-ascii", title="Ångström-scale maps of proteins").encode()
    stats, store = _nature_only(server, tmp_path, body)
    with store:
        assert stats.ok
        paper = store.get_paper("nature", "10.1038/s41592-026-02001-3")
    assert paper is not None and paper.title == "Ångström-scale maps of proteins"


def test_bozo_feed_with_an_xml_error_is_a_failure_not_a_partial_read(
    server: LoopbackServer, tmp_path: Path
) -> None:
    # feedparser's loose parser would still return both items; strictness refuses them.
    body = RSS2.format(encoding="utf-8", title="Tumour&nbsp;atlas").encode()
    stats, store = _nature_only(server, tmp_path, body)
    with store:
        assert store.count_papers() == {}
    assert stats.failure == (
        "nature: not an RSS feed (malformed XML: undefined entity); it may be truncated, try "
        f"again later ({server.url}/nature.rss)"
    )


@pytest.mark.parametrize(
    ("body", "found"),
    [
        (b"", "no RSS channel found"),
        (
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
            "the document is atom10, not RSS",
        ),
    ],
)
def test_a_document_that_is_not_rss_is_a_failure(
    server: LoopbackServer, tmp_path: Path, body: bytes, found: str
) -> None:
    stats, store = _nature_only(server, tmp_path, body)
    store.close()
    assert stats.failure == (
        f"nature: not an RSS feed ({found}); check the feed path ({server.url}/nature.rss)"
    )


def test_a_body_naming_a_local_file_is_never_opened(server: LoopbackServer, tmp_path: Path) -> None:
    # feedparser.parse(bytes) would open a file of that name; the body must only be parsed.
    local = tmp_path / "local.rss"
    local.write_text(RSS2.format(encoding="utf-8", title="Read from disk"), encoding="utf-8")
    stats, store = _nature_only(server, tmp_path, str(local).encode())
    with store:
        assert store.count_papers() == {}
    assert stats.failure is not None
    assert stats.failure.startswith("nature: not an RSS feed (malformed XML: ")


def test_a_non_ascii_validator_is_not_kept_and_breaks_nothing(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """A server sent 'ETag: "café"': stored and sent back, it made every later run of the whole
    source fail (a request header must be ASCII). It is not kept; the feed is read in full."""
    server.add("/nature.rss", Reply.file("nature/nature.rss", headers={"ETag": '"café"'}))
    server.add("/nm.rss", Reply.file("nature/nm.rss", headers={"ETag": '"m1"'}))
    config = make_config(server, tmp_path)
    with Store(config.db_path) as store:
        [first] = fetch_sources(config, store, ["nature"])
        [second] = fetch_sources(config, store, ["nature"])
        assert first.ok and second.ok, second.failure
        assert store.feed_state("nature:nature").get("etag") is None
        assert store.feed_state("nature:nature-medicine")["etag"] == '"m1"'
    assert [r.path for r in server.requests] == ["/nature.rss", "/nm.rss"] * 2
