"""ServiceStack's JSV format ("JSON without quotes"), in pure Python.

JSV is what ServiceStack's ``TypeSerializer`` writes for ``text/jsv``, ``.jsv`` and ``?format=jsv``::

    {Id:1,Name:Hello World!,Tags:[a,b],Owner:{Name:"Me, Junior"}}

Writing (:func:`dumps`):

- objects are ``{Key:Value,Key2:Value2}`` and lists ``[a,b,c]``; an object key whose value is ``None`` is
  omitted, a ``None`` list item is written as an empty item (``[a,,c]``);
- booleans are ``True``/``False``; ints and floats as ``str()``; a ``Decimal`` in fixed-point notation
  (``1E+2`` -> ``100``, which .NET's decimal parser accepts); UUIDs as ``str()``;
- ``datetime``/``date``/``time`` as ``isoformat()``, with ``Z`` instead of ``+00:00`` for UTC;
- an ``Enum`` member as its value;
- a string is written raw unless it is empty, contains one of ``[ ] { } , "`` or a CR, LF or TAB, or
  starts or ends with whitespace; then it is wrapped in double quotes with inner quotes doubled
  (``a "b" c`` -> ``"a ""b"" c"``). Quoting CR/LF/TAB keeps multi-line text intact under pretty output
  and whitespace-tolerant parsing (current ServiceStack also quotes CR, LF and ``:``; values with a ``:``
  are left raw here, as the documented rule says, and parse the same either way);
- an object key is quoted under the same rule and also when it contains ``:``.

``pretty=True`` renders the layout of the ServiceStack metadata pages: one member per line, tab
indentation, ``Key: Value``, and a nested non-empty object or list starting on its own line after ``Key: ``.

Reading (:func:`loads`) returns only ``dict``, ``list``, ``str`` and ``None``: JSV carries no types, so the
caller's serializer converts ``"0"``, ``"True"``, ``"PT0S"``. Whitespace (including newlines and tabs)
between tokens is ignored, so both the compact and the pretty form parse. Unquoted scalars inside an object
or list end at ``,`` ``}`` or ``]`` and are stripped; an empty unquoted scalar (``{A:}``, ``[a,,c]``) is
``None`` while ``""`` is the empty string. A top-level unquoted scalar is the whole (stripped) text, and
empty input is ``None``. A trailing comma before ``}`` is tolerated. Malformed input raises
:class:`JSVDecodeError`.

Round-trip: ``loads(dumps(x))`` equals ``x`` with every scalar turned into its JSV string, ``None`` object
members dropped. One ambiguity is inherent to the format: ``[None]`` is written ``[]``, which reads back as
an empty list.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

__all__ = ["MAX_DEPTH", "JSVDecodeError", "dumps", "loads"]

#: Deepest nesting of objects/lists that :func:`loads` accepts (guards the recursion on untrusted input).
MAX_DEPTH = 100

_ESCAPE_CHARS = frozenset('[]{},"\r\n\t')
_VALUE_END = ",}]"


class JSVDecodeError(ValueError):
    """Malformed JSV; ``pos`` is the 0-based offset into ``doc``, ``lineno``/``colno`` are 1-based."""

    def __init__(self, msg: str, doc: str, pos: int) -> None:
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        super().__init__(f"{msg}: line {lineno} column {colno} (char {pos})")
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno


# --------------------------------------------------------------------------------------------- writing


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _needs_quotes(text: str) -> bool:
    return not text or text[0].isspace() or text[-1].isspace() or any(ch in _ESCAPE_CHARS for ch in text)


def _string(text: str) -> str:
    return _quote(text) if _needs_quotes(text) else text


def _key(key: Any) -> str:
    text = key if isinstance(key, str) else _scalar(key)
    return _quote(text) if _needs_quotes(text) or ":" in text else text


def _iso(value: dt.datetime | dt.date | dt.time) -> str:
    text = value.isoformat()
    is_utc = isinstance(value, dt.datetime | dt.time) and value.utcoffset() == dt.timedelta(0)
    return text.removesuffix("+00:00") + "Z" if is_utc and text.endswith("+00:00") else text


def _scalar(value: Any) -> str:
    """The unquoted JSV text of a scalar."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return repr(float(value))
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _iso(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSV serializable")


def _compact(value: Any) -> str:
    if isinstance(value, Mapping):
        members = (f"{_key(k)}:{_compact(v)}" for k, v in value.items() if v is not None)
        return "{" + ",".join(members) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_compact(item) for item in value) + "]"
    if value is None:
        return ""
    return _string(_scalar(value))


def _pretty(value: Any, depth: int) -> str:
    inner = "\t" * (depth + 1)
    if isinstance(value, Mapping):
        members = [
            f"{inner}{_key(k)}: {_pretty_member(v, depth + 1)}" for k, v in value.items() if v is not None
        ]
        return "{\n" + ",\n".join(members) + "\n" + "\t" * depth + "}" if members else "{}"
    if isinstance(value, list | tuple):
        items = [inner + _pretty(item, depth + 1) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + "\t" * depth + "]" if items else "[]"
    return _compact(value)


def _pretty_member(value: Any, depth: int) -> str:
    """A member value: a non-empty object or list starts on the next line at the member's indentation."""
    if isinstance(value, Mapping | list | tuple) and value:
        return "\n" + "\t" * depth + _pretty(value, depth)
    return _pretty(value, depth)


def dumps(obj: Any, *, pretty: bool = False) -> str:
    """Serialize ``obj`` to JSV; ``pretty=True`` gives the indented layout of the metadata pages."""
    return _pretty(obj, 0) if pretty else _compact(obj)


# --------------------------------------------------------------------------------------------- reading


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def error(self, msg: str, pos: int | None = None) -> JSVDecodeError:
        return JSVDecodeError(msg, self.text, self.pos if pos is None else pos)

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_ws(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos].isspace():
            pos += 1
        self.pos = pos

    def expect(self, chars: str, opened_at: int, msg: str) -> str:
        """Skip whitespace and consume one of ``chars``; EOF reports the unclosed bracket at ``opened_at``."""
        self.skip_ws()
        ch = self.peek()
        if not ch:
            raise self.error(f"Unclosed '{self.text[opened_at]}'", opened_at)
        if ch not in chars:
            raise self.error(msg)
        self.pos += 1
        return ch

    def document(self) -> Any:
        self.skip_ws()
        start = self.pos
        if self.peek() not in ("{", "[", '"'):
            rest = self.text[start:].strip()
            return rest or None
        value = self.value(depth=0)
        self.skip_ws()
        if self.pos != len(self.text):
            raise self.error("Extra data after the JSV value")
        return value

    def value(self, depth: int) -> Any:
        """A value inside a container (or a top-level structure/quoted string); whitespace skipped."""
        self.skip_ws()
        ch = self.peek()
        if ch in ("{", "["):
            if depth >= MAX_DEPTH:
                raise self.error(f"JSV nested deeper than {MAX_DEPTH} levels")
            return self.obj(depth + 1) if ch == "{" else self.array(depth + 1)
        if ch == '"':
            return self.quoted()
        start = self.pos
        text = self.text
        while self.pos < len(text) and text[self.pos] not in _VALUE_END:
            self.pos += 1
        return text[start : self.pos].strip() or None

    def quoted(self) -> str:
        start = self.pos
        text = self.text
        parts: list[str] = []
        pos = start + 1
        while True:
            end = text.find('"', pos)
            if end < 0:
                raise self.error("Unterminated quoted string", start)
            parts.append(text[pos:end])
            if text.startswith('""', end):
                parts.append('"')
                pos = end + 2
            else:
                self.pos = end + 1
                return "".join(parts)

    def key(self, opened_at: int) -> str:
        self.skip_ws()
        if not self.peek():
            raise self.error("Unclosed '{'", opened_at)
        if self.peek() == '"':
            return self.quoted()
        start = self.pos
        text = self.text
        while self.pos < len(text) and text[self.pos] not in ":,{}[]":
            self.pos += 1
        key = text[start : self.pos].strip()
        if not key:
            raise self.error("Expected an object key", start)
        return key

    def obj(self, depth: int) -> dict[str, Any]:
        start = self.pos
        self.pos += 1  # "{"
        result: dict[str, Any] = {}
        self.skip_ws()
        if self.peek() == "}":
            self.pos += 1
            return result
        while True:
            key = self.key(start)
            self.expect(":", start, "Expected ':' after an object key")
            result[key] = self.value(depth)
            if self.expect(",}", start, "Expected ',' or '}' in an object") == "}":
                return result
            self.skip_ws()
            if self.peek() == "}":  # trailing comma
                self.pos += 1
                return result

    def array(self, depth: int) -> list[Any]:
        start = self.pos
        self.pos += 1  # "["
        result: list[Any] = []
        self.skip_ws()
        if self.peek() == "]":
            self.pos += 1
            return result
        while True:
            result.append(self.value(depth))
            if self.expect(",]", start, "Expected ',' or ']' in a list") == "]":
                return result


def loads(text: str) -> Any:
    """Parse JSV (compact or pretty) into ``dict``/``list``/``str``/``None``; scalars stay strings."""
    if not isinstance(text, str):
        raise TypeError(f"JSV text must be str, not {type(text).__name__}")
    return _Parser(text).document()
