"""Request bodies: JSON, JSV, CSV (header + one row, or JSON as the pages' samples send) and XML."""

from __future__ import annotations

import codecs
import csv
import io
import json
from typing import Any
from xml.etree import ElementTree as ET

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from . import jsv


def _text(stream, parser_context) -> str:
    encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
    try:
        return codecs.getreader(encoding)(stream).read()
    except (UnicodeDecodeError, LookupError) as exc:
        raise ParseError(f"The request body is not valid {encoding} text.") from exc


class LenientJSONParser(parsers.BaseParser):
    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        text = _text(stream, parser_context)
        if not text.strip():
            return {}
        try:
            return json.loads(text)
        except ValueError as exc:
            raise ParseError(f"The request body is not valid JSON: {exc}") from exc


class JSVParser(parsers.BaseParser):
    media_type = "text/jsv"

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        text = _text(stream, parser_context)
        if not text.strip():
            return {}
        try:
            return jsv.loads(text)
        except ValueError as exc:
            raise ParseError(f"The request body is not valid JSV: {exc}") from exc


class CSVParser(parsers.BaseParser):
    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        text = _text(stream, parser_context).strip()
        if not text:
            return {}
        if text[0] in "{[":
            try:
                return json.loads(text)
            except ValueError:
                try:
                    return jsv.loads(text)
                except ValueError as exc:
                    raise ParseError(f"The request body is not valid: {exc}") from exc
        rows = list(csv.DictReader(io.StringIO(text)))
        if not rows:
            raise ParseError("A CSV body needs a header line and one row.")
        return {k: v for k, v in rows[0].items() if k is not None and v not in (None, "")}


def _xml_value(element: ET.Element) -> Any:
    children = list(element)
    if not children:
        return element.text or ""
    names = [_local(child.tag) for child in children]
    if len(children) > 1 and len(set(names)) == 1:
        return [_xml_value(child) for child in children]
    return {_local(child.tag): _xml_value(child) for child in children}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class XMLParser(parsers.BaseParser):
    media_type = "application/xml"

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        text = _text(stream, parser_context)
        if "<!DOCTYPE" in text or "<!ENTITY" in text:
            raise ParseError("DTDs are not accepted in XML bodies.")
        try:
            root = ET.fromstring(text)
        except ET.ParseError as exc:
            raise ParseError(f"The request body is not valid XML: {exc}") from exc
        value = _xml_value(root)
        return value if isinstance(value, dict) else {}
