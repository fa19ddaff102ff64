"""Renderers for the formats the pages name: JSON (+JSONP), JSV, CSV and XML.

Every renderer applies the request's `?jsconfig=TextCase:...` to the keys first.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import re
import uuid
from typing import Any
from xml.etree import ElementTree as ET

from rest_framework import renderers

from . import jsv
from .casing import recase, text_case_from_jsconfig
from .routing import service_for

_CALLBACK = re.compile(r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$")
XML_NAMESPACE = "http://schemas.datacontract.org/2004/07/BokaMera.API.ServiceModel.Dtos"


def _request(context: dict | None):
    return (context or {}).get("request")


def cased(data: Any, context: dict | None) -> Any:
    request = _request(context)
    if request is None:
        return data
    return recase(data, text_case_from_jsconfig(request.query_params.get("jsconfig")))


class WireJSONEncoder(json.JSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.date | dt.time):
            return o.isoformat()
        if isinstance(o, uuid.UUID):
            return str(o)
        if isinstance(o, decimal.Decimal):
            return float(o)
        if isinstance(o, dt.timedelta):
            from .fields import format_timespan

            return format_timespan(o)
        return super().default(o)


def to_json(data: Any) -> str:
    return json.dumps(data, cls=WireJSONEncoder, ensure_ascii=False, separators=(",", ":"))


class ServiceStackJSONRenderer(renderers.BaseRenderer):
    """application/json; with `?callback=name` the answer is JSONP (application/javascript)."""

    media_type = "application/json"
    format = "json"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: dict | None = None):
        if data is None:
            return b""
        body = to_json(cased(data, renderer_context))
        request = _request(renderer_context)
        callback = request.query_params.get("callback") if request is not None else None
        if callback:
            if not _CALLBACK.match(callback) or len(callback) > 100:
                callback = "callback"
            renderer_context["response"]["Content-Type"] = "application/javascript; charset=utf-8"
            body = f"/**/{callback}({body});"
        return body.encode()


class JSONPRenderer(ServiceStackJSONRenderer):
    """`?format=jsonp` (or .jsonp): JSON wrapped in `?callback=` (default `callback`)."""

    media_type = "application/javascript"
    format = "jsonp"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: dict | None = None):
        body = to_json(cased(data, renderer_context)) if data is not None else "null"
        request = _request(renderer_context)
        callback = (request.query_params.get("callback") if request is not None else None) or "callback"
        if not _CALLBACK.match(callback) or len(callback) > 100:
            callback = "callback"
        return f"/**/{callback}({body});".encode()


class JSVRenderer(renderers.BaseRenderer):
    media_type = "text/jsv"
    format = "jsv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: dict | None = None):
        if data is None:
            return b""
        return jsv.dumps(_plain(cased(data, renderer_context))).encode()


def _plain(data: Any) -> Any:
    """JSON-able plain values (dates, UUIDs, timedeltas as wire strings)."""
    return json.loads(to_json(data))


def csv_rows(data: Any) -> list[dict[str, Any]]:
    """A query answer's list property (Results, Attempts, ...) becomes the rows; else one row."""
    if isinstance(data, list):
        return [row if isinstance(row, dict) else {"Value": row} for row in data]
    if isinstance(data, dict):
        lists = [v for k, v in data.items() if isinstance(v, list) and k.lower() != "responsestatus"]
        if len(lists) == 1 and all(isinstance(item, dict) for item in lists[0]):
            return lists[0]
        return [data]
    return [{"Value": data}]


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, dict | list):
        return jsv.dumps(value)
    return str(value)


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: dict | None = None):
        if data is None:
            return b""
        rows = csv_rows(_plain(cased(data, renderer_context)))
        columns: list[str] = []
        for row in rows:
            columns.extend(key for key in row if key not in columns)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_value(row.get(column)) for column in columns])
        return buffer.getvalue().encode()


def _singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("ses") or name.endswith("xes"):
        return name[:-2]
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name + "Item"


def _xml_fill(element: ET.Element, value: Any, name: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if item is None:
                continue
            child = ET.SubElement(element, _xml_name(str(key)))
            _xml_fill(child, item, str(key))
    elif isinstance(value, list):
        for item in value:
            child = ET.SubElement(
                element,
                _singular(name)
                if not isinstance(item, str | int | float)
                else "string"
                if isinstance(item, str)
                else "int",
            )
            _xml_fill(child, item, name)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = str(value)


def _xml_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.-]", "_", name)
    return cleaned if cleaned[:1].isalpha() or cleaned[:1] == "_" else f"_{cleaned}"


class XMLRenderer(renderers.BaseRenderer):
    """DataContract-style XML: the response DTO's name as root, properties as elements."""

    media_type = "application/xml"
    format = "xml"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: dict | None = None):
        if data is None:
            return b""
        view = (renderer_context or {}).get("view")
        request = _request(renderer_context)
        service = (
            service_for(type(view), request.method) if view is not None and request is not None else None
        )
        root_name = (service and service.response_name) or getattr(view, "response_name", None) or "Response"
        if isinstance(data, dict) and set(data) == {"ResponseStatus"}:
            root_name = "ErrorResponse"
        root = ET.Element(_xml_name(root_name), {"xmlns": XML_NAMESPACE})
        _xml_fill(root, _plain(cased(data, renderer_context)), root_name)
        return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(root, encoding="unicode").encode()


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """For people with a browser; its forms post JSON."""

    def get_default_renderer(self, view):
        return ServiceStackJSONRenderer()
