"""Records to plain data and back, for the store, JSON output and the web API.

One generic codec instead of a hand-written ``to_dict`` per record: it follows the dataclass
type hints, so a field added to a record in models.py is stored and loaded without more code.
Bytes fields are left out of plain data (raw input stays in the store's BLOB column only).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin

__all__ = ["from_data", "to_data"]

T = TypeVar("T")


def to_data(obj: Any, *, skip: frozenset[str] = frozenset({"raw"})) -> Any:
    """Turn records (and tuples/lists/dicts of them) into JSON-ready data.

    >>> from newsfuse.models import Span
    >>> to_data(Span("a1", 0, 3, "abc"))
    {'article_id': 'a1', 'start': 0, 'end': 3, 'text': 'abc'}
    """
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {
            f.name: to_data(getattr(obj, f.name), skip=skip)
            for f in dataclasses.fields(obj)
            if f.name not in skip and not isinstance(getattr(obj, f.name), bytes)
        }
    if isinstance(obj, (list, tuple)):
        return [to_data(x, skip=skip) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_data(v, skip=skip) for k, v in obj.items()}
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_data(cls: type[T], data: Any) -> T:
    """Rebuild a record of type ``cls`` from :func:`to_data` output (missing fields take defaults)."""
    return typing.cast(T, _convert(cls, data))


def _convert(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        members = [a for a in get_args(tp) if a is not type(None)]
        if len(members) == 1:
            return _convert(members[0], data)
        return data
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple([_convert(args[0], x) for x in data])
        return tuple([_convert(a, x) for a, x in zip(args, data, strict=False)])
    if origin is list:
        (arg,) = get_args(tp)
        return [_convert(arg, x) for x in data]
    if origin is dict:
        _, val = get_args(tp)
        return {k: _convert(val, v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {
            f.name: _convert(hints[f.name], data[f.name]) for f in dataclasses.fields(tp) if f.name in data
        }
        return tp(**kwargs)
    return data
