"""Ingest benchmark: ``fmwatch fetch`` against a large corpus served from loopback.

Run it from the repository root::

    python benchmarks/bench_fetch.py            # 50,000 arXiv entries + 20,000 bioRxiv records
    python benchmarks/bench_fetch.py --arxiv 5000 --biorxiv 2000   # a quick look

What it does, so the figures can be trusted:

1. builds a corpus: arXiv entries in the export API's Atom format (newest update first) and
   bioRxiv ``details`` records (and one ``pubs`` link per 25 records), spread over six weeks
   ending ``--until``; titles, authors and
   abstracts come from the real May-2026 arXiv listing in ``../shared/corpus/`` when it is
   present (cycled), else from generated text. Nothing is written into the repository;
2. serves it from a threaded HTTP server on 127.0.0.1 that honours ``start``/``max_results``
   and the bioRxiv ``{since}/{until}/{cursor}`` path, counting requests per source;
3. runs ``python -m fmwatch fetch --since <6 weeks back> --until <until>`` as a separate
   process into a fresh database (politeness delays 0), i.e. a six-week backfill;
4. runs ``python -m fmwatch fetch --until <until>`` again at once: the default incremental
   window (last success minus each source's overlap, i.e. the overlap days are re-read), with
   nothing new;
5. prints records/s, the fetch process's peak RSS, requests per source against the
   ``ceil(N / page_size) + 1`` bound, and the rerun's time as a share of the first run.

Peak memory is the fetch process's own high-water mark (``VmHWM`` in ``/proc/self/status``,
printed by a small wrapper as the process exits). The parent's ``RUSAGE_CHILDREN`` is *not*
used: on Linux a child's ``ru_maxrss`` includes the resident memory of the process it was forked
from (this harness, holding the whole corpus) up to its ``exec``, so it measures the harness.
Times are wall-clock for the whole process, interpreter start-up included.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus" / "arxiv-2026-05.jsonl.gz"
DAYS = 42
ARXIV_PAGE = 2000
ARXIV_CATEGORIES = ("cs.CV", "cs.LG", "cs.AI", "cs.CL", "eess.IV", "q-bio.QM")


def load_texts(limit: int = 8000) -> list[dict[str, Any]]:
    if CORPUS.is_file():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
            rows = [json.loads(line) for _, line in zip(range(limit), handle, strict=False)]
        if rows:
            return rows
    words = [
        "foundation",
        "model",
        "pathology",
        "transformer",
        "genomic",
        "clinical",
        "imaging",
        "cohort",
    ]
    return [
        {
            "title": f"A {words[i % 8]} {words[(i * 3) % 8]} study number {i}",
            "authors": [f"Author {i}", f"Second {i % 97}"],
            "abstract": " ".join(words[(i + k) % 8] for k in range(180)),
            "categories": [ARXIV_CATEGORIES[i % len(ARXIV_CATEGORIES)]],
            "comment": "10 pages" if i % 2 else None,
        }
        for i in range(2000)
    ]


def arxiv_entry(i: int, text: dict[str, Any], updated: str) -> bytes:
    arxiv_id = f"26{(i // 100000) + 4:02d}.{i % 100000:05d}"
    version = 1 + (i % 3 == 0)
    cats = list(dict.fromkeys([*text.get("categories", []), ARXIV_CATEGORIES[i % 6]]))
    authors = "".join(
        f"\n    <author>\n      <name>{escape(a)}</name>\n    </author>"
        for a in text.get("authors", [])[:12]
    )
    categories = "".join(
        f'\n    <category term="{escape(c)}" scheme="http://arxiv.org/schemas/atom"/>' for c in cats
    )
    comment = text.get("comment")
    extra = f"\n    <arxiv:comment>{escape(comment)}</arxiv:comment>" if comment else ""
    if i % 5 == 0:
        extra += f"\n    <arxiv:doi>10.1000/BENCH.{i}</arxiv:doi>"
    pdf_attrs = 'rel="related" type="application/pdf" title="pdf"'
    return f"""  <entry>
    <id>http://arxiv.org/abs/{arxiv_id}v{version}</id>
    <title>{escape(text["title"])}</title>
    <updated>{updated}</updated>
    <link href="https://arxiv.org/abs/{arxiv_id}v{version}" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/{arxiv_id}v{version}" {pdf_attrs}/>
    <summary>{escape(text["abstract"])}</summary>{categories}
    <published>{updated}</published>{extra}
    <arxiv:primary_category term="{escape(cats[0])}"/>{authors}
  </entry>
""".encode()


class Corpus:
    def __init__(self, n_arxiv: int, n_biorxiv: int, until: date) -> None:
        texts = load_texts()
        self.until = until
        start = until - timedelta(days=DAYS - 1)
        span = DAYS * 86400 - 1
        self.arxiv: list[bytes] = []
        for i in range(n_arxiv):  # newest first, evenly spread over the six weeks
            offset = span - (i * span) // max(1, n_arxiv)
            day = start + timedelta(seconds=offset)
            stamp = f"{day.isoformat()}T{(offset // 3600) % 24:02d}:{(offset // 60) % 60:02d}:00Z"
            self.arxiv.append(arxiv_entry(i, texts[i % len(texts)], stamp))
        # (day, record as JSON): encoded once, like the arXiv entries, so that serving a page
        # costs the server little and the figures measure fmwatch, not this server.
        self.biorxiv: list[tuple[str, bytes]] = []
        for i in range(n_biorxiv):
            day = start + timedelta(days=(i * DAYS) // max(1, n_biorxiv))
            text = texts[(i * 7) % len(texts)]
            record = {
                "title": text["title"],
                "authors": "; ".join(text.get("authors", [])[:12]),
                "author_corresponding": "A. Person",
                "author_corresponding_institution": "Example Institute",
                "doi": f"10.64898/{day.isoformat().replace('-', '.')}.{700000 + i}",
                "date": f"{day.year}-{day.month}-{day.day}",
                "version": str(1 + (i % 4 == 0)),
                "type": "new results",
                "license": "cc_by",
                "category": "bioinformatics",
                "jatsxml": "https://www.biorxiv.org/content/early/x.source.xml",
                "abstract": text["abstract"],
                "funder": "NA",
                "published": "NA" if i % 9 else f"10.1038/s41592-026-{i:05d}-1",
                "server": "bioRxiv",
            }
            self.biorxiv.append((day.isoformat(), json.dumps(record).encode()))
        # (day, pubs link): one older preprint of every 25 records appeared in a journal
        self.pubs: list[tuple[str, bytes]] = []
        for i in range(0, n_biorxiv, 25):
            day = start + timedelta(days=(i * DAYS) // max(1, n_biorxiv))
            link = {
                "biorxiv_doi": f"10.1101/2024.01.01.{500000 + i}",
                "published_doi": f"10.1038/s41467-026-{i:05d}-2",
                "published_journal": "Nature Communications",
                "preprint_platform": "bioRxiv",
                "preprint_title": f"Bench preprint {i}",
                "preprint_category": "bioinformatics",
                "preprint_date": "2024-01-01",
                "published_date": day.isoformat(),
            }
            self.pubs.append((day.isoformat(), json.dumps(link).encode()))
        self.requests: Counter[str] = Counter()
        self._windows: dict[tuple[str, str, str], list[bytes]] = {}

    def arxiv_page(self, start: int, size: int) -> bytes:
        head = (
            "<?xml version='1.0' encoding='UTF-8'?>\n"
            '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
            'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
            "  <id>https://arxiv.org/api/bench</id>\n  <title>arXiv Query: bench</title>\n"
            f"  <updated>{self.until.isoformat()}T06:00:00Z</updated>\n"
            f"  <opensearch:itemsPerPage>{size}</opensearch:itemsPerPage>\n"
            f"  <opensearch:totalResults>{len(self.arxiv)}</opensearch:totalResults>\n"
            f"  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
        ).encode()
        return head + b"".join(self.arxiv[start : start + size]) + b"</feed>\n"

    def biorxiv_page(self, since: str, until: str, cursor: int, endpoint: str = "details") -> bytes:
        key = (since, until, endpoint)
        if key not in self._windows:  # the server's own cost is not what we measure
            records = self.biorxiv if endpoint == "details" else self.pubs
            self._windows[key] = [r for d, r in records if since <= d <= until]
        window = self._windows[key]
        page = window[cursor : cursor + 100]
        message = {
            "status": "ok" if window else "no posts found",
            "category": "all",
            "interval": f"{since}:{until}",
            "funder": "all",
            "cursor": cursor,
            "count": len(page),
            "count_new_papers": str(len(window)),
            "total": str(len(window)),
        }
        head = json.dumps({"messages": [message]})[:-1].encode()
        return head + b', "collection": [' + b", ".join(page) + b"]}"


def serve(corpus: Corpus) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/api/query":
                query = parse_qs(parts.query)
                corpus.requests["arxiv"] += 1
                body = corpus.arxiv_page(int(query["start"][0]), int(query["max_results"][0]))
                kind = "application/atom+xml; charset=UTF-8"
            elif parts.path.startswith(("/details/biorxiv/", "/pubs/biorxiv/")):
                _, endpoint, _, since, until, cursor = parts.path.split("/")[:6]
                corpus.requests["biorxiv"] += 1
                body = corpus.biorxiv_page(since, until, int(cursor), endpoint)
                kind = "application/json"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def write_config(path: Path, url: str, state: Path) -> None:
    path.write_text(
        f"""contact_email = "bench@example.org"
state_dir = "{state}"
catalog = ""
[sources.arxiv]
base_url = "{url}/api/query"
categories = {json.dumps(list(ARXIV_CATEGORIES))}
page_size = {ARXIV_PAGE}
delay = 0
[sources.biorxiv]
base_url = "{url}"
servers = ["biorxiv"]
delay = 0
[sources.nature]
enabled = false
[sources.europepmc]
enabled = false  # (its journal search and look-ups are a few requests a week: not measured here)
""",
        encoding="utf-8",
    )


#: ``python -m fmwatch ...`` that reports its own peak RSS (kB) on stderr as it exits.
PEAK_WRAPPER = """
import atexit, runpy, sys

def _peak():
    try:
        with open("/proc/self/status") as status:
            kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        kb = -1
    print(f"bench-peak-kb {kb}", file=sys.stderr)

atexit.register(_peak)
sys.argv = ["fmwatch", *sys.argv[1:]]
runpy.run_module("fmwatch", run_name="__main__", alter_sys=True)
"""


def run_fetch(config: Path, *args: str) -> tuple[float, float]:
    """(wall seconds, peak MB or -1 where /proc is missing) of one ``fmwatch fetch``."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK_WRAPPER, "--config", str(config), "fetch", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stdout, done.stderr, file=sys.stderr)
        raise SystemExit(f"fmwatch fetch exited {done.returncode}")
    peak_kb = next(
        (int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("bench-")),
        -1,
    )
    return elapsed, peak_kb / 1024 if peak_kb >= 0 else -1.0


def startup_seconds(config: Path) -> float:
    """Median wall time of ``fmwatch fetch --help``: interpreter start, the fetch command's
    imports and exit, i.e. the fixed part of every run (it depends on what else is installed:
    sqlite-utils imports numpy whenever numpy is importable)."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "fmwatch", "--config", str(config), "fetch", "--help"],
            capture_output=True,
            check=True,
        )
        times.append(time.perf_counter() - started)
    return sorted(times)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--arxiv", type=int, default=50_000)
    parser.add_argument("--biorxiv", type=int, default=20_000)
    parser.add_argument("--until", default="2026-05-31")
    args = parser.parse_args()
    until = date.fromisoformat(args.until)
    since = until - timedelta(days=DAYS - 1)
    built = time.perf_counter()
    corpus = Corpus(args.arxiv, args.biorxiv, until)
    print(
        f"corpus: {args.arxiv} arXiv entries, {args.biorxiv} bioRxiv records over {DAYS} days "
        f"({'real arXiv text' if CORPUS.is_file() else 'generated text'}), "
        f"built in {time.perf_counter() - built:.1f}s"
    )
    httpd = serve(corpus)
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    with tempfile.TemporaryDirectory(prefix="fmwatch-bench-") as tmp:
        config = Path(tmp) / "fmwatch.toml"
        state = Path(tmp) / "state"
        write_config(config, url, state)
        first, peak_mb = run_fetch(
            config, "--since", since.isoformat(), "--until", until.isoformat()
        )
        first_requests = dict(corpus.requests)
        corpus.requests.clear()
        rerun, rerun_peak_mb = run_fetch(config, "--until", until.isoformat())
        startup = startup_seconds(config)
        rerun_requests = dict(corpus.requests)
        db = sqlite3.connect(state / "fmwatch.db")
        stored = dict(db.execute("SELECT source, count(*) FROM papers GROUP BY source").fetchall())
        runs = db.execute(
            "SELECT run_id, source, requests, fetched, new, updated FROM run_sources ORDER BY "
            "run_id, source"
        ).fetchall()
        windows = db.execute(
            "SELECT id, window_since, window_until FROM runs ORDER BY id"
        ).fetchall()
        feeds = db.execute(
            "SELECT name, window_since, window_until FROM feeds ORDER BY name"
        ).fetchall()
        db.close()
    httpd.shutdown()
    fetched_first = sum(r[3] for r in runs if r[0] == 1)
    fetched_rerun = sum(r[3] for r in runs if r[0] == 2)
    bound = math.ceil(args.arxiv / ARXIV_PAGE) + 1
    print(
        f"first run (6-week backfill): {first:.2f}s for {fetched_first} records "
        f"= {fetched_first / first:,.0f} records/s (whole process, start-up included)"
    )
    print(
        f"peak memory of the fetch process: {peak_mb:.0f} MB (its own VmHWM; rerun "
        f"{rerun_peak_mb:.0f} MB)"
    )
    print(
        f"HTTP requests, first run: arxiv {first_requests.get('arxiv', 0)} "
        f"(bound ceil({args.arxiv}/{ARXIV_PAGE})+1 = {bound}), biorxiv "
        f"{first_requests.get('biorxiv', 0)}"
    )
    print(f"stored rows: {stored}")
    for run_id, source, requests, fetched, new, updated in runs:
        print(
            f"  run {run_id} {source:8} requests={requests} fetched={fetched} new={new} "
            f"updated={updated}"
        )
    print(f"run windows (id, since, until; None = each source's default): {windows}")
    print(f"source windows after the rerun: {feeds}")
    print(
        f"no-news rerun (default incremental window, overlap days re-read): {rerun:.2f}s for "
        f"{fetched_rerun} re-read records ({100 * fetched_rerun / max(1, fetched_first):.1f}% "
        f"of the first run's records); requests arxiv {rerun_requests.get('arxiv', 0)}, "
        f"biorxiv {rerun_requests.get('biorxiv', 0)}"
    )
    print(
        f"rerun time as a share of the first run: {100 * rerun / first:.1f}% (target < 10%); "
        f"start-up alone (`fmwatch fetch --help`): {startup:.2f}s"
    )
    ok = (
        fetched_first / first >= 5000
        and 0 <= peak_mb < 250
        and first_requests.get("arxiv", 0) <= bound
        and rerun < 0.1 * first
    )
    print(
        "targets (>= 5,000 records/s, < 250 MB, arXiv requests within bound, rerun < 10%):",
        "met" if ok else "NOT met",
    )


if __name__ == "__main__":
    main()
