"""``lint_catalog`` and ``fmwatch catalog lint|show``: every defect kind the seed has is found."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from fmwatch.cli import cli
from fmwatch.lint import ERROR, WARNING, Finding, lint_catalog
from fmwatch.models import Paper
from fmwatch.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEED_LIKE = Path(__file__).parent / "fixtures" / "catalog" / "seed-like.md"
HEADER = "| Name | Paper | GitHub | Model weight | Note |\n|---|---|---|---|---|\n"


def line_of(text: str, needle: str, nth: int = 1) -> int:
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(f"{needle!r} not in text")


def codes_at(findings: list[Finding], line: int) -> set[str]:
    return {f.code for f in findings if f.line == line}


ARXIV = "[A real paper title](https://arxiv.org/abs/2401.00001)"


def row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |\n"


def one_section(rows: str, heading: str = "## 1) Clinical Data") -> str:
    return f"{heading}\n\n{HEADER}{rows}"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED_LIKE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_findings(seed_text: str) -> list[Finding]:
    return lint_catalog(seed_text, {"arxiv:2506.03373": "10.1038/s41586-099-00001-x"})


# Each defect kind of the seed, the row (or heading) that carries it, and the code found there.
SEED_DEFECTS = [
    ("tracking params pes/utm_source/getft_integrator", "| Foresight |", "tracking-noise", WARNING),
    ("site name as paper link text", "| Foresight |", "paper-link-text", WARNING),
    ("em dash for an empty cell", "| Foresight |", "empty-cell", WARNING),
    ("#Abs1 fragment", "| RoentGen |", "tracking-noise", WARNING),
    (
        "'Model weight' vs 'Hugging Face' headers",
        "| Model weight |",
        "inconsistent-columns",
        WARNING,
    ),
    ("mistyped owner in link text", "| Prov-Gigapath |", "link-text-mismatch", WARNING),
    ("usp=sharing on a Drive link", "| BEPH |", "tracking-noise", WARNING),
    ("Hugging Face link in the GitHub column", "| Virchow2 |", "wrong-column", ERROR),
    ("title in capitals", "| Virchow2 |", "paper-link-text", WARNING),
    ("the same work under two rows", "| Virchow 2 again |", "duplicate-entry", ERROR),
    ("doubled link paper.link](real)", "| SToFM |", "malformed-link", ERROR),
    ("nested [HF]([..](..)) link", "| SToFM |", "malformed-link", ERROR),
    ("placeholder paper.link / huggingface.co/org/model", "| SToFM |", "placeholder-url", ERROR),
    ("second '3)' heading", "## 3) Multimodal data", "section-numbering", ERROR),
    ("placeholder github.com/org/repo", "| IRENE |", "placeholder-url", ERROR),
    ("#Abs1 on IRENE", "| IRENE |", "tracking-noise", WARNING),
    ("third '3)' heading", "## 3) Review paper", "section-numbering", ERROR),
    ("nested link in the Paper column", "| GMAI |", "malformed-link", ERROR),
    ("nested link carrying another row's paper", "| GMAI |", "duplicate-link", WARNING),
    ("fromPaywallRec and #Abs1", "| GMAI |", "tracking-noise", WARNING),
    ("#Fig1 fragment", "| GAI |", "tracking-noise", WARNING),
    ("#Sec3 fragment", "Overcoming barriers", "tracking-noise", WARNING),
    ("fourth '3)' heading", "## 3) Benchmark paper", "section-numbering", ERROR),
    ("preprint whose journal version is known", "| KRONOS |", "preprint-published", WARNING),
]


@pytest.mark.parametrize(
    ("what", "needle", "code", "severity"), SEED_DEFECTS, ids=[d[0] for d in SEED_DEFECTS]
)
def test_every_seed_defect_kind_is_found(
    seed_text: str, seed_findings: list[Finding], what: str, needle: str, code: str, severity: str
) -> None:
    line = line_of(seed_text, needle)
    matching = [f for f in seed_findings if f.line == line and f.code == code]
    assert matching, f"{what}: no {code} at line {line}; found {codes_at(seed_findings, line)}"
    assert all(f.severity == severity for f in matching)
    assert all(f.message and f.fix for f in matching)


def test_fixes_name_the_repaired_value(seed_text: str, seed_findings: list[Finding]) -> None:
    by_line_code = {(f.line, f.code): f for f in seed_findings}
    irene = by_line_code[(line_of(seed_text, "| IRENE |"), "placeholder-url")]
    assert "https://github.com/RL4M/IRENE" in irene.fix
    stofm = [
        f
        for f in seed_findings
        if f.line == line_of(seed_text, "| SToFM |") and f.code == "malformed-link"
    ]
    assert any("(https://arxiv.org/pdf/2507.11588)" in f.fix for f in stofm)
    assert any("usp=" not in f.fix and "drive.google.com" in f.fix for f in stofm)
    foresight = by_line_code[(line_of(seed_text, "| Foresight |"), "tracking-noise")]
    assert (
        foresight.fix == "link https://www.sciencedirect.com/science/article/pii/S2589750024000256"
    )
    numbering = by_line_code[(line_of(seed_text, "## 3) Review paper"), "section-numbering")]
    assert "## 5) Review paper" in numbering.fix
    gigapath = by_line_code[(line_of(seed_text, "| Prov-Gigapath |"), "link-text-mismatch")]
    assert "prov-gigapath/prov-gigapath" in gigapath.message and "pro-gigapath" in gigapath.message


def test_clean_rows_of_the_seed_have_no_findings(
    seed_text: str, seed_findings: list[Finding]
) -> None:
    for needle in ("| CellPLM |", "| Patho-Bench |"):
        tidy = {"tracking-noise"} if needle == "| Patho-Bench |" else set()
        assert codes_at(seed_findings, line_of(seed_text, needle)) <= tidy


def test_the_live_catalog_lints_clean() -> None:
    text = (ROOT / "CATALOG.md").read_text(encoding="utf-8")
    assert lint_catalog(text) == []


def test_preprint_links_are_flagged_only_with_evidence() -> None:
    text = one_section(
        "| P | [A title of a paper](https://arxiv.org/abs/2405.10254v2) | - | - | - |\n"
    )
    assert lint_catalog(text) == []
    assert lint_catalog(text, {"arxiv:2405.10254": "https://doi.org/10.1000/other"})[0].code == (
        "preprint-published"
    )
    bare = lint_catalog(text, {"2405.10254": "10.1000/other"})
    assert [f.fix for f in bare] == ["link https://doi.org/10.1000/other instead of the preprint"]
    biorxiv = one_section(
        row(
            "C",
            "[Cell title](https://www.biorxiv.org/content/10.1101/2023.10.03.560734v1)",
            "-",
            "-",
            "-",
        )
    )
    found = lint_catalog(biorxiv, {"doi:10.1101/2023.10.03.560734": "10.1038/s41592-024-00001-1"})
    assert [f.code for f in found] == ["preprint-published"]
    journal = one_section(
        "| J | [Journal title here](https://doi.org/10.1038/s41592-024-00001-1) | - | - | - |\n"
    )
    assert lint_catalog(journal, {"doi:10.1038/s41592-024-00001-1": "10.1/x"}) == []


@pytest.mark.parametrize(
    ("row", "code", "severity"),
    [
        (
            row("W", ARXIV, "-", "[code](https://github.com/a/b)", "-"),
            "wrong-column",
            ERROR,
        ),
        ("| W | [repo](https://github.com/a/b) | - | - | - |", "wrong-column", ERROR),
        (
            "| W | [A real paper title](https://lab.example.edu/paper) | - | - | - |",
            "paper-identifier",
            WARNING,
        ),
        ("| W | A title without a link | - | - | - |", "missing-paper", ERROR),
        (
            "| W | [A real paper title](https://arxiv.org/abs/2401.00001) | - | - |",
            "column-count",
            ERROR,
        ),
        (
            row("W", ARXIV, "https://github.com/a/b", "-", "-"),
            "bare-url",
            WARNING,
        ),
        (
            "| W | [A real paper title](https://arxiv.org/abs/2401.00001) |  | - | - |",
            "empty-cell",
            WARNING,
        ),
        (
            "| W | [A real paper title](https://example.com/x) | - | - | - |",
            "placeholder-url",
            ERROR,
        ),
    ],
)
def test_row_defects(row: str, code: str, severity: str) -> None:
    findings = lint_catalog(one_section(row + "\n"))
    assert (code, severity) in {(f.code, f.severity) for f in findings}
    assert all(f.line == 5 for f in findings if f.code == code)


def test_duplicates_by_title_and_by_name() -> None:
    rows = (
        row(
            "Same",
            "[Scaling pathology encoders to a billion slides](https://arxiv.org/abs/2401.1)",
            *"---",
        )
        + row(
            "Other",
            "[Scaling Pathology Encoders to a Billion Slides.](https://doi.org/10.1/x)",
            *"---",
        )
        + row("same", "[A completely different title here](https://doi.org/10.1/y)", *"---")
    )
    findings = [f for f in lint_catalog(one_section(rows)) if f.code == "duplicate-entry"]
    assert [(f.line, f.severity) for f in findings] == [(6, ERROR), (7, ERROR)]
    assert "the same title as line 5" in findings[0].message
    assert "the same name as line 5" in findings[1].message


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Prov-GigaPath", "Prov GigaPath", True),
        ("Tumour Atlas", "Tumor Atlas", True),  # as identity compares titles' names
        ("The Nucleotide Transformer", "Nucleotide Transformer", True),
        ("PathChat", "PathChat+", False),
        ("华佗GPT", "扁鹊GPT", False),  # letters without a Latin spelling are the name
        ("TITAN", "Titans", False),  # a name is no plural
        ("Chronos", "Chrono", False),
        ("BrainMAE2", "BrainMoE2", False),  # acronyms are not British spellings
        ("BrainMAEv2", "BrainMoEv2", False),  # nor where a name's parts meet
        ("MAESTRO", "Maestro", True),  # whatever the case it is written in
        ("CHRONOEARTH", "ChronoEarth", True),
        ("Maestro", "Mestro", False),  # "ae" of a name's own, not of a British spelling
        ("HaemNet", "HemNet", True),  # "ae" of a British medical word
    ],
)
def test_two_rows_name_one_model_in_its_spellings(first: str, second: str, same: bool) -> None:
    rows = row(first, "[A first paper title here](https://doi.org/10.1/y)", *"---") + row(
        second, "[Another paper entirely, by others](https://doi.org/10.1/z)", *"---"
    )
    findings = [f for f in lint_catalog(one_section(rows)) if f.code == "duplicate-entry"]
    assert [f.message for f in findings if "the same name as line 5" in f.message] == (
        [findings[0].message] if same else []
    )
    assert len(findings) == int(same)


def test_section_defects() -> None:
    text = (
        one_section("", "## 1) Clinical Data")
        + "\n"
        + one_section("", "## Image Data")
        + "\n"
        + one_section("", "## 3) Clinical data")
        + "\n## 4) Proteomics\n\nNo table yet.\n"
    )
    found = {(f.line, f.code) for f in lint_catalog(text)}
    assert (line_of(text, "## Image Data"), "section-numbering") in found
    assert (line_of(text, "## 3) Clinical data"), "duplicate-section") in found
    assert (line_of(text, "## 4) Proteomics"), "unknown-section") in found
    assert (line_of(text, "## 4) Proteomics"), "no-table") in found


def test_a_table_above_every_section_is_an_error_not_ignored() -> None:
    # Under a level-1 (or no) heading the rows belong to no section: they would be silently
    # skipped, and their works proposed again as new.
    orphan = one_section("| X | [t](https://arxiv.org/abs/2401.00001) | - | - | n |\n", "# Catalog")
    text = orphan + "\n" + one_section("", "## 1) Clinical Data")
    [finding] = [f for f in lint_catalog(text) if f.code == "table-outside-section"]
    assert (finding.line, finding.severity) == (line_of(text, "| Name"), ERROR)
    assert finding.fix == "move it under a '## N) Section' heading, or make its heading level 2"


def test_findings_are_single_lines_even_for_hostile_files() -> None:
    text = one_section(
        "| W\x1b[2J | [t\x07](https://arxiv.org/abs/2401.00001#x\x0bz) | - | - | - |\n"
    )
    for finding in lint_catalog(text):
        assert "\n" not in finding.format("c.md") and "\x1b" not in finding.format("c.md")


def test_a_finding_quoting_a_huge_cell_is_a_line_of_readable_length() -> None:
    """Two rows of one 100 KB name: the duplicate's finding quotes it; the terminal line is
    cut, the finding itself (what --json gives) keeps the name whole."""
    name = "N" * 100_000
    row = f"| {name} | [x](https://arxiv.org/abs/2401.00001) | - | - | - |\n"
    findings = [f for f in lint_catalog(one_section(row + row)) if name in f.message]
    assert findings
    for finding in findings:
        shown = finding.format("c.md")
        assert len(shown) < 1_000 and shown.startswith("c.md:") and "(fix: " in shown


# -- the command ----------------------------------------------------------------------------------


def run(args: list[str], cwd: Path) -> tuple[int, str, str]:
    runner = CliRunner()
    with contextlib.chdir(cwd):
        result = runner.invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_lint_command_reports_errors_and_exits_1(tmp_path: Path) -> None:
    code, out, _ = run(["catalog", "lint", str(SEED_LIKE)], tmp_path)
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[-1] == f"{SEED_LIKE}: 11 errors, 16 warnings"
    text = SEED_LIKE.read_text(encoding="utf-8")
    irene = line_of(text, "| IRENE |")
    assert (
        f"{SEED_LIKE}:{irene}: error: placeholder URL https://github.com/org/repo "
        "in the GitHub column (fix: link https://github.com/RL4M/IRENE (from the link text))"
    ) in lines


def test_lint_command_exits_0_on_the_live_catalog_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FMWATCH_CATALOG", str(ROOT / "CATALOG.md"))
    monkeypatch.setenv("FMWATCH_STATE_DIR", str(tmp_path / "state"))
    code, out, _ = run(["catalog", "lint"], tmp_path)
    assert code == 0
    assert out.strip() == f"{ROOT / 'CATALOG.md'}: 0 errors, 0 warnings"
    assert not (tmp_path / "state").exists(), "linting must not create the database"


def test_lint_command_json(tmp_path: Path) -> None:
    code, out, _ = run(["catalog", "lint", "--json", str(SEED_LIKE)], tmp_path)
    assert code == 1
    data = json.loads(out)
    assert data["errors"] == 11 and data["warnings"] == 16
    assert {"line", "severity", "code", "message", "fix"} <= set(data["findings"][0])


@pytest.mark.parametrize("command", ["lint", "show"])
def test_lint_command_names_a_missing_catalog(
    tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Named on the command line and not there: a usage error (2, as click gives for a folder
    named there; `lint` exits 1 for findings). The configured one missing says which setting."""
    code, _, err = run(["catalog", command, str(tmp_path / "missing.md")], tmp_path)
    assert code == 2
    assert err.strip() == (
        f"fmwatch: catalog {tmp_path / 'missing.md'} not found; give the path of the catalog "
        "Markdown file"
    )
    monkeypatch.setenv("FMWATCH_CATALOG", str(tmp_path / "configured.md"))
    code, _, err = run(["catalog", command], tmp_path)
    assert code == 1
    assert err.strip().startswith("fmwatch: catalog ")
    assert "configured.md not found; create it or point `catalog` in fmwatch.toml" in err
    assert len(err.strip().splitlines()) == 1


def test_lint_command_reads_published_versions_from_the_store_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "fm.db"
    with Store(db) as store:
        store.upsert_papers(
            [
                Paper(
                    source="arxiv",
                    source_id="2405.10254",
                    title="PRISM",
                    arxiv_id="2405.10254",
                    published_doi="10.1038/s41591-099-00002-y",
                ),
                Paper(
                    source="biorxiv",
                    source_id="10.1101/2023.10.03.560734",
                    title="CellPLM",
                    doi="10.1101/2023.10.03.560734",
                ),
            ]
        )
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    monkeypatch.setenv("FMWATCH_DB", str(db))
    code, out, _ = run(["catalog", "lint", str(ROOT / "CATALOG.md")], tmp_path)
    assert code == 0  # a superseded preprint is a warning
    prism = line_of((ROOT / "CATALOG.md").read_text(encoding="utf-8"), "| PRISM |")
    assert (
        f"{ROOT / 'CATALOG.md'}:{prism}: warning: the preprint arxiv:2405.10254 has been "
        "published as doi:10.1038/s41591-099-00002-y "
        "(fix: link https://doi.org/10.1038/s41591-099-00002-y instead of the preprint)"
    ) in out.splitlines()
    assert out.strip().splitlines()[-1].endswith(": 0 errors, 1 warning")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_lint_command_ignores_a_database_without_papers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "other.db"
    sqlite3.connect(db).execute("CREATE TABLE unrelated (x)").connection.close()
    monkeypatch.setenv("FMWATCH_DB", str(db))
    code, out, _ = run(["catalog", "lint", str(ROOT / "CATALOG.md")], tmp_path)
    assert code == 0 and out.strip().endswith("0 errors, 0 warnings")


def test_lint_command_goes_on_when_the_database_is_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "broken.db"
    db.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("FMWATCH_DB", str(db))
    code, out, err = run(["catalog", "lint", str(ROOT / "CATALOG.md")], tmp_path)
    assert code == 0 and out.strip().endswith("0 errors, 0 warnings")
    assert err.startswith(f"fmwatch: note: cannot read published versions from {db} (")
    assert "linting without them" in err and len(err.strip().splitlines()) == 1


def test_show_command_lists_sections_and_counts(tmp_path: Path) -> None:
    code, out, _ = run(["catalog", "show", str(ROOT / "CATALOG.md")], tmp_path)
    assert code == 0
    for title, count in [
        ("Clinical Data", 1),
        ("Image Data", 9),
        ("Genomic data", 5),
        ("Benchmark paper", 1),
    ]:
        row = next(line for line in out.splitlines() if title in line)
        assert f" {count} " in row
    assert any("total" in line and " 25 " in line for line in out.splitlines())


def test_show_command_prints_no_escape_sequences_from_the_catalog(tmp_path: Path) -> None:
    """A heading or column name carrying a terminal escape (a hostile edit merged into the
    catalog) is shown as text: no ESC, no carriage return reaches the terminal."""
    catalog = tmp_path / "CATALOG.md"
    catalog.write_text(
        "# Catalog\n\n## Image Data \x1b[31mred\r\n\n"
        "| Name \x1b]0;title\x07 | Paper | GitHub | Model weight | Note |\n"
        "|---|---|---|---|---|\n"
        "| M | [A model](https://arxiv.org/abs/2401.00001) | - | - | - |\n",
        encoding="utf-8",
    )
    code, out, _ = run(["catalog", "show", str(catalog)], tmp_path)
    assert code == 0
    assert "\x1b" not in out and "\r" not in out and "\x07" not in out
    assert "Image Data [31mred" in out and "Name ]0;title | Paper" in out


@pytest.mark.parametrize(
    "args", [["catalog", "--help"], ["catalog", "lint", "--help"], ["catalog", "show", "--help"]]
)
def test_catalog_commands_have_help(tmp_path: Path, args: list[str]) -> None:
    code, out, _ = run(args, tmp_path)
    assert code == 0
    assert "catalog" in out.lower() and "Usage:" in out


def test_link_shapes_commonmark_allows_and_the_ones_it_does_not() -> None:
    text = one_section(
        row("Angle", "[Title](<https://arxiv.org/abs/2401.00001>)", "-", "-", "x")
        + row("Unclosed", "[Title](https://arxiv.org/abs/2401.00002", "-", "-", "x")
        + row(
            "InText", "[[Title](https://a.org/x)](https://arxiv.org/abs/2401.00003)", "-", "-", "x"
        )
    )
    findings = lint_catalog(text)
    assert "malformed-link" not in codes_at(findings, line_of(text, "Angle"))
    (unclosed,) = [f for f in findings if f.line == line_of(text, "Unclosed")]
    assert "without its closing ')'" in unclosed.message
    assert unclosed.fix == "write one link: [Title](https://arxiv.org/abs/2401.00002)"
    (nested,) = [f for f in findings if f.line == line_of(text, "InText")]
    assert nested.severity == ERROR and "a link inside the link's text" in nested.message
    assert nested.fix == "write one link: [Title](https://arxiv.org/abs/2401.00003)"


def test_a_file_with_no_catalog_in_it_is_an_error() -> None:
    for text in ("", "# Just a title\n\nSome prose.\n"):
        (finding,) = lint_catalog(text)
        assert (finding.code, finding.severity) == ("no-catalog", ERROR)


def test_an_arxiv_id_that_cannot_exist_is_an_error() -> None:
    """A typo such as 2101.1234 (ids since 2015 have five digits): arXiv refuses any query
    that holds it, so the row could never be checked for its journal version."""
    text = (
        "# Catalog\n\n## 1) Image Data\n\n"
        "| Name | Paper | GitHub | Hugging Face / weights | Note |\n|---|---|---|---|---|\n"
        "| A | [A paper](https://arxiv.org/abs/2101.1234) | - | - | n |\n"
        "| B | [B paper](https://arxiv.org/abs/2101.12345) | - | - | n |\n"
        "| C | [C paper](https://arxiv.org/abs/1412.6980) | - | - | n |\n"
    )
    findings = [f for f in lint_catalog(text) if f.code == "bad-arxiv-id"]
    assert [(f.line, f.severity) for f in findings] == [(7, "error")]
    assert "2101.1234" in findings[0].message
