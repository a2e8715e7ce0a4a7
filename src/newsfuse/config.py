"""``newsfuse.toml`` + ``--set`` overrides -> :class:`Config` (the Settings plus what ``watch`` follows).

Each section of :class:`~newsfuse.settings.Settings` is a TOML table whose keys are that section's
fields. The names and types are read from the dataclasses at run time, so a new section or field
can be configured as soon as it is added. ``[watch]`` says what to follow and how often::

    [watch]
    sources = ["https://example.com/feed.xml", "news/"]
    every = "10m"           # also 600, "90s", "1h", "1h30m"
    out = "out/live"
    allow_private_addresses = false

    [clean]
    min_words = 10

    [stories]
    quiet_days = 2

Command-line overrides use the same names with TOML values. A bare word is taken as a string
wherever a string is expected::

    --set clean.min_words=10 --set 'clean.languages=["en", "fr"]' --set watch.every=90s

Everything is checked at load time. A typo stops the run at start-up with one line naming the
key, the file and line, and the closest valid key, instead of being ignored for the whole run.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import math
import re
import tomllib
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from newsfuse.errors import UsageError
from newsfuse.settings import Settings

__all__ = ["DEFAULT_FILE", "Config", "config_template", "load_config", "parse_duration"]

# Read from the working folder when no file is named (like pyproject.toml for the tools that use it).
DEFAULT_FILE = "newsfuse.toml"


@dataclass(frozen=True, slots=True)
class Config:
    """What a run or a watch needs besides its command line: tuned settings and the [watch] table."""

    settings: Settings = field(default_factory=Settings)
    sources: tuple[str, ...] = ()  # feeds, sites and paths to follow
    out: str | None = None
    every_seconds: float | None = None  # watch poll interval; None: the command's own default
    allow_private_addresses: bool = False
    path: Path | None = None  # the file it came from, to resolve relative paths against if wanted


class _Duration:
    """Marker type of ``watch.every``: seconds as a number, or a string such as "10m"."""


# [watch] keys: type, the comment in the template, an example value for keys unset by default.
_WATCH: dict[str, tuple[Any, str, object]] = {
    "sources": (tuple[str, ...], "Feeds, sites and paths to follow.", ["https://example.com/feed.xml"]),
    "every": (_Duration, 'Poll interval: seconds (600) or "90s", "10m", "1h", "1h30m".', "10m"),
    "out": (str, "Folder the watch writes its outputs to.", "out/live"),
    "allow_private_addresses": (bool, "Fetch from private and loopback addresses too.", False),
}
_WATCH_FIELD = {"every": "every_seconds"}  # [watch] key -> Config field, where they differ

_DURATION_FORMS = (
    'a positive number of seconds (600) or a duration with units d, h, m, s ("90s", "10m", "1h30m")'
)
_UNIT_SECONDS = {"d": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0}
_DURATION = re.compile(r"(?:\d+(?:\.\d+)?\s*[dhms]\s*)+")
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([dhms])")
_SET_SYNTAX = "expected section.key=value, e.g. --set clean.min_words=10"

_Changes = dict[str, dict[str, tuple[Any, str]]]  # section -> key -> (checked value, where it was set)


def load_config(path: str | Path | None, overrides: Sequence[str] = ()) -> Config:
    """Read a newsfuse.toml (``./newsfuse.toml`` if ``path`` is None and it exists), then apply
    ``--set section.key=value`` overrides.

    Every problem is checked before anything runs. Raises UsageError with one line per problem.
    """
    schema = _schema()
    problems: list[str] = []
    changes: _Changes = {}
    file_path = _find_file(path)
    if file_path is not None:
        text, data = _read(file_path)
        _take_file(data, text, str(file_path), schema, changes, problems)
    for item in [overrides] if isinstance(overrides, str) else overrides:
        _take_override(item, schema, changes, problems)
    settings = _build_settings(changes, problems)
    if problems:
        raise UsageError("\n".join(problems))
    watch = {_WATCH_FIELD.get(key, key): value for key, (value, _) in changes.get("watch", {}).items()}
    return dataclasses.replace(Config(), settings=settings, path=file_path, **watch)


def parse_duration(text: str | int | float) -> float:
    """Seconds in a poll interval: 600, 2.5, "90s", "10m", "1h30m", "1d".

    Raises UsageError naming the accepted forms, so a CLI option can use it as it is.
    """
    seconds = _seconds(text)
    if seconds is None:
        raise UsageError(f"bad duration {_show(text)}: expected {_DURATION_FORMS}")
    return seconds


def config_template() -> str:
    """A newsfuse.toml with every key commented out at its default, for a ``config --init`` to write.

    Generated from Settings and the comments in settings.py, so it always matches the code.
    """
    lines = [
        "# newsfuse.toml: every key is optional and the commented values are the defaults.",
        "# Uncomment a line to change it, or override one for a single run: --set clean.min_words=10",
        "",
        "[watch]",
    ]
    config = Config()
    for key, (_, comment, example) in _WATCH.items():
        default = getattr(config, _WATCH_FIELD.get(key, key))
        lines += [f"# {comment}", _template_line(key, default, example if default is None else None, "")]
    defaults = Settings()
    for section in _sections():
        obj = getattr(defaults, section)
        hints = typing.get_type_hints(type(obj))
        comments = _field_comments(type(obj))
        lines += ["", f"[{section}]"]
        for name in _field_names(obj):
            above, trailing = comments.get(name, ([], ""))
            if above:
                gap = [] if lines[-1] == f"[{section}]" else [""]
                lines += [*gap, *(f"# {line}".rstrip() for line in above)]
            value = getattr(obj, name)
            example = _placeholder(hints[name]) if value is None else None
            lines.append(_template_line(name, value, example, trailing))
    return "\n".join(lines) + "\n"


# --- schema ---------------------------------------------------------------------------------


def _sections() -> dict[str, type]:
    """Settings sections by name, read from the dataclass now: stages add sections as they grow."""
    defaults = Settings()
    found: dict[str, type] = {}
    for item in dataclasses.fields(Settings):
        value = getattr(defaults, item.name)
        if item.init and dataclasses.is_dataclass(value) and not isinstance(value, type):
            found[item.name] = type(value)
    return found


def _field_names(obj: Any) -> list[str]:
    return [f.name for f in dataclasses.fields(obj) if f.init and not f.name.startswith("_")]


def _schema() -> dict[str, dict[str, Any]]:
    """Section -> key -> type hint, [watch] first."""
    schema: dict[str, dict[str, Any]] = {"watch": {key: spec[0] for key, spec in _WATCH.items()}}
    for section, cls in _sections().items():
        hints = typing.get_type_hints(cls)  # settings.py uses postponed (string) annotations
        schema[section] = {name: hints[name] for name in _field_names(cls)}
    return schema


# --- reading ----------------------------------------------------------------------------------


def _find_file(path: str | Path | None) -> Path | None:
    if path is None:
        default = Path(DEFAULT_FILE)
        return default if default.is_file() else None
    found = Path(path)
    if not found.exists():
        raise UsageError(f"config file not found: {found}")
    if not found.is_file():
        raise UsageError(f"config file is not a file: {found}")
    return found


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text, which TOML requires") from None
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror or err}") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise UsageError(f"{path} is not valid TOML: {_one_line(err)}") from None


def _take_file(
    data: dict[str, Any],
    text: str,
    name: str,
    schema: dict[str, dict[str, Any]],
    changes: _Changes,
    problems: list[str],
) -> None:
    for section, table in data.items():
        if not isinstance(table, dict):
            where = _where(name, text, None, section)
            if section in schema:
                problems.append(f"{section} must be a table ([{section}]), got {_show(table)} ({where})")
            else:
                problems.append(_top_level_key(section, where, schema))
            continue
        if section not in schema:
            problems.append(_unknown_section(section, _where(name, text, section, None), schema))
            continue
        for key, value in table.items():
            _take(section, key, value, _where(name, text, section, key), schema, changes, problems)


def _take_override(
    item: str, schema: dict[str, dict[str, Any]], changes: _Changes, problems: list[str]
) -> None:
    name, equals, raw = item.partition("=")
    parts = name.strip().split(".")
    if not equals or len(parts) != 2 or not all(parts):
        problems.append(f"bad --set {_show(item)}: {_SET_SYNTAX}")
        return
    section, key = parts
    where = f"--set {item}"
    if section not in schema:
        problems.append(_unknown_section(section, where, schema))
        return
    hint = schema[section].get(key)
    if hint is None:
        problems.append(_unknown_key(section, key, where, schema))
        return
    text = raw.strip()
    try:
        value = tomllib.loads(f"value = {raw}")["value"]
    except tomllib.TOMLDecodeError:
        if not _accepts_str(hint):
            example = f"--set {section}.{key}={_show(_example(section, key, hint))}"
            problems.append(
                f"{section}.{key} must be {_describe(hint)}, got {text} ({where}); write a TOML value, e.g. {example}"
            )
            return
        value = text  # a bare word (mybot, 10m, out/live) where a string is wanted
    if _accepts_str(hint) and not isinstance(value, str) and not _fits(value, hint):
        value = text  # --set fetch.user_agent=2024 means the string "2024"
    _take(section, key, value, where, schema, changes, problems)


def _take(
    section: str,
    key: str,
    value: object,
    where: str,
    schema: dict[str, dict[str, Any]],
    changes: _Changes,
    problems: list[str],
) -> None:
    hint = schema[section].get(key)
    if hint is None:
        problems.append(_unknown_key(section, key, where, schema))
        return
    try:
        checked = _coerce(value, hint)
    except _BadValue as bad:
        problems.append(f"{section}.{key}{bad.at} must be {bad.expected}, got {_show(bad.got)} ({where})")
        return
    changes.setdefault(section, {})[key] = (checked, where)


def _build_settings(changes: _Changes, problems: list[str]) -> Settings:
    """Apply the checked values with dataclasses.replace, so the classes' own validation runs too."""
    defaults = Settings()
    built: dict[str, Any] = {}
    for section, values in changes.items():
        if section == "watch":
            continue
        base = getattr(defaults, section)
        plain = {key: value for key, (value, _) in values.items()}
        try:
            built[section] = dataclasses.replace(base, **plain)
        except (TypeError, ValueError) as err:
            problems.append(_rejected(section, base, values, err))
    try:
        return dataclasses.replace(defaults, **built)
    except (TypeError, ValueError) as err:
        problems.append(f"settings rejected: {_one_line(err)}")
        return defaults


def _rejected(section: str, base: Any, values: dict[str, tuple[Any, str]], err: Exception) -> str:
    """Name the key a constructor refused: the first that fails alone, else all of them."""
    for key, (value, where) in values.items():
        try:
            dataclasses.replace(base, **{key: value})
        except (TypeError, ValueError):
            return f"{section}.{key} = {_show(value)} rejected: {_one_line(err)} ({where})"
    keys = ", ".join(f"{section}.{key}" for key in values)
    wheres = "; ".join(dict.fromkeys(where for _, where in values.values()))
    return f"{keys} rejected together: {_one_line(err)} ({wheres})"


# --- messages -------------------------------------------------------------------------------


def _where(name: str, text: str, section: str | None, key: str | None) -> str:
    line = _line_of(text, section, key)
    return f"{name}, line {line}" if line else name


def _line_of(text: str, section: str | None, key: str | None) -> int | None:
    """Best-effort line of a [section] header or of a key (in its section, dotted, or anywhere)."""
    lines = text.splitlines()
    if key is None:
        assert section is not None
        header = re.compile(rf"^\s*\[\s*{re.escape(section)}\s*[.\]]|^\s*{re.escape(section)}\s*[.=]")
        return next((i for i, line in enumerate(lines, 1) if header.match(line)), None)
    quoted = rf"(?:{re.escape(key)}|\"{re.escape(key)}\")"
    assignment = re.compile(rf"^\s*{quoted}\s*=")
    current: str | None = None
    for i, line in enumerate(lines, 1):
        opened = re.match(r"^\s*\[\s*([\w.\-\"]+)\s*\]", line)
        if opened:
            current = opened.group(1).strip('"')
        elif current == section and assignment.match(line):
            return i
    if section is not None:
        dotted = re.compile(rf"^\s*{re.escape(section)}\s*\.\s*{quoted}\s*=")
        inline = re.compile(rf"\b{quoted}\s*=")
        for pattern in (dotted, inline):
            found = next((i for i, line in enumerate(lines, 1) if pattern.search(line)), None)
            if found:
                return found
    return None


def _unknown_section(section: str, where: str, schema: dict[str, dict[str, Any]]) -> str:
    guess = difflib.get_close_matches(section, list(schema), n=1)
    tip = f"did you mean [{guess[0]}]?" if guess else f"sections are {', '.join(schema)}"
    return f"unknown section [{section}] ({where}); {tip}"


def _unknown_key(section: str, key: str, where: str, schema: dict[str, dict[str, Any]]) -> str:
    guess = difflib.get_close_matches(key, list(schema[section]), n=1)
    if guess:
        tip = f"did you mean {section}.{guess[0]}?"
    else:
        elsewhere = [f"{s}.{k}" for s, keys in schema.items() for k in keys if k == key]
        if not elsewhere:
            everywhere = [f"{s}.{k}" for s, keys in schema.items() for k in keys]
            elsewhere = [g for g in difflib.get_close_matches(f"{section}.{key}", everywhere, n=3) if g]
        keys = ", ".join(schema[section])
        tip = f"did you mean {' or '.join(elsewhere)}?" if elsewhere else f"[{section}] keys are {keys}"
    return f"unknown key {section}.{key} ({where}); {tip}"


def _top_level_key(key: str, where: str, schema: dict[str, dict[str, Any]]) -> str:
    owners = [f"[{section}]" for section, keys in schema.items() if key in keys]
    if owners:
        return f"unknown top-level key {key} ({where}); put it under its section: {' or '.join(owners)}"
    guess = difflib.get_close_matches(key, list(schema), n=1)
    tip = f"did you mean [{guess[0]}]?" if guess else f"sections are {', '.join(schema)}"
    return f"unknown top-level key {key} ({where}); keys belong in a section, {tip}"


def _one_line(err: object) -> str:
    return " ".join(str(err).split())


def _example(section: str, key: str, hint: Any) -> object:
    """A valid value for a message: the default, or a placeholder when the default is unset."""
    if section == "watch":
        value = getattr(Config(), _WATCH_FIELD.get(key, key))
        return _WATCH[key][2] if value is None else value
    value = getattr(getattr(Settings(), section), key)
    return _placeholder(hint) if value is None else value


# --- types ----------------------------------------------------------------------------------


class _BadValue(Exception):
    """A value of the wrong type; ``at`` locates a list item ("[2]")."""

    def __init__(self, expected: str, got: object, at: str = "") -> None:
        super().__init__(expected)
        self.expected = expected
        self.got = got
        self.at = at


def _coerce(value: object, hint: Any) -> Any:
    """``value`` as the field wants it (int -> float, list -> tuple), or raise _BadValue."""
    if hint is _Duration:
        seconds = _seconds(value)
        if seconds is None:
            raise _BadValue(_DURATION_FORMS, value)
        return seconds
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            if arg is not type(None):  # TOML has no null, so None is only ever a default
                try:
                    return _coerce(value, arg)
                except _BadValue:
                    pass
        raise _BadValue(_describe(hint), value)
    if origin is Literal:
        if any(type(value) is type(choice) and value == choice for choice in args):
            return value
        raise _BadValue(_describe(hint), value)
    if origin is tuple or hint is tuple:
        return _coerce_tuple(value, hint, args)
    if hint is Any:
        return value
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if hint is int:
        fits = isinstance(value, int) and not isinstance(value, bool)  # True is an int to Python
    else:
        fits = hint is not float and isinstance(hint, type) and isinstance(value, hint)
    if not fits:
        raise _BadValue(_describe(hint), value)
    return value


def _coerce_tuple(value: object, hint: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    variadic = len(args) == 2 and args[1] is Ellipsis
    if not isinstance(value, list | tuple) or (args and not variadic and len(value) != len(args)):
        raise _BadValue(_describe(hint), value)
    items = []
    for i, item in enumerate(value):
        item_hint = args[0] if variadic else args[i] if args else Any
        try:
            items.append(_coerce(item, item_hint))
        except _BadValue as bad:
            raise _BadValue(bad.expected, bad.got, f"[{i}]{bad.at}") from None
    return tuple(items)


def _fits(value: object, hint: Any) -> bool:
    try:
        _coerce(value, hint)
    except _BadValue:
        return False
    return True


def _accepts_str(hint: Any) -> bool:
    if hint is str or hint is _Duration:
        return True
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_accepts_str(arg) for arg in args)
    return origin is Literal and any(isinstance(arg, str) for arg in args)


_NAMES: dict[Any, tuple[str, str]] = {
    bool: ("true or false", "booleans"),
    int: ("an integer", "integers"),
    float: ("a number", "numbers"),
    str: ("a string", "strings"),
}


def _describe(hint: Any, plural: bool = False) -> str:
    """The expected type in words: "an integer", "a list of strings"."""
    if hint is _Duration:
        return _DURATION_FORMS
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_describe(arg, plural) for arg in args if arg is not type(None))
    if origin is Literal:
        return "one of " + ", ".join(_show(arg) for arg in args)
    if origin is tuple or hint is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return f"{'lists' if plural else 'a list'} of {_describe(args[0], plural=True)}"
        if args:
            return f"a list of {len(args)} items ({', '.join(_describe(arg) for arg in args)})"
        return "lists" if plural else "a list"
    if hint in _NAMES:
        return _NAMES[hint][plural]
    name = getattr(hint, "__name__", str(hint))
    return f"{name} values" if plural else f"a {name}"


def _placeholder(hint: Any) -> object:
    """A value of the right type for a key that is unset by default (the template needs one)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _placeholder(next((arg for arg in args if arg is not type(None)), str))
    if origin is Literal and args:
        return args[0]
    if origin is tuple or hint is tuple:
        return []
    return {bool: False, int: 0, float: 0.0}.get(hint, "")


# --- durations and TOML text ------------------------------------------------------------------


def _seconds(value: object) -> float | None:
    """Seconds in ``value``, or None when it is not a positive, finite duration."""
    seconds: float | None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip().lower()
        seconds = float(text) if re.fullmatch(r"\d+(?:\.\d+)?", text) else _unit_seconds(text)
    else:
        return None
    if seconds is None or not math.isfinite(seconds) or seconds <= 0:
        return None
    return seconds


def _unit_seconds(text: str) -> float | None:
    """ "1h30m" -> 5400.0; units must run from large to small, each at most once."""
    if not _DURATION.fullmatch(text):
        return None
    order = "dhms"
    last = -1
    total = 0.0
    for number, unit in _DURATION_PART.findall(text):
        if order.index(unit) <= last:
            return None
        last = order.index(unit)
        total += float(number) * _UNIT_SECONDS[unit]
    return total


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}


def _show(value: object) -> str:
    """``value`` written as TOML, so messages and the template quote values as the file does."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        escaped = (
            _ESCAPES.get(c, f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F else c) for c in value
        )
        return '"' + "".join(escaped) + '"'
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else "inf" if value > 0 else "-inf"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key} = {_show(item)}" for key, item in value.items()) + "}"
    return str(value)


def _template_line(key: str, value: object, example: object, trailing: str) -> str:
    if value is None:
        note = "example; unset by default" + (f"; {trailing}" if trailing else "")
        return f"# {key} = {_show(example)}  # {note}"
    return f"# {key} = {_show(value)}" + (f"  # {trailing}" if trailing else "")


_FIELD_LINE = re.compile(r"^    (\w+)\s*:")


def _field_comments(cls: type) -> dict[str, tuple[list[str], str]]:
    """The comment lines above each field in its source, and its trailing comment (best effort).

    settings.py says where each number came from; the template keeps that next to the value.
    """
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return {}
    names = set(_field_names(cls))
    found: dict[str, tuple[list[str], str]] = {}
    block: list[str] = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            block.append(stripped[1:].strip())
            continue
        match = _FIELD_LINE.match(line)
        if match and match.group(1) in names:
            trailing = line.partition("  # ")[2].strip()
            found[match.group(1)] = (block, trailing)
        block = []  # a blank line, docstring or continuation ends a comment block
    return found
