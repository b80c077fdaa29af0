"""fmwatch.toml + environment: overrides work, every bad value is one line naming key and fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fmwatch.config import Config, github_token, load_config
from fmwatch.errors import ConfigError


def _load(tmp_path: Path, text: str, env: dict[str, str] | None = None) -> Config:
    path = tmp_path / "fmwatch.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, env=env or {})


def test_no_file_means_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config(env={})
    assert config == Config()
    assert config.db_path == Path("state") / "fmwatch.db"
    assert config.sources.arxiv.delay == 3.0 and config.sources.arxiv.page_size == 2000


def test_source_urls_and_lists_are_configurable(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        """
contact_email = "curator@example.org"
[sources.arxiv]
base_url = "http://127.0.0.1:8000/api/query"
categories = ["cs.CV", "q-bio.*"]
delay = 0
[sources.biorxiv]
servers = "medrxiv"
[sources.nature.feeds]
nature-medicine = "nm.rss"
""",
    )
    assert config.sources.arxiv.base_url == "http://127.0.0.1:8000/api/query"
    assert config.sources.arxiv.categories == ("cs.CV", "q-bio.*")
    assert config.sources.arxiv.delay == 0.0
    assert config.sources.biorxiv.servers == ("medrxiv",)
    assert config.sources.nature.feeds == {"nature-medicine": "nm.rss"}
    assert "mailto:curator@example.org" in config.user_agent


def test_environment_overrides_paths_and_contact(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        'state_dir = "from-file"\n',
        env={"FMWATCH_STATE_DIR": str(tmp_path / "st"), "FMWATCH_CONTACT_EMAIL": "ops@example.org"},
    )
    assert config.db_path == tmp_path / "st" / "fmwatch.db"
    assert config.contact_email == "ops@example.org"
    config = _load(tmp_path, "", env={"FMWATCH_DB": str(tmp_path / "x.db")})
    assert config.db_path == tmp_path / "x.db"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[sources.arxiv]\npage_size = 5000\n",
            "config error: sources.arxiv.page_size: 5000 is out of range; use a number from 1 "
            "to 2000 (the arXiv API's limit)",
        ),
        (
            "[sources.arxiv]\npage_sise = 100\n",
            "config error: sources.arxiv.page_sise: unknown key; remove it or fix the "
            "spelling (did you mean sources.arxiv.page_size?)",
        ),
        (
            '[sources.arxiv]\ndelay = "3"\n',
            "config error: sources.arxiv.delay: expected a number, got '3'; write a plain "
            "number without quotes",
        ),
        (
            '[sources.biorxiv]\nbase_url = "ftp://api.example.org"\n',
            "config error: sources.biorxiv.base_url: 'ftp://api.example.org' is not an "
            "http(s) URL; give a URL such as https://export.arxiv.org/api/query",
        ),
        (
            '[sources.biorxiv]\nservers = ["arxiv"]\n',
            "config error: sources.biorxiv.servers: unknown server 'arxiv'; use \"biorxiv\" "
            'and/or "medrxiv"',
        ),
        (
            "[sources.nature]\ndelay = -1\n",
            "config error: sources.*.delay: a delay is negative; use 0 or more seconds (arXiv "
            "asks for 3)",
        ),
        (
            "[http]\nattempts = 0\n",
            "config error: http.attempts: must be at least 1; set attempts = 4 (1 means no retry)",
        ),
        (
            'contact_email = "nobody"\n',
            "config error: contact_email: 'nobody' is not a plain e-mail address; give an "
            "ASCII address on one line, such as curator@example.org",
        ),
        (
            'contact_email = "jos\u00e9@example.org"\n',
            "config error: contact_email: 'jos\u00e9@example.org' is not a plain e-mail address; "
            "give an ASCII address on one line, such as curator@example.org",
        ),
        (
            'contact_email = "a@b.org\\r\\nX-Evil: 1"\n',
            "config error: contact_email: 'a@b.org\\r\\nX-Evil: 1' is not a plain e-mail "
            "address; give an ASCII address on one line, such as curator@example.org",
        ),
        (
            "[http]\ntimeout = nan\n",
            "config error: http.timeout: nan is not a finite number; write a plain number such "
            "as 1.5",
        ),
        (
            "[sources.arxiv]\ndelay = inf\n",
            "config error: sources.arxiv.delay: inf is not a finite number; write a plain "
            "number such as 1.5",
        ),
        (
            "[scoring.vocabularies.foundation]\nfoundation = nan\n",
            "config error: scoring.vocabularies.foundation.foundation: nan is not a finite "
            "number; write a plain number such as 1.5",
        ),
        (
            "[scoring]\npropose_threshold = 0.3\n",
            "config error: scoring.propose_threshold: thresholds must satisfy 0 <= "
            "near_miss_threshold <= propose_threshold <= 1; adjust the two thresholds",
        ),
        (
            "[scoring]\nlikeness_propose = 0.98\nlikeness_hold = 0.99\n",
            "config error: scoring.likeness_hold: 0.99 is above likeness_propose (0.98); hold "
            "back only proposals less alike than what proposes a near-miss, such as 0.02",
        ),
        (
            "[scoring]\nlikeness_propose = 1.5\n",
            "config error: scoring.likeness_propose: 1.5 is not a likeness from 0 to 1; give a "
            "number such as 0.98 (likeness_propose = 1 and likeness_hold = 0: the rules alone "
            "decide)",
        ),
        (
            '[scoring]\nlikeness_propose_kinds = ["benchmarks"]\n',
            "config error: scoring.likeness_propose_kinds: unknown kind 'benchmarks'; use some "
            'of "model", "review" and "benchmark" ([] proposes none)',
        ),
        (
            "[scoring]\nlikeness_propose_kinds = 3\n",
            "config error: scoring.likeness_propose_kinds: expected a list, got int; write it as "
            'likeness_propose_kinds = ["...", "..."]',
        ),
        (
            "[scoring]\nlikeness_hold = -0.5\n",
            "config error: scoring.likeness_hold: -0.5 is not a likeness from 0 to 1; give a "
            "number such as 0.98 (likeness_propose = 1 and likeness_hold = 0: the rules alone "
            "decide)",
        ),
        (
            "[http]\ntimeout = 0\n",
            "config error: http.timeout: must be more than 0 seconds; use e.g. timeout = 30",
        ),
        (
            "[http]\nbackoff_initial = -5.0\n",
            "config error: http.backoff_initial: must not be negative; use 0 or more seconds",
        ),
        (
            "[sources.arxiv]\noverlap_days = 800000\n",
            "config error: sources.arxiv.overlap_days: 800000 is out of range; use a number of "
            "days from 0 to 365 (3 is the default)",
        ),
        (
            '[propose]\nbranch_prefix = "bad prefix..~^:"\n',
            "config error: propose.branch_prefix: 'bad prefix..~^:' cannot start a git branch "
            'name; use letters, digits, "-", "_", "@", "." and "/" (not "..", "//", "/." or a '
            'leading "/"), such as "fmwatch/"',
        ),
        (
            '[forge]\nrepository = "https://github.com/example-org/fm-catalog"\n',
            "config error: forge.repository: 'https://github.com/example-org/fm-catalog' is "
            'not a GitHub repository\'s owner/name; write it as "owner/name", e.g. '
            '"example-org/fm-catalog" (not its URL)',
        ),
        (
            '[propose]\nlabels = ["fmwatch\\nstate: closed"]\n',
            "config error: propose.labels: 'fmwatch\\nstate: closed' is not a usable label; "
            'use short one-line labels such as "catalog-proposal"',
        ),
        (
            '[digest]\nsmtp_host = "smtp.' + "x" * 64 + '.org"\n',
            "config error: digest.smtp_host: 'smtp." + "x" * 64 + ".org' has a host name "
            "with an empty part or a part longer than 63 characters; give the relay's host "
            "name, such as smtp.example.org",
        ),
        (
            '[sources.nature]\nbase_url = "https://www..nature.com"\n',
            "config error: sources.nature.base_url: 'https://www..nature.com' has a host name "
            "with an empty part or a part longer than 63 characters; give a URL such as "
            "https://export.arxiv.org/api/query",
        ),
        (
            '[sources.nature.feeds]\nnm = "nm.rss\\r\\nX: y"\n',
            "config error: sources.nature.feeds.nm: 'nm.rss\\r\\nX: y' is empty or holds a "
            'space or a control character; give the feed\'s path under base_url, such as "nm.rss"',
        ),
        (
            '[sources.nature.feeds]\nnm = "https://www.nature.com/nm.rss"\n',
            "config error: sources.nature.feeds.nm: 'https://www.nature.com/nm.rss' is a whole "
            "URL, but it is read under sources.nature.base_url; give the feed's path under "
            'base_url, such as "nm.rss"',
        ),
        (
            "[http]\ntimeout = 1e300\n",
            "config error: http.timeout: 1e+300 seconds is out of range; use at most 86400 "
            "seconds (a day)",
        ),
        (
            "[sources.nature]\ndelay = 1e12\n",
            "config error: sources.nature.delay: 1e+12 seconds is out of range; use at most "
            "86400 seconds (a day)",
        ),
        (
            '[forge]\ncatalog_path = "docs/\\u0000CATALOG.md"\n',
            "config error: forge.catalog_path: holds a NUL character (\\u0000); remove it",
        ),
        (
            '[scoring]\nranker = "r\\u0000.json"\n',
            "config error: scoring.ranker: holds a NUL character (\\u0000); remove it",
        ),
    ],
)
def test_bad_values_name_the_key_and_the_fix(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    assert str(info.value) == message
    assert info.value.exit_code == 2


def test_broken_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"not valid TOML .*; fix the syntax at that line"):
        _load(tmp_path, "[sources\n")
    with pytest.raises(ConfigError, match=r"file not found; create it"):
        load_config(tmp_path / "absent.toml", env={})


def test_a_config_path_that_is_a_folder_or_not_utf8_says_so(tmp_path: Path) -> None:
    from fmwatch.config import load_config
    from fmwatch.errors import ConfigError

    with pytest.raises(ConfigError, match="is a folder"):
        load_config(env={"FMWATCH_CONFIG": str(tmp_path)})
    with pytest.raises(ConfigError, match="is not a regular file"):
        load_config(env={"FMWATCH_CONFIG": os.devnull})
    latin = tmp_path / "fmwatch.toml"
    latin.write_bytes(b'contact_email = "caf\xe9@example.org"\n')
    with pytest.raises(ConfigError, match=r"not UTF-8 text .*re-save it as UTF-8"):
        load_config(latin, env={})


def test_a_folder_named_fmwatch_toml_in_the_working_directory_is_not_silently_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """./fmwatch.toml is read when present; one that is a folder (an unzip gone wrong) was
    skipped, and the run went on with the default settings as if there were none."""
    from fmwatch.config import load_config
    from fmwatch.errors import ConfigError

    monkeypatch.chdir(tmp_path)
    (tmp_path / "fmwatch.toml").mkdir()
    with pytest.raises(ConfigError) as got:
        load_config(env={})
    assert str(got.value) == (
        "config error: fmwatch.toml: is a folder; rename or remove it, or give the config file "
        "with --config"
    )


def test_email_without_an_smtp_host_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"digest\.smtp_host: e-mail is enabled but no SMTP host"):
        _load(
            tmp_path,
            '[digest]\nemail = true\nsender = "a@b.org"\nrecipients = ["c@d.org"]\n'
            'smtp_host = ""\n',
        )


def test_values_that_used_to_work_still_do(tmp_path: Path) -> None:
    """Validation refuses what breaks a run, not what merely looks unusual: an empty branch
    prefix, an "@" in it, a contact address with spaces pasted around it or a display name."""
    config = _load(
        tmp_path,
        'contact_email = "  Ops Team <ops@example.org> "\n[propose]\nbranch_prefix = ""\n',
    )
    assert config.contact_email == "Ops Team <ops@example.org>"
    assert _load(tmp_path, '[propose]\nbranch_prefix = "bot@x/"\n').propose.branch_prefix == (
        "bot@x/"
    )
    env_config = _load(tmp_path, "", env={"FMWATCH_CONTACT_EMAIL": "ops@example.org "})
    assert env_config.contact_email == "ops@example.org"
    for bad in ("a/.b/", "x.lock/"):
        with pytest.raises(ConfigError, match="cannot start a git branch name"):
            _load(tmp_path, f'[propose]\nbranch_prefix = "{bad}"\n')


@pytest.mark.parametrize("value", ["ghp_abc123\n", "  ghp_abc123  ", "\tghp_abc123\r\n"])
def test_a_token_is_read_without_the_spaces_around_it(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.delenv("FMWATCH_GITHUB_TOKEN", raising=False)
    monkeypatch.setenv("GITHUB_TOKEN", value)
    assert github_token() == "ghp_abc123"


@pytest.mark.parametrize("value", ["ghp_SECRÉT", "ghp_abc def", "ghp_abc\nghp_def", "ghp_\x07x"])
def test_a_token_no_github_token_could_be_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("FMWATCH_GITHUB_TOKEN", value)
    with pytest.raises(ConfigError) as info:
        github_token()
    message = str(info.value)
    assert message.startswith("config error: FMWATCH_GITHUB_TOKEN: the token holds a space")
    assert "\n" not in message and value.strip() not in message and "SECR" not in message


def test_an_empty_preferred_token_falls_back_to_github_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FMWATCH_GITHUB_TOKEN", " \n")
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_fallback")
    assert github_token() == "ghp_fallback"


@pytest.mark.parametrize(
    ("section", "url", "problem"),
    [
        ("sources.arxiv", "http://[::1", "is not a valid URL (Invalid IPv6 URL)"),
        ("sources.biorxiv", "https://api.bio rxiv.org", "holds a space or a control character"),
        ("sources.nature", "https://", "has no host"),
        ("sources.europepmc", "http://h:99999/x", "is not a valid URL (Port out of range"),
        ("forge", "ftp://api.github.com", "is not an http(s) URL"),
    ],
)
def test_a_url_that_no_request_could_use_is_refused_at_load(
    tmp_path: Path, section: str, url: str, problem: str
) -> None:
    key = "api_url" if section == "forge" else "base_url"
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, f'[{section}]\n{key} = "{url}"\n')
    assert str(info.value).startswith(f"config error: {section}.{key}: {url!r} {problem}")


@pytest.mark.parametrize(
    ("line", "key", "problem"),
    [
        (
            'recipients = ["a@example.org\\r\\nBcc: x@evil.example"]',
            "digest.recipients",
            "holds a line break",
        ),
        ('sender = "bot@example.org\\n"', "digest.sender", "holds a line break"),
        ('recipients = ["curators"]', "digest.recipients", "is not an e-mail address"),
    ],
)
def test_a_bad_address_is_refused_at_load_not_after_the_run(
    tmp_path: Path, line: str, key: str, problem: str
) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, f"[digest]\n{line}\n")
    assert str(info.value).startswith(f"config error: {key}: ")
    assert problem in str(info.value) and "\n" not in str(info.value)


def test_an_empty_fmwatch_config_is_unset_like_the_other_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workflow's ``FMWATCH_CONFIG: ${{ vars.X }}`` with no such variable arrives empty: it
    was read as the path "" (the current folder) and failed with ". : is a folder"."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fmwatch.toml").write_text('contact_email = "c@example.org"\n', encoding="utf-8")
    assert load_config(env={"FMWATCH_CONFIG": ""}).contact_email == "c@example.org"
    (tmp_path / "fmwatch.toml").unlink()
    assert load_config(env={"FMWATCH_CONFIG": ""}) == load_config(env={})


@pytest.mark.parametrize(
    "url", ["http://github.example.org/api/v3", "http://api.github.com", "http://10.0.0.7/api"]
)
def test_a_plain_http_forge_api_url_is_refused_the_token_would_travel_in_clear(
    tmp_path: Path, url: str
) -> None:
    """Every GitHub request carries the token; over http anyone on the way reads it."""
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, f'[forge]\napi_url = "{url}"\n')
    message = str(info.value)
    assert message.startswith(f"config error: forge.api_url: {url!r} is plain http")
    assert "https://" in message and "\n" not in message


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8765/api/v3", "http://localhost:9/", "http://[::1]:80/", "https://ghe.x/a"],
)
def test_a_forge_api_url_on_this_machine_or_over_https_is_accepted(
    tmp_path: Path, url: str
) -> None:
    assert _load(tmp_path, f'[forge]\napi_url = "{url}"\n').forge.api_url == url


@pytest.mark.parametrize(
    ("text", "env", "catalog", "catalog_path"),
    [
        # only the repository's path given: the run scores against that file too
        ('[forge]\ncatalog_path = "docs/CATALOG.md"\n', {}, "docs/CATALOG.md", "docs/CATALOG.md"),
        # only the file given: proposals change that path in the repository
        ('catalog = "docs/CATALOG.md"\n', {}, "docs/CATALOG.md", "docs/CATALOG.md"),
        ("", {"FMWATCH_CATALOG": "docs/CATALOG.md"}, "docs/CATALOG.md", "docs/CATALOG.md"),
        # a file outside the working folder says nothing of the path in the repository
        ('catalog = "../catalog-repo/CATALOG.md"\n', {}, "../catalog-repo/CATALOG.md",
         "CATALOG.md"),
        ('[forge]\ncatalog_path = "/docs/CATALOG.md"\n', {}, "docs/CATALOG.md",
         "/docs/CATALOG.md"),
        ('catalog = "./docs/CATALOG.md"\n', {}, "./docs/CATALOG.md", "docs/CATALOG.md"),
        ("catalog = 'C:\\catalogs\\CATALOG.md'\n", {}, "C:\\catalogs\\CATALOG.md",
         "CATALOG.md"),
        ('catalog = "/srv/catalog/CATALOG.md"\n', {}, "/srv/catalog/CATALOG.md", "CATALOG.md"),
        # both given: each as given
        ('catalog = "local.md"\n[forge]\ncatalog_path = "docs/CATALOG.md"\n', {}, "local.md",
         "docs/CATALOG.md"),
        ("", {}, "CATALOG.md", "CATALOG.md"),
    ],
)  # fmt: skip
def test_the_catalog_file_and_its_path_in_the_repository_follow_each_other(
    tmp_path: Path, text: str, env: dict[str, str], catalog: str, catalog_path: str
) -> None:
    path = tmp_path / "fmwatch.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(path, env=env)
    assert (config.catalog, config.forge.catalog_path) == (catalog, catalog_path)


def test_a_byte_order_mark_is_not_a_syntax_error(tmp_path: Path) -> None:
    """Notepad and other Windows editors save UTF-8 with a byte-order mark: tomllib called it
    an "invalid statement" at line 1, column 1, a message that names neither cause nor fix."""
    config = _load(tmp_path, "\ufeff[http]\ntimeout = 7\n")
    assert config.http.timeout == 7.0
