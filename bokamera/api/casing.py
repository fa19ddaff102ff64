"""Key casing on the wire.

Responses are built with the pages' PascalCase names; `?jsconfig=TextCase:CamelCase` (`tc:cc`)
or `TextCase:SnakeCase` (`tc:sc`) re-cases one answer. Input keys match case-insensitively and
ignore underscores, so `CompanyId`, `companyId` and `company_id` are the same key.
"""

from __future__ import annotations

import re
from typing import Any

_SNAKE_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

CASES = {
    "camelcase": "camel",
    "cc": "camel",
    "snakecase": "snake",
    "sc": "snake",
    "pascalcase": "pascal",
    "pc": "pascal",
    "default": "pascal",
}


def normalize_key(key: str) -> str:
    return key.replace("_", "").replace("-", "").lower()


def to_camel(key: str) -> str:
    return key[:1].lower() + key[1:] if key else key


def to_snake(key: str) -> str:
    if "_" in key:
        return key.lower()
    return _SNAKE_BOUNDARY.sub("_", key).lower()


def to_pascal(key: str) -> str:
    if "_" in key:
        return "".join(part[:1].upper() + part[1:] for part in key.split("_"))
    return key[:1].upper() + key[1:] if key else key


def text_case_from_jsconfig(jsconfig: str | None) -> str | None:
    """Parses `TextCase:CamelCase`, `tc:cc`, `EmitCamelCaseNames:true` (comma separated)."""
    if not jsconfig:
        return None
    for item in jsconfig.split(","):
        name, _, value = item.partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name in ("textcase", "tc") and value in CASES:
            return CASES[value]
        if name in ("emitcamelcasenames", "eccn") and value in ("true", "1", ""):
            return "camel"
        if name in ("emitlowercaseunderscorenames", "elun") and value in ("true", "1", ""):
            return "snake"
    return None


def recase(data: Any, case: str | None) -> Any:
    if case is None:
        return data
    convert = {"camel": to_camel, "snake": to_snake, "pascal": to_pascal}[case]
    return _recase(data, convert)


def _recase(data: Any, convert) -> Any:
    if isinstance(data, dict):
        return {(convert(k) if isinstance(k, str) else k): _recase(v, convert) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_recase(item, convert) for item in data]
    return data
