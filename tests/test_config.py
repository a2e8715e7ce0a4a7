"""newsfuse.toml + --set overrides: values land in Settings, and every mistake is one line naming the key."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest

import newsfuse.config as config_module
from newsfuse.config import DEFAULT_FILE, Config, config_template, load_config, parse_duration
from newsfuse.errors import UsageError
from newsfuse.settings import Settings

ISSUE_EXAMPLE = """\
[watch]
sources = ["https://example.com/feed.xml", "news/"]
every = "10m"           # also 600, "90s", "1h", "1h30m"
out = "out/live"
allow_private_addresses = false

[clean]
min_words = 10
[stories]
quiet_days = 2
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder, so messages name the file as a user would type it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, text: str, name: str = DEFAULT_FILE) -> str:
    (folder / name).write_text(text, encoding="utf-8")
    return name


def usage_error(path: str | None, overrides: tuple[str, ...] = ()) -> str:
    with pytest.raises(UsageError) as caught:
        load_config(path, overrides)
    return str(caught.value)


# --- values -----------------------------------------------------------------------------------


def test_defaults_when_there_is_no_file(here: Path) -> None:
    config = load_config(None)
    assert config == Config()
    assert config.settings == Settings()
    assert config.path is None
    assert config.sources == () and config.out is None and config.every_seconds is None


def test_the_default_file_is_read_from_the_working_folder(here: Path) -> None:
    write(here, "[clean]\nmin_words = 12\n")
    config = load_config(None)
    assert config.settings.clean.min_words == 12
    assert config.path == Path(DEFAULT_FILE)


def test_issue_example_file(here: Path) -> None:
    config = load_config(write(here, ISSUE_EXAMPLE))
    assert config.settings.clean.min_words == 10
    assert config.settings.stories.quiet_days == 2.0
    assert isinstance(config.settings.stories.quiet_days, float)  # int accepted for float, stored as float
    assert config.sources == ("https://example.com/feed.xml", "news/")
    assert config.every_seconds == 600.0
    assert config.out == "out/live"
    assert config.allow_private_addresses is False
    assert config.path == Path(DEFAULT_FILE)
    # untouched keys and sections keep their defaults
    assert config.settings.clean.languages == Settings().clean.languages
    assert config.settings.fuse == Settings().fuse


def test_set_overrides_file_values(here: Path) -> None:
    name = write(here, ISSUE_EXAMPLE)
    config = load_config(
        name,
        [
            "clean.min_words=15",
            "stories.quiet_days=2.5",
            'clean.languages=["en", "fr"]',
            "watch.every=90s",
            "watch.out=out/other",  # a bare word is a string where a string is wanted
            "watch.allow_private_addresses=true",
            "extract.spacy_model=my_model",
        ],
    )
    assert config.settings.clean.min_words == 15
    assert config.settings.stories.quiet_days == 2.5
    assert config.settings.clean.languages == ("en", "fr")
    assert config.every_seconds == 90.0
    assert config.out == "out/other"
    assert config.allow_private_addresses is True
    assert config.settings.extract.spacy_model == "my_model"


def test_later_set_wins_and_works_without_a_file(here: Path) -> None:
    config = load_config(None, ["clean.min_words=10", "clean.min_words=11"])
    assert config.settings.clean.min_words == 11
    assert config.path is None


def test_lists_become_tuples(here: Path) -> None:
    config = load_config(write(here, '[ingest]\nignore_names = ["NOTES*"]\n[clean]\nlanguages = []\n'))
    assert config.settings.ingest.ignore_names == ("NOTES*",)
    assert config.settings.clean.languages == ()


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        (600, 600.0),
        (2.5, 2.5),
        ("600", 600.0),
        ("90s", 90.0),
        ("10m", 600.0),
        (" 10M ", 600.0),
        ("1h", 3600.0),
        ("1h30m", 5400.0),
        ("1h 30m", 5400.0),
        ("1.5h", 5400.0),
        ("1d", 86400.0),
    ],
)
def test_duration_forms(text: str | int | float, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text", ["", "ten", "10x", "30m1h", "1h1h", "0", 0, -5, True, "inf", float("nan"), "m"]
)
def test_bad_durations_name_the_accepted_forms(text: str | int | float) -> None:
    with pytest.raises(UsageError, match=r'"90s", "10m", "1h30m"') as caught:
        parse_duration(text)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("every", ["600", "90", '"90s"', '"1h30m"'])
def test_watch_every_in_a_file(here: Path, every: str) -> None:
    config = load_config(write(here, f"[watch]\nevery = {every}\n"))
    assert config.every_seconds == parse_duration(every.strip('"'))


# --- errors -----------------------------------------------------------------------------------

FILE_ERRORS = [
    # (file text, exact message or substrings that must all appear)
    (
        '[clean]\nmin_words = "ten"\n',
        ['clean.min_words must be an integer, got "ten" (newsfuse.toml, line 2)'],
    ),
    ("[clean]\nmin_words = true\n", ["clean.min_words must be an integer, got true (newsfuse.toml, line 2)"]),
    ("[clean]\nmin_words = 10.5\n", ["clean.min_words must be an integer, got 10.5"]),
    (
        '[stories]\nquiet_days = "2"\n',
        ['stories.quiet_days must be a number, got "2" (newsfuse.toml, line 2)'],
    ),
    (
        "[clean]\n\nmin_wrods = 10\n",
        ["unknown key clean.min_wrods (newsfuse.toml, line 3)", "did you mean clean.min_words?"],
    ),
    ("[clen]\nmin_words = 10\n", ["unknown section [clen] (newsfuse.toml, line 1)", "did you mean [clean]?"]),
    ("[clean]\nquiet_days = 2\n", ["unknown key clean.quiet_days", "did you mean stories.quiet_days?"]),
    ("min_words = 10\n", ["unknown top-level key min_words (newsfuse.toml, line 1)", "[clean] or [fuse]"]),
    ("clean = 5\n", ["clean must be a table ([clean]), got 5 (newsfuse.toml, line 1)"]),
    (
        '[clean]\nlanguages = "en"\n',
        ['clean.languages must be a list of strings, got "en" (newsfuse.toml, line 2)'],
    ),
    (
        '[clean]\nlanguages = ["en", 3]\n',
        ["clean.languages[1] must be a string, got 3 (newsfuse.toml, line 2)"],
    ),
    ('[watch]\nsources = "news/"\n', ['watch.sources must be a list of strings, got "news/"']),
    (
        '[watch]\nevery = "ten minutes"\n',
        ["watch.every must be", '"1h30m"', 'got "ten minutes" (newsfuse.toml, line 2)'],
    ),
    (
        "[watch]\nevery = 0\n",
        ["watch.every must be a positive number of seconds", "got 0 (newsfuse.toml, line 2)"],
    ),
    (
        '[watch]\nallow_private_addresses = "no"\n',
        ['watch.allow_private_addresses must be true or false, got "no"'],
    ),
    ("[clean]\nmin_words = 10\nmin_words = 11\n", ["newsfuse.toml is not valid TOML:", "line 3"]),
    ("[clean\nmin_words = 10\n", ["newsfuse.toml is not valid TOML:", "line 1"]),
    ("[clean]\nmin_words = \n", ["newsfuse.toml is not valid TOML:", "line 2"]),
]


@pytest.mark.parametrize(("text", "expected"), FILE_ERRORS)
def test_file_errors_are_one_line_naming_key_and_file(here: Path, text: str, expected: list[str]) -> None:
    message = usage_error(write(here, text))
    assert "\n" not in message
    assert DEFAULT_FILE in message
    for part in expected:
        assert part in message


def test_wrong_type_message_exactly(here: Path) -> None:
    message = usage_error(write(here, '[clean]\nmin_words = "ten"\n'))
    assert message == 'clean.min_words must be an integer, got "ten" (newsfuse.toml, line 2)'


SET_ERRORS = [
    ("clean.min_words", ["bad --set", "expected section.key=value, e.g. --set clean.min_words=10"]),
    ("min_words=10", ["bad --set", "expected section.key=value"]),
    ("clean.min.words=10", ["bad --set", "expected section.key=value"]),
    (".min_words=10", ["bad --set"]),
    (
        "clean.min_wrods=10",
        ["unknown key clean.min_wrods (--set clean.min_wrods=10); did you mean clean.min_words?"],
    ),
    ("clen.min_words=10", ["unknown section [clen] (--set clen.min_words=10); did you mean [clean]?"]),
    (
        "clean.min_words=ten",
        [
            "clean.min_words must be an integer, got ten (--set clean.min_words=ten)",
            "e.g. --set clean.min_words=40",
        ],
    ),
    ("clean.min_words=true", ["clean.min_words must be an integer, got true (--set clean.min_words=true)"]),
    (
        "clean.languages=en,fr",
        ["clean.languages must be a list of strings, got en,fr", 'e.g. --set clean.languages=["en"]'],
    ),
    ("clean.languages=[1]", ["clean.languages[0] must be a string, got 1"]),
    ("watch.every=soon", ["watch.every must be", 'got "soon" (--set watch.every=soon)']),
]


@pytest.mark.parametrize(("item", "expected"), SET_ERRORS)
def test_set_errors_are_one_line_naming_key_and_syntax(here: Path, item: str, expected: list[str]) -> None:
    message = usage_error(None, (item,))
    assert "\n" not in message
    for part in expected:
        assert part in message


def test_every_problem_is_reported_one_line_each(here: Path) -> None:
    name = write(here, '[clean]\nmin_words = "ten"\nmin_wrods = 1\n[stories]\nquiet_days = "soon"\n')
    lines = usage_error(name, ("fuse.nope=1",)).splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("clean.min_words must be an integer")
    assert lines[1].startswith("unknown key clean.min_wrods (newsfuse.toml, line 3)")
    assert lines[2].startswith("stories.quiet_days must be a number")
    assert lines[3].startswith("unknown key fuse.nope (--set fuse.nope=1)")


def test_unknown_key_without_a_close_match_lists_the_section(here: Path) -> None:
    message = usage_error(None, ("store.zzzzzz=1",))
    assert "[store] keys are clean_batch, publish_seconds" in message


def test_missing_file(here: Path) -> None:
    assert "config file not found: nowhere.toml" in usage_error("nowhere.toml")
    (here / "folder").mkdir()
    assert "not a file" in usage_error("folder")


def test_file_path_is_kept_as_given(tmp_path: Path) -> None:
    path = tmp_path / "custom.toml"
    path.write_text('[clean]\nmin_words = "x"\n', encoding="utf-8")
    with pytest.raises(UsageError, match=re.escape(f"({path}, line 2)")):
        load_config(path)


def test_dotted_and_inline_keys_get_a_line_too(here: Path) -> None:
    assert "line 2" in usage_error(write(here, '# settings\nclean.min_words = "x"\n'))
    assert "line 3" in usage_error(write(here, '[watch]\nout = "o"\nclean = { min_words = "x" }\n'))


def test_real_fetch_section_when_present(here: Path) -> None:
    if "fetch" not in {f.name for f in dataclasses.fields(Settings)}:
        pytest.skip("Settings has no fetch section yet")
    settings: Any = load_config(None, ["fetch.user_agent=mybot", "fetch.max_redirects=3"]).settings
    assert (settings.fetch.user_agent, settings.fetch.max_redirects) == ("mybot", 3)


# --- sections added later (FetchSettings is on its way): the loader must not care ---------------


@dataclass(frozen=True, slots=True)
class FakeFetch:
    # Sent as the User-Agent header; None means the library's own.
    user_agent: str | None = None
    timeout: float = 10.0
    min_delay: float = 1.0
    max_delay: float = 30.0
    ports: tuple[int, ...] = (80, 443)
    mode: Literal["polite", "fast"] = "polite"

    def __post_init__(self) -> None:
        if self.timeout <= 0:
            raise ValueError(f"timeout must be positive, got {self.timeout}")
        if self.min_delay > self.max_delay:
            raise ValueError("min_delay must not exceed max_delay")


@dataclass(frozen=True, slots=True)
class FakeSettings:
    clean: object = field(default_factory=lambda: Settings().clean)
    fetch: FakeFetch = field(default_factory=FakeFetch)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, here: Path) -> Path:
    monkeypatch.setattr(config_module, "Settings", FakeSettings)
    return here


def test_new_section_is_configurable(fake: Path) -> None:
    name = write(
        fake, '[fetch]\nuser_agent = "mybot/1.0 (+https://example.com)"\nports = [8080]\ntimeout = 5\n'
    )
    settings: Any = load_config(name).settings
    assert isinstance(settings, FakeSettings)
    assert settings.fetch == FakeFetch(
        user_agent="mybot/1.0 (+https://example.com)", timeout=5.0, ports=(8080,)
    )


@pytest.mark.parametrize(
    ("item", "value"),
    [
        ("fetch.user_agent=mybot", "mybot"),
        ('fetch.user_agent="my bot"', "my bot"),
        ("fetch.user_agent=2024", "2024"),
    ],
)
def test_optional_string_takes_a_bare_word(fake: Path, item: str, value: str) -> None:
    settings: Any = load_config(None, [item]).settings
    assert settings.fetch.user_agent == value


def test_literal_fields(fake: Path) -> None:
    settings: Any = load_config(None, ["fetch.mode=fast"]).settings
    assert settings.fetch.mode == "fast"
    assert 'fetch.mode must be one of "polite", "fast", got "rude"' in usage_error(None, ("fetch.mode=rude",))


def test_optional_string_rejects_other_types_in_a_file(fake: Path) -> None:
    message = usage_error(write(fake, "[fetch]\nuser_agent = 3\n"))
    assert message == "fetch.user_agent must be a string, got 3 (newsfuse.toml, line 2)"


def test_constructor_validation_names_the_key(fake: Path) -> None:
    message = usage_error(None, ("fetch.timeout=-1",))
    assert (
        message
        == "fetch.timeout = -1.0 rejected: timeout must be positive, got -1.0 (--set fetch.timeout=-1)"
    )
    name = write(fake, "[fetch]\nmin_delay = 5\nmax_delay = 2\n")
    message = usage_error(name)
    assert message.startswith("fetch.min_delay, fetch.max_delay rejected together: min_delay must not exceed")
    assert "newsfuse.toml, line 2; newsfuse.toml, line 3" in message


def test_worker_and_chunk_settings_are_checked(here: Path) -> None:
    settings: Any = load_config(None, ["workers.processes=3", "workers.min_articles=0"]).settings
    assert (settings.workers.processes, settings.workers.min_articles) == (3, 0)
    assert usage_error(None, ("workers.processes=-1",)).startswith(
        "workers.processes = -1 rejected: processes must be 0 (one per core) or more"
    )
    assert usage_error(None, ("extract.chunk_articles=0",)).startswith(
        "extract.chunk_articles = 0 rejected: chunk_articles must be 1 or more"
    )


def test_removed_sections_are_unknown(fake: Path) -> None:
    assert "unknown section [stories]" in usage_error(None, ("stories.quiet_days=2",))


# --- template ---------------------------------------------------------------------------------


def uncomment(template: str, schema: dict[str, list[str]]) -> tuple[str, int]:
    """Uncomment every `# key = default` line (not the examples of keys unset by default)."""
    out, section, count = [], "", 0
    for line in template.splitlines():
        header = re.match(r"^\[(\w+)\]$", line)
        if header:
            section = header.group(1)
        key = re.match(r"^# (\w+) = ", line)
        if key and key.group(1) in schema.get(section, []) and "unset by default" not in line:
            line = line[2:]
            count += 1
        out.append(line)
    return "\n".join(out) + "\n", count


def settings_schema() -> dict[str, list[str]]:
    defaults = Settings()
    return {
        f.name: [g.name for g in dataclasses.fields(getattr(defaults, f.name))]
        for f in dataclasses.fields(Settings)
    }


def test_template_lists_every_section_and_field() -> None:
    template = config_template()
    for section, keys in settings_schema().items():
        assert f"\n[{section}]\n" in template
        for key in keys:
            assert re.search(rf"^# {key} = ", template, re.MULTILINE), f"{section}.{key}"
    assert "[watch]" in template and "# every = " in template
    assert "calibrated" in template.lower()  # the origin comments from settings.py come along


def test_template_round_trip(here: Path) -> None:
    template = config_template()
    assert load_config(write(here, template)) == Config(path=Path(DEFAULT_FILE))
    schema = {"watch": ["sources", "allow_private_addresses"], **settings_schema()}
    active, count = uncomment(template, schema)
    assert count == sum(len(keys) for keys in schema.values())
    assert load_config(write(here, active)) == Config(path=Path(DEFAULT_FILE))


def test_template_of_a_new_section(fake: Path) -> None:
    template = config_template()
    assert "[fetch]" in template
    assert "# Sent as the User-Agent header; None means the library's own." in template
    assert '# user_agent = ""  # example; unset by default' in template
    active, count = uncomment(template, {"fetch": [f.name for f in dataclasses.fields(FakeFetch)]})
    assert count == len(dataclasses.fields(FakeFetch)) - 1
    assert load_config(write(fake, active)).settings == FakeSettings()
    # the example of an unset key is itself valid
    example = active.replace('# user_agent = ""', "user_agent = ''")
    settings: Any = load_config(write(fake, example)).settings
    assert settings.fetch.user_agent == ""
