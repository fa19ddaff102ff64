"""JSV reader/writer: the seed pages' samples, ServiceStack's documented examples and tricky strings.

Plain pytest: no database and no Django.
"""

# The seed samples are copied verbatim, and ServiceStack writes "Key: " (with a trailing space) before a
# nested object or list; the exact-layout tests depend on it.
# ruff: noqa: W291

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from enum import Enum, IntEnum
from typing import Any

import pytest

from bokamera.api.jsv import MAX_DEPTH, JSVDecodeError, dumps, loads

# --- Samples copied verbatim from the "HTTP + JSV" sections of the seed pages (tabs and the trailing space
# --- after "ResourceIds:" included).

# /work/shared/seeds/000_4bc392b2d365e732.txt (POST /codelock/axema/usersync)
AXEMA_REQUEST = """{
	CompanyId: 00000000-0000-0000-0000-000000000000
}"""

AXEMA_RESPONSE = """{
	Status: 0,
	StatusName: String,
	UsersFound: 0,
	UsersCreated: 0,
	UsersUpdated: 0,
	ErrorMessage: String
}"""

# /work/shared/seeds/003_1833f58d5ab95a25.txt (POST /timeexceptions)
TIME_EXCEPTION_REQUEST = """{
	CompanyId: 00000000-0000-0000-0000-000000000000,
	ResourceIds: 
	[
		0
	],
	FromTime: PT0S,
	ToTime: PT0S,
	DaysOfWeek: 
	[
		0
	],
	ReasonText: String,
	ReasonTextPublic: String,
	Color: String,
	BlockTime: False,
	Private: False,
	CollidingBookingOptions: AddWithoutCancelingCollidingBookings,
	Force: False,
	CancelMessage: String,
	SendSmsConfirmation: False,
	SendEmailConfirmation: False
}"""

TIME_EXCEPTION_RESPONSE = """{
	Id: 0,
	Locked: False,
	ResourceIds: 
	[
		0
	],
	Resources: 
	[
		{
			Id: 0,
			Name: String,
			Description: String,
			Color: String,
			ResponseStatus: 
			{
				ErrorCode: String,
				Message: String,
				StackTrace: String,
				Errors: 
				[
					{
						ErrorCode: String,
						FieldName: String,
						Message: String,
						Meta: 
						{
							String: String
						}
					}
				],
				Meta: 
				{
					String: String
				}
			}
		}
	],
	IsRecurring: False,
	FromTime: PT0S,
	ToTime: PT0S,
	ReasonText: String,
	ReasonTextPublic: String,
	Color: String,
	BlockTime: False,
	Private: False,
	CalendarExportStatus: 
	{
		CalendarId: String,
		ExceptionId: 0,
		Synced: False
	},
	DaysOfWeek: 
	[
		{
			DayOfWeekId: 0,
			DotNetDayOfWeekId: 0,
			DayOfWeek: String
		}
	],
	ResponseStatus: 
	{
		ErrorCode: String,
		Message: String,
		StackTrace: String,
		Errors: 
		[
			{
				ErrorCode: String,
				FieldName: String,
				Message: String,
				Meta: 
				{
					String: String
				}
			}
		],
		Meta: 
		{
			String: String
		}
	}
}"""

SAMPLES = [AXEMA_REQUEST, AXEMA_RESPONSE, TIME_EXCEPTION_REQUEST, TIME_EXCEPTION_RESPONSE]

RESPONSE_STATUS = {
    "ErrorCode": "String",
    "Message": "String",
    "StackTrace": "String",
    "Errors": [
        {"ErrorCode": "String", "FieldName": "String", "Message": "String", "Meta": {"String": "String"}}
    ],
    "Meta": {"String": "String"},
}

# Strings that exercise every quoting rule.
TRICKY_STRINGS = [
    "",
    " ",
    "plain",
    "Hello World!",
    "Me, Junior",
    '2" x 1"',
    '"',
    '""',
    '"quoted"',
    "[1,2,3]",
    "{A:1}",
    "a]b",
    "a}b",
    "{",
    "]",
    ",",
    " leading",
    "trailing ",
    "\tTabbed",
    "line1\nline2",
    "crlf\r\n",
    "key: value",
    "http://example.com/?a=1&b=2",
    "åäö ÅÄÖ €",
    "PT0S",
    "True",
    "0",
    "null",
    '{"Json": [1, "two"]}',
]


class Color(Enum):
    RED = "Red"


class Level(IntEnum):
    HIGH = 2


def stringified(value: Any) -> Any:
    """What loads(dumps(value)) must give: scalars as their JSV text, None object members dropped."""
    if isinstance(value, dict):
        return {stringified(k): stringified(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [stringified(item) for item in value]
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    return str(value)


# --------------------------------------------------------------------------------------- seed samples


def test_axema_samples_parse_to_exact_dicts() -> None:
    assert loads(AXEMA_REQUEST) == {"CompanyId": "00000000-0000-0000-0000-000000000000"}
    assert loads(AXEMA_RESPONSE) == {
        "Status": "0",
        "StatusName": "String",
        "UsersFound": "0",
        "UsersCreated": "0",
        "UsersUpdated": "0",
        "ErrorMessage": "String",
    }


def test_time_exception_request_sample() -> None:
    request = loads(TIME_EXCEPTION_REQUEST)
    assert request == {
        "CompanyId": "00000000-0000-0000-0000-000000000000",
        "ResourceIds": ["0"],
        "FromTime": "PT0S",
        "ToTime": "PT0S",
        "DaysOfWeek": ["0"],
        "ReasonText": "String",
        "ReasonTextPublic": "String",
        "Color": "String",
        "BlockTime": "False",
        "Private": "False",
        "CollidingBookingOptions": "AddWithoutCancelingCollidingBookings",
        "Force": "False",
        "CancelMessage": "String",
        "SendSmsConfirmation": "False",
        "SendEmailConfirmation": "False",
    }
    assert list(request) == [  # member order is kept
        "CompanyId",
        "ResourceIds",
        "FromTime",
        "ToTime",
        "DaysOfWeek",
        "ReasonText",
        "ReasonTextPublic",
        "Color",
        "BlockTime",
        "Private",
        "CollidingBookingOptions",
        "Force",
        "CancelMessage",
        "SendSmsConfirmation",
        "SendEmailConfirmation",
    ]


def test_time_exception_response_sample() -> None:
    response = loads(TIME_EXCEPTION_RESPONSE)
    assert response["Id"] == "0"
    assert response["Locked"] == "False"
    assert response["ResourceIds"] == ["0"]
    assert response["Resources"] == [
        {
            "Id": "0",
            "Name": "String",
            "Description": "String",
            "Color": "String",
            "ResponseStatus": RESPONSE_STATUS,
        }
    ]
    assert response["IsRecurring"] == "False"
    assert response["FromTime"] == "PT0S"
    assert response["CalendarExportStatus"] == {"CalendarId": "String", "ExceptionId": "0", "Synced": "False"}
    assert response["DaysOfWeek"] == [{"DayOfWeekId": "0", "DotNetDayOfWeekId": "0", "DayOfWeek": "String"}]
    assert response["DaysOfWeek"][0]["DayOfWeekId"] == "0"
    assert response["ResponseStatus"] == RESPONSE_STATUS
    assert response["ResponseStatus"]["Errors"][0]["Meta"] == {"String": "String"}
    assert response["Resources"][0]["ResponseStatus"]["Errors"][0]["Meta"] == {"String": "String"}


@pytest.mark.parametrize("sample", SAMPLES)
def test_samples_reparse_equal_from_compact_and_pretty(sample: str) -> None:
    parsed = loads(sample)
    compact = dumps(parsed)
    assert "\n" not in compact
    assert "\t" not in compact
    assert loads(compact) == parsed
    assert loads(dumps(parsed, pretty=True)) == parsed


@pytest.mark.parametrize("sample", SAMPLES)
def test_pretty_output_reproduces_the_samples_exactly(sample: str) -> None:
    assert dumps(loads(sample), pretty=True) == sample


def test_compact_form_of_samples() -> None:
    assert dumps(loads(AXEMA_REQUEST)) == "{CompanyId:00000000-0000-0000-0000-000000000000}"
    assert dumps(loads(TIME_EXCEPTION_RESPONSE)["CalendarExportStatus"]) == (
        "{CalendarId:String,ExceptionId:0,Synced:False}"
    )
    assert dumps(loads(TIME_EXCEPTION_RESPONSE)["ResponseStatus"]) == (
        "{ErrorCode:String,Message:String,StackTrace:String,"
        "Errors:[{ErrorCode:String,FieldName:String,Message:String,Meta:{String:String}}],"
        "Meta:{String:String}}"
    )


# --------------------------------------------------------------------------------------- ServiceStack docs


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "{A:1,B:Hello World!,C:[1,2,3],D:{E:x}}",
            {"A": 1, "B": "Hello World!", "C": [1, 2, 3], "D": {"E": "x"}},
        ),
        ('{Name:"Me, Junior"}', {"Name": "Me, Junior"}),
        ('{Size:"2"" x 1"""}', {"Size": '2" x 1"'}),
        ("[1,2,3,4,5]", [1, 2, 3, 4, 5]),
        ("{A:1,B:2,C:3,D:4}", {"A": 1, "B": 2, "C": 3, "D": 4}),
    ],
)
def test_documented_examples_both_ways(text: str, value: Any) -> None:
    assert dumps(value) == text
    assert loads(text) == stringified(value)


def test_documented_example_values_are_strings() -> None:
    assert loads("{A:1,B:Hello World!,C:[1,2,3],D:{E:x}}") == {
        "A": "1",
        "B": "Hello World!",
        "C": ["1", "2", "3"],
        "D": {"E": "x"},
    }


# --------------------------------------------------------------------------------------- writing


def test_empty_string() -> None:
    assert dumps("") == '""'
    assert dumps({"A": ""}) == '{A:""}'
    assert dumps(["", "x"]) == '["",x]'
    assert loads('""') == ""
    assert loads('{A:""}') == {"A": ""}
    assert loads('["",x]') == ["", "x"]


def test_none_members_are_omitted() -> None:
    assert dumps({"A": None, "B": 1, "C": None}) == "{B:1}"
    assert dumps({"A": None}) == "{}"
    assert dumps({"A": {"B": None}, "C": None}) == "{A:{}}"
    assert dumps({"A": None, "B": 1}, pretty=True) == "{\n\tB: 1\n}"
    assert dumps(None) == ""


def test_none_list_items_are_empty_items() -> None:
    assert dumps(["a", None, "c"]) == "[a,,c]"
    assert loads("[a,,c]") == ["a", None, "c"]
    assert loads("{A:,B:x}") == {"A": None, "B": "x"}


def test_scalars() -> None:
    assert dumps(True) == "True"
    assert dumps(False) == "False"
    assert dumps({"A": True, "B": False}) == "{A:True,B:False}"
    assert dumps(0) == "0"
    assert dumps(-12) == "-12"
    assert dumps(1.5) == "1.5"
    assert dumps(Decimal("10.50")) == "10.50"
    assert dumps(Decimal("1E+2")) == "100"
    assert dumps(uuid.UUID("12345678-1234-5678-1234-567812345678")) == "12345678-1234-5678-1234-567812345678"
    assert dumps(Color.RED) == "Red"
    assert dumps(Level.HIGH) == "2"


def test_dates_and_times() -> None:
    utc = dt.datetime(2024, 5, 1, 10, 30, tzinfo=dt.UTC)
    assert dumps(utc) == "2024-05-01T10:30:00Z"
    assert dumps(dt.datetime(2024, 5, 1, 10, 30, 0, 123000, tzinfo=dt.UTC)) == "2024-05-01T10:30:00.123000Z"
    cest = dt.timezone(dt.timedelta(hours=2))
    assert dumps(dt.datetime(2024, 5, 1, 12, 30, tzinfo=cest)) == "2024-05-01T12:30:00+02:00"
    assert dumps(dt.datetime(2024, 5, 1, 10, 30)) == "2024-05-01T10:30:00"
    assert dumps(dt.date(2024, 5, 1)) == "2024-05-01"
    assert dumps(dt.time(8, 15)) == "08:15:00"
    assert dumps(dt.time(8, 15, tzinfo=dt.UTC)) == "08:15:00Z"
    assert dumps({"From": utc}) == "{From:2024-05-01T10:30:00Z}"
    assert loads(dumps({"From": utc})) == {"From": "2024-05-01T10:30:00Z"}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("Hello World!", "Hello World!"),
        ("a,b", '"a,b"'),
        ("[x]", '"[x]"'),
        ("{x}", '"{x}"'),
        ('say "hi"', '"say ""hi"""'),
        (" x", '" x"'),
        ("x ", '"x "'),
        ("a\nb", '"a\nb"'),
        ("a\tb", '"a\tb"'),
        ("10:30", "10:30"),
    ],
)
def test_string_quoting(value: str, text: str) -> None:
    assert dumps(value) == text
    assert loads(text) == value


def test_keys_are_quoted_when_needed() -> None:
    assert dumps({"a:b": 1, "c,d": 2, "": 3, "Plain Key": 4}) == '{"a:b":1,"c,d":2,"":3,Plain Key:4}'
    assert loads('{"a:b":1,"c,d":2,"":3,Plain Key:4}') == {"a:b": "1", "c,d": "2", "": "3", "Plain Key": "4"}
    assert dumps({1: "x"}) == "{1:x}"


def test_pretty_layout() -> None:
    value = {"A": 1, "B": [1, 2], "C": {"D": "x"}, "E": [], "F": {}, "G": [{"H": "y"}], "I": "a, b"}
    assert dumps(value, pretty=True) == (
        "{\n"
        "\tA: 1,\n"
        "\tB: \n\t[\n\t\t1,\n\t\t2\n\t],\n"
        "\tC: \n\t{\n\t\tD: x\n\t},\n"
        "\tE: [],\n"
        "\tF: {},\n"
        "\tG: \n\t[\n\t\t{\n\t\t\tH: y\n\t\t}\n\t],\n"
        '\tI: "a, b"\n'
        "}"
    )
    assert dumps([], pretty=True) == "[]"
    assert dumps("x", pretty=True) == "x"


def test_unsupported_type() -> None:
    with pytest.raises(TypeError):
        dumps({"A": object()})


# --------------------------------------------------------------------------------------- reading


def test_whitespace_between_tokens() -> None:
    assert loads('  { A : 1 , B : [ x , y ] , C : { D : "q" } }  \n') == {
        "A": "1",
        "B": ["x", "y"],
        "C": {"D": "q"},
    }
    assert loads("{\r\n\tA: 1,\r\n\tB: \r\n\t[\r\n\t\t2\r\n\t]\r\n}\r\n") == {"A": "1", "B": ["2"]}


def test_empty_containers() -> None:
    assert loads("{}") == {}
    assert loads("[]") == []
    assert loads("{ }") == {}
    assert loads("[\n]") == []
    assert loads("{A:{},B:[]}") == {"A": {}, "B": []}


def test_top_level_scalars() -> None:
    assert loads("hello world") == "hello world"
    assert loads("  42 \n") == "42"
    assert loads('"a, b"') == "a, b"
    assert loads("") is None
    assert loads("  \n") is None


def test_quoted_keys_and_inner_quotes_in_raw_values() -> None:
    assert loads('{"Name":x,"Say ""hi""":y}') == {"Name": "x", 'Say "hi"': "y"}
    assert loads('{A:2" x 1"}') == {"A": '2" x 1"'}  # only a leading quote starts a quoted string


def test_trailing_comma_in_object_is_tolerated() -> None:
    assert loads("{A:1,}") == {"A": "1"}
    assert loads("{\n\tA: 1,\n}") == {"A": "1"}


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "{A",
        "{A:1",
        "{A:1,",
        "{A:[1,2}",
        "[",
        "[1,2",
        "[{A:1}",
        '"abc',
        '{A:"x}',
        '{A:"x"y}',
        '["a" b]',
        "{A:1}x",
        "{A:1}}",
        "[1]]",
        '"a" b',
        "{:1}",
        "{A}",
        "{A,B:1}",
        "{A:1]",
        "[1}",
    ],
)
def test_malformed_input_raises(text: str) -> None:
    with pytest.raises(JSVDecodeError):
        loads(text)


def test_decode_error_position() -> None:
    with pytest.raises(JSVDecodeError) as excinfo:
        loads("{\n\tA: [1,\n\t2\n")
    error = excinfo.value
    assert isinstance(error, ValueError)
    assert error.msg == "Unclosed '['"
    assert (error.pos, error.lineno, error.colno) == (6, 2, 5)
    assert "line 2 column 5" in str(error)

    with pytest.raises(JSVDecodeError) as excinfo:
        loads('{A:"abc}')
    assert (excinfo.value.msg, excinfo.value.pos) == ("Unterminated quoted string", 3)

    with pytest.raises(JSVDecodeError) as excinfo:
        loads("{A:1} trailing")
    assert excinfo.value.pos == 6


def test_nesting_depth_is_limited() -> None:
    deep_ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    value = loads(deep_ok)
    for _ in range(MAX_DEPTH - 1):
        value = value[0]
    assert value == []
    with pytest.raises(JSVDecodeError):
        loads("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    with pytest.raises(JSVDecodeError):
        loads("{A:" * 5000)


def test_loads_rejects_bytes() -> None:
    with pytest.raises(TypeError):
        loads(b"{A:1}")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("text", TRICKY_STRINGS)
def test_tricky_strings_round_trip(text: str) -> None:
    shapes: list[Any] = [
        text,
        [text],
        [text, text, "x"],
        {"K": text},
        {"K": text, "L": [text, {"M": text}]},
        {text: "v"} if text else {"": "v"},
    ]
    for value in shapes:
        for pretty in (False, True):
            assert loads(dumps(value, pretty=pretty)) == value, (value, pretty)


def test_every_pair_of_tricky_strings_round_trips() -> None:
    for first in TRICKY_STRINGS:
        for second in TRICKY_STRINGS:
            value = {"A": [first, second], "B": {"C": first + second}}
            assert loads(dumps(value)) == value
            assert loads(dumps(value, pretty=True)) == value


def test_mixed_structure_round_trips_to_stringified() -> None:
    value = {
        "Id": 7,
        "Price": Decimal("99.90"),
        "Ratio": 0.25,
        "Active": True,
        "Deleted": None,
        "CompanyId": uuid.UUID("00000000-0000-0000-0000-000000000001"),
        "From": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        "Day": dt.date(2024, 1, 2),
        "Tags": ("a", "b, c", ""),
        "Nested": {"List": [{"X": 1, "Y": None}, [], {}], "Empty": ""},
    }
    expected = stringified(value)
    assert expected["Nested"]["List"][0] == {"X": "1"}
    assert "Deleted" not in expected
    assert loads(dumps(value)) == expected
    assert loads(dumps(value, pretty=True)) == expected
