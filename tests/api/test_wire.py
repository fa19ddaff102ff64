"""The API layer on a sample service: binding, formats, casing, errors, auth and CompanyId."""

import json
import uuid

import pytest

from bokamera.api import jsv
from bokamera.roles import ADMIN_WRITE
from tests.factories import CompanyFactory, UserFactory

pytestmark = [pytest.mark.urls("tests.api.urls"), pytest.mark.django_db]


def put_echo(client, body, path="/echo/abc", **kwargs):
    return client.put(path, body, format="json", **kwargs)


class TestBinding:
    @pytest.mark.parametrize("key", ["Firstname", "firstname", "FIRSTNAME", "first_name", "firstName"])
    def test_body_keys_bind_in_any_case(self, admin_client, key):
        response = put_echo(admin_client, {key: "Ann"})
        assert response.status_code == 200
        assert response.json()["Firstname"] == "Ann"

    @pytest.mark.parametrize("key", ["CompanyId", "companyId", "company_id", "COMPANYID"])
    def test_query_company_id_binds_in_any_case(self, admin_client, company, key):
        response = put_echo(admin_client, {"Firstname": "A"}, path=f"/echo/abc?{key}={company.pk}")
        assert response.json()["CompanyId"] == str(company.pk)

    def test_path_variable_wins_over_body(self, admin_client):
        response = put_echo(admin_client, {"Id": "from-body", "Firstname": "A"}, path="/echo/from-path")
        assert response.json()["Id"] == "from-path"

    def test_nested_objects_and_lists_bind_case_insensitively(self, admin_client):
        body = {"firstname": "A", "address": {"invoice_city": "Umeå"}, "items": [{"id": 3, "VALUE": "v"}]}
        data = put_echo(admin_client, body).json()
        assert data["Address"] == {"InvoiceCity": "Umeå"}
        assert data["Items"] == [{"Id": 3, "Value": "v"}]

    def test_form_fields_bind_with_jsv_for_nested_values(self, admin_client):
        response = admin_client.put(
            "/echo/abc",
            "Firstname=Bo&ResourceIds=1,2&Address=%7BInvoiceCity%3A%22a%2C+b%22%7D",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["ResourceIds"] == [1, 2]
        assert data["Address"] == {"InvoiceCity": "a, b"}

    @pytest.mark.parametrize(
        "query", ["ResourceIds=[1,2,3]", "ResourceIds=1,2,3", "ResourceIds=1&ResourceIds=2&ResourceIds=3"]
    )
    def test_query_lists_in_every_client_form(self, admin_client, query):
        response = put_echo(admin_client, {"Firstname": "A"}, path=f"/echo/abc?{query}")
        assert response.json()["ResourceIds"] == [1, 2, 3]

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("10:30", "PT10H30M"),
            ("10:30:00", "PT10H30M"),
            ("PT10H30M", "PT10H30M"),
            ("PT0S", "PT0S"),
            ("00:00", "PT0S"),
        ],
    )
    def test_timespans_in_and_xsd_out(self, admin_client, value, expected):
        assert put_echo(admin_client, {"Firstname": "A", "FromTime": value}).json()["FromTime"] == expected

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("/Date(1700000000000)/", "2023-11-14T22:13:20Z"),
            ("/Date(1700000000000+0100)/", "2023-11-14T23:13:20+01:00"),
            ("2023-11-14T22:13:20Z", "2023-11-14T22:13:20Z"),
        ],
    )
    def test_dates_in_iso_and_wcf_form(self, admin_client, value, expected):
        assert put_echo(admin_client, {"Firstname": "A", "When": value}).json()["When"] == expected

    def test_unknown_keys_are_ignored_like_the_original(self, admin_client):
        response = put_echo(admin_client, {"Firstname": "A", "NoSuchField": 1})
        assert response.status_code == 200
        assert "NoSuchField" not in response.json()


class TestFormats:
    def test_json_is_the_default(self, admin_client):
        response = admin_client.get("/echo/abc?Firstname=A")
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response.json()["Total"] == 2

    @pytest.mark.parametrize(
        ("path", "headers", "content_type"),
        [
            ("/echo/abc.jsv?Firstname=A", {}, "text/jsv"),
            ("/echo/abc?Firstname=A&format=jsv", {}, "text/jsv"),
            ("/echo/abc?Firstname=A", {"HTTP_ACCEPT": "text/jsv"}, "text/jsv"),
            ("/echo/abc.csv?Firstname=A", {}, "text/csv"),
            ("/echo/abc?Firstname=A&format=csv", {}, "text/csv"),
            ("/echo/abc?Firstname=A", {"HTTP_ACCEPT": "text/csv"}, "text/csv"),
            ("/echo/abc.xml?Firstname=A", {}, "application/xml"),
            ("/echo/abc?Firstname=A", {"HTTP_ACCEPT": "application/xml"}, "application/xml"),
            ("/echo/abc.json?Firstname=A", {}, "application/json"),
        ],
    )
    def test_format_by_suffix_query_and_accept(self, admin_client, path, headers, content_type):
        response = admin_client.get(path, **headers)
        assert response.status_code == 200
        assert response["Content-Type"].split(";")[0] == content_type

    def test_jsv_answer(self, admin_client, company):
        body = admin_client.get("/echo/abc.jsv?Firstname=A").content.decode()
        results = '[{Id:1,Name:"A, b",Nested:{X:1}},{Id:2,Name:C}]'
        assert body == f"{{CompanyId:{company.pk},Results:{results},Total:2}}"

    def test_csv_answer_lists_the_results(self, admin_client):
        body = admin_client.get("/echo/abc.csv?Firstname=A").content.decode()
        assert body == 'Id,Name,Nested\r\n1,"A, b",{X:1}\r\n2,C,\r\n'

    def test_xml_answer_has_the_response_dto_as_root(self, admin_client):
        body = admin_client.get("/echo/abc.xml?Firstname=A").content.decode()
        assert "<EchoResponse xmlns=" in body
        assert "<Total>2</Total>" in body
        assert "<Result><Id>1</Id><Name>A, b</Name><Nested><X>1</X></Nested></Result>" in body

    def test_jsonp_wraps_json_in_the_callback(self, admin_client):
        response = admin_client.get("/echo/abc?Firstname=A&callback=myCallback")
        assert response["Content-Type"].startswith("application/javascript")
        body = response.content.decode()
        assert body.startswith("/**/myCallback({") and body.endswith("});")
        assert json.loads(body[len("/**/myCallback(") : -2])["Total"] == 2

    def test_jsonp_callback_name_cannot_inject_script(self, admin_client):
        body = admin_client.get("/echo/abc?Firstname=A&callback=alert(1)//").content.decode()
        assert body.startswith("/**/callback(")

    def test_jsv_request_body(self, admin_client):
        response = admin_client.put(
            "/echo/abc",
            '{Firstname:"Me, Junior",Quantity:3,Active:True,ResourceIds:[1,2]}',
            content_type="text/jsv",
        )
        assert response.status_code == 200, response.content
        assert response.json() | {"CompanyId": None} == {
            "CompanyId": None,
            "Id": "abc",
            "Firstname": "Me, Junior",
            "Quantity": 3,
            "Active": True,
            "ResourceIds": [1, 2],
        }

    def test_csv_request_body_header_and_row(self, admin_client):
        response = admin_client.put("/echo/abc", "Firstname,Quantity\r\nAnn,4\r\n", content_type="text/csv")
        assert response.status_code == 200, response.content
        assert response.json()["Quantity"] == 4

    def test_csv_content_type_with_a_json_body_as_the_pages_sample(self, admin_client):
        response = admin_client.put("/echo/abc", '{"Firstname":"Ann","Quantity":0}', content_type="text/csv")
        assert response.status_code == 200
        assert response.json()["Firstname"] == "Ann"

    def test_xml_request_body(self, admin_client):
        body = "<EchoUpdate><Firstname>Ann</Firstname><Quantity>5</Quantity></EchoUpdate>"
        response = admin_client.put("/echo/abc", body, content_type="application/xml")
        assert response.status_code == 200, response.content
        assert response.json()["Quantity"] == 5


class TestCasing:
    @pytest.mark.parametrize("jsconfig", ["TextCase:CamelCase", "tc:cc", "textcase:camelcase"])
    def test_camel_case(self, admin_client, jsconfig, company):
        data = admin_client.get(f"/echo/abc?Firstname=A&jsconfig={jsconfig}").json()
        assert data == {
            "companyId": str(company.pk),
            "results": [{"id": 1, "name": "A, b", "nested": {"x": 1}}, {"id": 2, "name": "C"}],
            "total": 2,
        }

    def test_snake_case(self, admin_client):
        data = admin_client.get("/echo/abc?Firstname=A&jsconfig=TextCase:SnakeCase").json()
        assert set(data) == {"company_id", "results", "total"}

    def test_errors_are_recased_too(self, admin_client):
        data = put_echo(admin_client, {}, path="/echo/abc?jsconfig=tc:cc").json()
        assert data["responseStatus"]["errors"][0]["fieldName"] == "Firstname"
        assert data["responseStatus"]["errorCode"] == "NotEmpty"


class TestErrors:
    def test_malformed_json_is_a_400_in_response_status_shape(self, admin_client):
        response = admin_client.put("/echo/abc", '{"Firstname": ', content_type="application/json")
        assert response.status_code == 400
        status = response.json()["ResponseStatus"]
        assert status["ErrorCode"] == "SerializationException"
        assert status["Errors"] == []

    def test_malformed_jsv_is_a_400(self, admin_client):
        response = admin_client.put("/echo/abc", "{Firstname:", content_type="text/jsv")
        assert response.status_code == 400
        assert response.json()["ResponseStatus"]["ErrorCode"] == "SerializationException"

    def test_wrong_types_name_each_field(self, admin_client):
        response = put_echo(
            admin_client, {"Firstname": "A", "Quantity": "many", "FromTime": "soon", "ResourceIds": ["x"]}
        )
        assert response.status_code == 400
        errors = response.json()["ResponseStatus"]["Errors"]
        assert {(e["FieldName"], e["ErrorCode"]) for e in errors} == {
            ("Quantity", "Invalid"),
            ("FromTime", "Invalid"),
            ("ResourceIds[0]", "Invalid"),
        }

    def test_nested_errors_carry_their_path(self, admin_client):
        response = put_echo(admin_client, {"Firstname": "A", "Address": {}, "Items": [{"Value": "ok"}, {}]})
        fields = [e["FieldName"] for e in response.json()["ResponseStatus"]["Errors"]]
        assert fields == ["Address.InvoiceCity", "Items[1].Value"]

    def test_first_error_is_the_top_level_code_and_message(self, admin_client):
        status = put_echo(admin_client, {"Quantity": "x"}).json()["ResponseStatus"]
        assert status["ErrorCode"] == status["Errors"][0]["ErrorCode"]
        assert status["Message"] == status["Errors"][0]["Message"]

    def test_unknown_route_is_a_404_in_response_status_shape(self, admin_client):
        response = admin_client.get("/no/such/route")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["ResponseStatus"]["ErrorCode"] == "NotFound"

    def test_unknown_service_on_predefined_route(self, admin_client):
        response = admin_client.post("/api/NoSuchService", {}, format="json")
        assert response.status_code == 404
        assert response.json()["ResponseStatus"]["Message"] == "Unknown service 'NoSuchService'."

    def test_method_not_allowed_is_a_405(self, admin_client):
        response = admin_client.delete("/echo/abc")
        assert response.status_code == 405
        assert response.json()["ResponseStatus"]["ErrorCode"] == "MethodNotAllowed"

    def test_errors_render_in_the_requested_format(self, admin_client):
        response = admin_client.put("/echo/abc.jsv", {}, format="json")
        assert response.status_code == 400
        parsed = jsv.loads(response.content.decode())
        assert parsed["ResponseStatus"]["Errors"][0]["FieldName"] == "Firstname"


class TestPredefinedRoutes:
    def test_api_service_name_route_runs_the_operation(self, admin_client, company):
        response = admin_client.post("/api/EchoUpdate", {"id": "x", "firstname": "A"}, format="json")
        assert response.status_code == 200
        assert response.json() == {"CompanyId": str(company.pk), "Id": "x", "Firstname": "A"}

    def test_service_name_is_case_insensitive(self, admin_client):
        assert (
            admin_client.post("/api/echoupdate", {"id": "x", "firstname": "A"}, format="json").status_code
            == 200
        )

    @pytest.mark.parametrize(
        ("fmt", "content_type"),
        [("json", "application/json"), ("jsv", "text/jsv"), ("xml", "application/xml")],
    )
    def test_format_reply_routes(self, admin_client, fmt, content_type):
        response = admin_client.post(f"/{fmt}/reply/EchoUpdate", {"Id": "x", "Firstname": "A"}, format="json")
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)

    def test_get_operation_via_api_route_with_query_string(self, admin_client):
        response = admin_client.get("/api/EchoQuery?id=x&firstname=A")
        assert response.status_code == 200
        assert response.json()["Total"] == 2


class TestAuthentication:
    def test_no_token_is_401_with_bearer_challenge(self, anon_client):
        response = anon_client.get("/echo/abc?Firstname=A")
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["ResponseStatus"]["ErrorCode"] == "Unauthorized"

    def test_bad_token_is_401(self, anon_client):
        anon_client.credentials(HTTP_AUTHORIZATION="Bearer bk_not-a-real-token")
        assert anon_client.get("/echo/abc?Firstname=A").status_code == 401

    def test_revoked_token_is_401(self, admin_user, anon_client):
        from bokamera.services import api_token_create, api_token_revoke

        token, raw = api_token_create(user=admin_user)
        anon_client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert anon_client.get("/echo/abc?Firstname=A").status_code == 200
        api_token_revoke(token=token)
        assert anon_client.get("/echo/abc?Firstname=A").status_code == 401

    def test_token_is_stored_hashed(self, admin_user):
        from bokamera.models import ApiToken
        from bokamera.services import api_token_create

        token, raw = api_token_create(user=admin_user)
        stored = ApiToken.objects.get(pk=token.pk)
        assert raw not in (stored.key_hash, stored.key_hint)
        assert len(stored.key_hash) == 64

    def test_repeated_failed_authentication_is_throttled(self, anon_client):
        anon_client.credentials(HTTP_AUTHORIZATION="Bearer wrong")
        statuses = [anon_client.get("/echo/abc?Firstname=A").status_code for _ in range(22)]
        assert statuses[:20] == [401] * 20
        assert statuses[-1] == 429

    def test_create_api_token_command(self, admin_user, anon_client):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("create_api_token", "admin", stdout=out)
        anon_client.credentials(HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}")
        assert anon_client.get("/echo/abc?Firstname=A").status_code == 200


class TestCompanyResolution:
    def test_empty_company_id_uses_the_callers_company(self, admin_client, company):
        assert put_echo(admin_client, {"Firstname": "A"}).json()["CompanyId"] == str(company.pk)

    def test_explicit_company_id_the_caller_administers(self, admin_client, company):
        response = put_echo(admin_client, {"Firstname": "A", "CompanyId": str(company.pk)})
        assert response.json()["CompanyId"] == str(company.pk)

    def test_company_of_another_tenant_is_403(self, admin_client, other_company):
        response = put_echo(admin_client, {"Firstname": "A", "CompanyId": str(other_company.pk)})
        assert response.status_code == 403
        assert response.json()["ResponseStatus"]["ErrorCode"] == "Forbidden"

    def test_unknown_company_is_404(self, admin_client):
        response = put_echo(admin_client, {"Firstname": "A", "CompanyId": str(uuid.uuid4())})
        assert response.status_code == 404

    def test_read_role_cannot_write(self, client_for, reader_user, company):
        response = put_echo(client_for(reader_user), {"Firstname": "A"})
        assert response.status_code == 403

    def test_read_role_can_read(self, client_for, reader_user, company):
        response = client_for(reader_user).get("/echo/abc?Firstname=A")
        assert response.json()["CompanyId"] == str(company.pk)

    def test_user_without_any_role_is_403(self, client_for, db):
        response = put_echo(client_for(UserFactory(username="nobody")), {"Firstname": "A"})
        assert response.status_code == 403

    def test_administrator_of_two_companies_must_name_one(self, client_for, company):
        second = CompanyFactory()
        user = UserFactory(username="two", roles=[(ADMIN_WRITE, company), (ADMIN_WRITE, second)])
        response = put_echo(client_for(user), {"Firstname": "A"})
        assert response.status_code == 400
        assert response.json()["ResponseStatus"]["Errors"][0]["FieldName"] == "CompanyId"
        response = put_echo(client_for(user), {"Firstname": "A", "CompanyId": str(second.pk)})
        assert response.json()["CompanyId"] == str(second.pk)

    def test_superadmin_reaches_every_company(self, client_for, superadmin, other_company):
        response = put_echo(client_for(superadmin), {"Firstname": "A", "CompanyId": str(other_company.pk)})
        assert response.status_code == 200
        assert response.json()["CompanyId"] == str(other_company.pk)


class TestOpenAPI:
    def test_document_uses_service_names_and_wire_field_names(self, anon_client):
        document = anon_client.get("/openapi.json?format=json").json()
        put = document["paths"]["/echo/{Id}"]["put"]
        assert put["operationId"] == "EchoUpdate"
        assert (
            put["security"] == [{"BearerToken": []}, {"cookieAuth": []}]
            or {"BearerToken": []} in put["security"]
        )
        body = document["components"]["schemas"]["EchoInputRequest"]["properties"]
        assert {"CompanyId", "Firstname", "FromTime", "ResourceIds", "Address", "Items"} <= set(body)
        assert set(put["responses"]) >= {"200", "400", "401", "403", "404", "409"}
        error = document["components"]["schemas"]["ResponseStatus"]["properties"]
        assert set(error) == {"ErrorCode", "Message", "Errors", "Meta"}

    def test_get_operation_takes_its_request_as_query_parameters(self, anon_client):
        document = anon_client.get("/openapi.json?format=json").json()
        get = document["paths"]["/echo/{Id}"]["get"]
        names = {(p["name"], p["in"]) for p in get["parameters"]}
        assert ("Id", "path") in names and ("Id", "query") not in names
        assert ("Firstname", "query") in names
