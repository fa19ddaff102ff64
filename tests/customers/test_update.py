"""PUT /customers/{Id} (UpdateCustomer): rules of the page, access keys, custom fields, bad input."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers.models import Customer, CustomFieldValue, InvoiceAddress, UserAccessKey

from .conftest import update_body
from .factories import (
    CustomerCommentFactory,
    CustomerFactory,
    CustomFieldConfigFactory,
    CustomFieldValueFactory,
    UserAccessKeyFactory,
)

pytestmark = pytest.mark.django_db
ZERO = "00000000-0000-0000-0000-000000000000"

CUSTOMER_QUERY_RESPONSE = {
    "Id",
    "Firstname",
    "Lastname",
    "Email",
    "Phone",
    "ImageUrl",
    "CustomFields",
    "CustomFieldValues",
    "Comments",
    "AccessKeys",
    "Updated",
    "Created",
    "SubscribedToNewsletter",
    "InvoiceAddress",
}


def state():
    """Every row the service may write, to assert that a refused request changed nothing."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Customer, UserAccessKey, CustomFieldValue, InvoiceAddress, get_user_model())
    ]


def put(client, customer, body, **query):
    suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    return client.put(f"/customers/{customer.pk}{suffix}", body, format="json")


def assert_error(response, status, field, code=None):
    assert response.status_code == status, response.content
    errors = response.json()["ResponseStatus"]["Errors"]
    assert field in [error["FieldName"] for error in errors], errors
    if code:
        assert response.json()["ResponseStatus"]["ErrorCode"] == code


# --- the page's sample ------------------------------------------------------------------------


def test_the_pages_json_sample_as_it_stands(admin_client, company, customer, member_field, events):
    """The seed's request body verbatim; only the custom field id and key type are real ids."""
    field = CustomFieldConfigFactory(company=company, name="Notes")
    sample = (
        '{"CompanyId":"00000000-0000-0000-0000-000000000000","Firstname":"String","Lastname":"String",'
        '"Phone":"String","Email":"String","CustomFields":[{"Id":FIELD_ID,"Value":"String"}],'
        '"AccessKeys":[{"Id":"00000000-0000-0000-0000-000000000000",'
        '"CompanyId":"00000000-0000-0000-0000-000000000000","AccessKeyTypeId":1,"Value":"String",'
        '"CustomerId":"00000000-0000-0000-0000-000000000000","Description":"String"}],'
        '"AccessKeysToDelete":[{}],"SubscribedToNewsletter":false,"InvoiceAddress":{'
        '"CorporateIdentityNumber":"String","InvoiceAddress1":"String","InvoiceAddress2":"String",'
        '"InvoiceCity":"String","InvoicePostalCode":"String","InvoiceCountryCode":"String"}}'
    ).replace("FIELD_ID", str(field.pk))
    response = admin_client.generic(
        "PUT", f"/customers/{customer.pk}", sample, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == CUSTOMER_QUERY_RESPONSE
    assert body["Id"] == str(customer.pk)
    assert (body["Firstname"], body["Lastname"], body["Phone"], body["Email"]) == ("String",) * 4
    assert body["SubscribedToNewsletter"] is False
    assert body["CustomFieldValues"] == [
        {
            "Id": field.pk,
            "Column": field.column,
            "Name": "Notes",
            "Description": "A custom field",
            "Value": "String",
            "DataType": "TextBox",
        }
    ]
    [key] = body["AccessKeys"]
    created = UserAccessKey.objects.get()
    assert key == {
        "CompanyId": str(company.pk),
        "AccessKeyTypeId": 1,
        "Value": "String",
        "CustomerId": str(customer.pk),
        "Description": "String",
        "Id": str(created.pk),
    }
    address = InvoiceAddress.objects.get(customer=customer)
    assert body["InvoiceAddress"] == {
        "InvoiceAddressId": str(address.pk),
        "UserId": str(customer.pk),
        "CorporateIdentityNumber": "String",
        "InvoiceAddress1": "String",
        "InvoiceAddress2": "String",
        "InvoiceCity": "String",
        "InvoicePostalCode": "String",
        "InvoiceCountryCode": "String",
    }
    assert [c["Name"] for c in body["CustomFields"]] == ["Membership number", "Notes"]
    assert body["CustomFields"][0] == {
        "Id": member_field.pk,
        "Name": "Membership number",
        "Description": "A custom field",
        "Width": None,
        "DataType": "TextBox",
        "DefaultValue": "",
        "IsMandatory": False,
        "MandatoryErrorMessage": "",
        "MaxLength": 6,
        "MultipleLineText": False,
        "RegEx": r"^\d{6}$",
        "RegExErrorMessage": "A membership number is six digits.",
        "Values": [],
    }
    customer.refresh_from_db()
    assert customer.firstname == "String" and customer.email == "String"
    assert body["Updated"] == customer.updated.isoformat().replace("+00:00", "Z")
    assert [event for event, _ in events] == ["customer.updated"]


def test_built_in_route_with_camel_case_keys_as_the_python_client_sends(client_for, admin_user, customer):
    """/api/UpdateCustomer, camelCase keys, empty lists left out."""
    response = client_for(admin_user).put(
        "/api/UpdateCustomer",
        {"id": str(customer.pk), "firstname": "Bo", "lastname": "B", "phone": "1", "email": "bo@example.com"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["Firstname"] == "Bo"
    customer.refresh_from_db()
    assert (customer.firstname, customer.email) == ("Bo", "bo@example.com")


def test_comments_are_answered(admin_client, customer):
    comment = CustomerCommentFactory(customer=customer, comments="VIP")
    body = put(admin_client, customer, update_body()).json()
    assert body["Comments"] == [
        {
            "Id": comment.pk,
            "CustomerId": str(customer.pk),
            "Comments": "VIP",
            "Updated": comment.updated.isoformat().replace("+00:00", "Z"),
            "Created": comment.created.isoformat().replace("+00:00", "Z"),
            "ImageUrl": "",
        }
    ]


# --- who may update ---------------------------------------------------------------------------


def test_admin_updates_a_customer_of_their_company(admin_client, customer, events):
    response = put(
        admin_client, customer, update_body(Firstname="Annie", Phone="070-2", SubscribedToNewsletter=True)
    )
    assert response.status_code == 200, response.content
    customer.refresh_from_db()
    assert (customer.firstname, customer.phone, customer.subscribed_to_newsletter) == ("Annie", "070-2", True)
    [(event_type, payload)] = events
    assert event_type == "customer.updated"
    assert payload["Id"] == str(customer.pk)
    assert payload["CompanyId"] == str(customer.company_id)
    assert payload["ChangedFields"] == ["Firstname", "Phone", "SubscribedToNewsletter"]


def test_nothing_changed_publishes_no_event(admin_client, customer, events):
    before = Customer.objects.get(pk=customer.pk).updated
    response = put(admin_client, customer, update_body())
    assert response.status_code == 200
    assert events == []
    assert Customer.objects.get(pk=customer.pk).updated == before


def test_superadmin_updates_any_customer(client_for, superadmin, customer):
    response = put(client_for(superadmin), customer, update_body(Lastname="Super"))
    assert response.status_code == 200
    assert Customer.objects.get(pk=customer.pk).lastname == "Super"


def test_customer_updates_its_own_record_without_any_role(client_for, account_user, own_customer):
    response = put(
        client_for(account_user), own_customer, update_body(Firstname="Me", Email="anna@example.com")
    )
    assert response.status_code == 200, response.content
    assert Customer.objects.get(pk=own_customer.pk).firstname == "Me"


def test_customer_changes_its_own_email_and_its_account_follows(client_for, account_user, own_customer):
    response = put(client_for(account_user), own_customer, update_body(Email="new@example.com"))
    assert response.status_code == 200, response.content
    assert Customer.objects.get(pk=own_customer.pk).email == "new@example.com"
    account_user.refresh_from_db()
    assert account_user.email == "new@example.com"


def test_user_may_not_update_another_customer(client_for, account_user, own_customer, customer, events):
    before = state()
    response = put(client_for(account_user), customer, update_body(Firstname="Hacked"))
    assert_error(response, 404, "Id", "NotFound")
    assert state() == before
    assert events == []


def test_reader_may_not_update(client_for, reader_user, customer):
    before = state()
    response = put(client_for(reader_user), customer, update_body(Firstname="Reader"))
    assert response.status_code == 403
    assert response.json()["ResponseStatus"]["ErrorCode"] == "Forbidden"
    assert state() == before


@pytest.mark.parametrize("with_company_id", [False, True])
def test_admin_of_another_company_gets_404(client_for, other_admin, customer, with_company_id):
    before = state()
    query = {"CompanyId": customer.company_id} if with_company_id else {}
    response = put(client_for(other_admin), customer, update_body(Firstname="X"), **query)
    assert_error(response, 404, "Id")
    assert state() == before


def test_company_id_of_another_company_is_404(admin_client, customer, other_company):
    before = state()
    response = put(admin_client, customer, update_body(Firstname="X"), CompanyId=other_company.pk)
    assert_error(response, 404, "Id")
    assert state() == before


def test_zero_company_id_means_the_customers_company(admin_client, customer):
    response = put(admin_client, customer, update_body(Firstname="Zero"), CompanyId=ZERO)
    assert response.status_code == 200


def test_anonymous_is_401(anon_client, customer):
    assert put(anon_client, customer, update_body()).status_code == 401


def test_unknown_customer_is_404(admin_client):
    response = admin_client.put(
        "/customers/6f1d1f59-0e57-4b2a-9d43-3d4f8c1e0a11", update_body(), format="json"
    )
    assert_error(response, 404, "Id", "NotFound")


# --- e-mail of a customer with its own account ------------------------------------------------


def test_admin_may_not_change_the_email_of_a_customer_with_an_account(admin_client, own_customer, events):
    before = state()
    response = put(admin_client, own_customer, update_body(Firstname="Changed", Email="other@example.com"))
    assert_error(response, 403, "Email", "EmailChangeNotAllowed")
    assert state() == before
    assert events == []


def test_admin_may_resend_the_unchanged_email_in_any_case(admin_client, own_customer):
    response = put(admin_client, own_customer, update_body(Firstname="Changed", Email="ANNA@example.com"))
    assert response.status_code == 200, response.content
    own_customer.refresh_from_db()
    assert (own_customer.firstname, own_customer.email) == ("Changed", "anna@example.com")


def test_admin_sets_the_email_of_a_customer_without_an_account(admin_client, customer):
    response = put(admin_client, customer, update_body(Email="new@example.com"))
    assert response.status_code == 200
    assert Customer.objects.get(pk=customer.pk).email == "new@example.com"


# --- access keys ------------------------------------------------------------------------------


def test_access_keys_update_create_and_delete(admin_client, customer, key):
    doomed = UserAccessKeyFactory(customer=customer, value="9999")
    response = put(
        admin_client,
        customer,
        update_body(
            AccessKeys=[
                {"Id": str(key.pk), "Value": "4321", "Description": "Back door"},
                {"AccessKeyTypeId": 2, "Value": "CARD-1", "Description": "Card"},
            ],
            AccessKeysToDelete=[{"Id": str(doomed.pk)}],
        ),
    )
    assert response.status_code == 200, response.content
    rows = {k.value: k for k in UserAccessKey.objects.filter(customer=customer)}
    assert set(rows) == {"4321", "CARD-1"}
    assert rows["4321"].pk == key.pk
    assert (rows["4321"].description, rows["4321"].access_key_type_id) == ("Back door", 1)
    assert (rows["CARD-1"].access_key_type_id, rows["CARD-1"].company_id) == (2, customer.company_id)
    assert [(k["Id"], k["Value"]) for k in response.json()["AccessKeys"]] == [
        (str(key.pk), "4321"),
        (str(rows["CARD-1"].pk), "CARD-1"),
    ]


def test_key_of_another_customer_is_refused(admin_client, company, customer):
    foreign = UserAccessKeyFactory(customer=CustomerFactory(company=company), value="5555")
    before = state()
    response = put(
        admin_client,
        customer,
        update_body(Firstname="X", AccessKeys=[{"Id": str(foreign.pk), "Value": "6666"}]),
    )
    assert_error(response, 400, "AccessKeys[0].Id", "NotFound")
    assert state() == before


def test_deleting_a_key_of_another_company_is_refused(admin_client, other_company, customer):
    foreign = UserAccessKeyFactory(customer=CustomerFactory(company=other_company), value="5555")
    before = state()
    response = put(admin_client, customer, update_body(AccessKeysToDelete=[{"Id": str(foreign.pk)}]))
    assert_error(response, 400, "AccessKeysToDelete[0].Id", "NotFound")
    assert state() == before
    assert UserAccessKey.objects.filter(pk=foreign.pk).exists()


def test_key_naming_another_company_or_customer_is_refused(admin_client, other_company, company, customer):
    other_customer = CustomerFactory(company=company)
    before = state()
    response = put(
        admin_client,
        customer,
        update_body(
            AccessKeys=[
                {"CompanyId": str(other_company.pk), "AccessKeyTypeId": 1, "Value": "1"},
                {"CustomerId": str(other_customer.pk), "AccessKeyTypeId": 1, "Value": "2"},
            ]
        ),
    )
    assert_error(response, 400, "AccessKeys[0].CompanyId")
    assert_error(response, 400, "AccessKeys[1].CustomerId")
    assert state() == before


def test_value_taken_by_another_customer_of_the_company_is_409(admin_client, company, customer):
    UserAccessKeyFactory(customer=CustomerFactory(company=company), value="7777")
    before = state()
    response = put(
        admin_client,
        customer,
        update_body(Firstname="X", AccessKeys=[{"AccessKeyTypeId": 1, "Value": "7777"}]),
    )
    assert_error(response, 409, "AccessKeys[0].Value", "Conflict")
    assert state() == before


def test_same_value_in_another_company_or_of_another_type_is_fine(admin_client, other_company, customer):
    UserAccessKeyFactory(customer=CustomerFactory(company=other_company), value="7777")
    response = put(
        admin_client,
        customer,
        update_body(
            AccessKeys=[{"AccessKeyTypeId": 1, "Value": "7777"}, {"AccessKeyTypeId": 2, "Value": "7777"}]
        ),
    )
    assert response.status_code == 200, response.content
    assert UserAccessKey.objects.filter(customer=customer).count() == 2


def test_duplicate_keys_within_the_request_are_400(admin_client, customer, key):
    before = state()
    response = put(admin_client, customer, update_body(AccessKeys=[{"AccessKeyTypeId": 1, "Value": "1234"}]))
    assert_error(response, 400, "AccessKeys[0].Value", "Duplicate")
    assert state() == before


def test_a_freed_value_can_be_reused_in_the_same_request(admin_client, customer, key):
    response = put(
        admin_client,
        customer,
        update_body(
            AccessKeys=[{"AccessKeyTypeId": 1, "Value": "1234"}], AccessKeysToDelete=[{"Id": str(key.pk)}]
        ),
    )
    assert response.status_code == 200, response.content
    [row] = UserAccessKey.objects.filter(customer=customer)
    assert row.value == "1234" and row.pk != key.pk


@pytest.mark.parametrize(
    ("item", "field", "code"),
    [
        ({"Value": "1"}, "AccessKeys[0].AccessKeyTypeId", "NotEmpty"),
        ({"AccessKeyTypeId": 9, "Value": "1"}, "AccessKeys[0].AccessKeyTypeId", "NotFound"),
        ({"AccessKeyTypeId": 1}, "AccessKeys[0].Value", "NotEmpty"),
        ({"AccessKeyTypeId": 1, "Value": ""}, "AccessKeys[0].Value", "NotEmpty"),
        ({"AccessKeyTypeId": "one", "Value": "1"}, "AccessKeys[0].AccessKeyTypeId", "Invalid"),
        ({"Id": "not-a-guid", "Value": "1"}, "AccessKeys[0].Id", "Invalid"),
    ],
)
def test_bad_access_key_input_is_400(admin_client, customer, item, field, code):
    before = state()
    response = put(admin_client, customer, update_body(Firstname="X", AccessKeys=[item]))
    assert_error(response, 400, field, code)
    assert state() == before


def test_key_updated_and_deleted_at_once_is_400(admin_client, customer, key):
    response = put(
        admin_client,
        customer,
        update_body(AccessKeys=[{"Id": str(key.pk), "Value": "1"}], AccessKeysToDelete=[{"Id": str(key.pk)}]),
    )
    assert_error(response, 400, "AccessKeys[0].Id")
    assert UserAccessKey.objects.get(pk=key.pk).value == "1234"


# --- custom fields ----------------------------------------------------------------------------


def test_custom_field_value_is_stored_and_updated(admin_client, customer, member_field):
    CustomFieldValueFactory(customer=customer, field=member_field, value="111111")
    response = put(
        admin_client, customer, update_body(CustomFields=[{"Id": member_field.pk, "Value": "123456"}])
    )
    assert response.status_code == 200, response.content
    assert CustomFieldValue.objects.get(customer=customer, field=member_field).value == "123456"
    assert response.json()["CustomFieldValues"][0]["Value"] == "123456"


def test_unknown_custom_field_id_is_400(admin_client, customer, other_company):
    foreign = CustomFieldConfigFactory(company=other_company)
    before = state()
    response = put(
        admin_client,
        customer,
        update_body(
            Firstname="X", CustomFields=[{"Id": 999999, "Value": "a"}, {"Id": foreign.pk, "Value": "a"}]
        ),
    )
    assert_error(response, 400, "CustomFields[0].Id", "NotFound")
    assert_error(response, 400, "CustomFields[1].Id")
    assert state() == before


def test_regex_failure_is_400_with_the_configured_message(admin_client, customer, member_field, events):
    before = state()
    response = put(
        admin_client,
        customer,
        update_body(Firstname="X", CustomFields=[{"Id": member_field.pk, "Value": "12ab"}]),
    )
    assert_error(response, 400, "CustomFields[0].Value", "RegularExpression")
    assert response.json()["ResponseStatus"]["Message"] == "A membership number is six digits."
    assert state() == before
    assert events == []


@pytest.mark.parametrize(
    ("config", "value", "code"),
    [
        ({"max_length": 3}, "abcd", "MaximumLength"),
        ({"is_mandatory": True, "mandatory_error_message": "Say it"}, "  ", "NotEmpty"),
        ({"data_type": "DropDown", "values": ["S", "M"]}, "XL", "Enum"),
        ({"data_type": "DropDown", "values": [{"Value": "S"}]}, "M", "Enum"),
        ({"data_type": "NumericTextBox"}, "ten", "Invalid"),
        ({"data_type": "CheckBox"}, "yes", "Invalid"),
        ({"data_type": "Date"}, "31/12/2026", "Invalid"),
    ],
)
def test_custom_field_value_against_its_config(admin_client, company, customer, config, value, code):  # noqa: PLR0917
    field = CustomFieldConfigFactory(company=company, **config)
    response = put(admin_client, customer, update_body(CustomFields=[{"Id": field.pk, "Value": value}]))
    assert_error(response, 400, "CustomFields[0].Value", code)
    assert not CustomFieldValue.objects.exists()


@pytest.mark.parametrize(
    ("config", "value"),
    [
        ({"data_type": "DropDown", "values": ["S", "M"]}, "M"),
        ({"data_type": "NumericTextBox"}, "10,5"),
        ({"data_type": "CheckBox"}, "True"),
        ({"data_type": "Date"}, "2026-12-31"),
        ({"reg_ex": "[0-9]"}, "abc1"),
    ],
)
def test_valid_custom_field_values(admin_client, company, customer, config, value):
    field = CustomFieldConfigFactory(company=company, **config)
    response = put(admin_client, customer, update_body(CustomFields=[{"Id": field.pk, "Value": value}]))
    assert response.status_code == 200, response.content
    assert CustomFieldValue.objects.get(field=field).value == value


def test_mandatory_field_without_a_value_is_400(admin_client, company, customer):
    field = CustomFieldConfigFactory(company=company, is_mandatory=True, mandatory_error_message="Shoe size?")
    response = put(admin_client, customer, update_body())
    assert_error(response, 400, "CustomFields", "NotEmpty")
    assert response.json()["ResponseStatus"]["Message"] == "Shoe size?"
    CustomFieldValueFactory(customer=customer, field=field, value="42")
    assert put(admin_client, customer, update_body()).status_code == 200


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"Firstname": None}, "Firstname", "NotNull"),
        ({"Firstname": "  "}, "Firstname", "NotEmpty"),
        ({"Lastname": None}, "Lastname", "NotNull"),
        ({"Email": "x" * 255}, "Email", "MaximumLength"),
        ({"SubscribedToNewsletter": "maybe"}, "SubscribedToNewsletter", "Invalid"),
        ({"CustomFields": [{"Id": "abc", "Value": "1"}]}, "CustomFields[0].Id", "Invalid"),
        ({"CustomFields": "nope"}, "CustomFields", "Invalid"),
        ({"InvoiceAddress": {"InvoiceCity": "x" * 101}}, "InvoiceAddress.InvoiceCity", "MaximumLength"),
        ({"CompanyId": "not-a-guid"}, "CompanyId", "Invalid"),
    ],
)
def test_bad_input_is_400_with_field_name(admin_client, customer, changes, field, code):
    before = state()
    response = put(admin_client, customer, update_body(**changes))
    assert_error(response, 400, field, code)
    assert state() == before


@pytest.mark.parametrize("missing", ["Firstname", "Lastname", "Phone", "Email"])
def test_required_strings_must_be_sent(admin_client, customer, missing):
    body = update_body()
    del body[missing]
    assert_error(put(admin_client, customer, body), 400, missing, "NotEmpty")


def test_empty_strings_clear_the_optional_ones(admin_client, customer):
    response = put(admin_client, customer, update_body(Lastname="", Phone="", Email=""))
    assert response.status_code == 200
    customer.refresh_from_db()
    assert (customer.lastname, customer.phone, customer.email) == ("", "", "")


def test_invalid_id_in_path_is_400(admin_client):
    response = admin_client.put("/customers/not-a-guid", update_body(), format="json")
    assert_error(response, 400, "Id", "Invalid")


# --- invoice address --------------------------------------------------------------------------


def test_invoice_address_left_out_is_kept_and_sent_is_replaced(admin_client, customer):
    before = list(InvoiceAddress.objects.values())
    assert put(admin_client, customer, update_body(Firstname="Y")).status_code == 200
    assert list(InvoiceAddress.objects.values()) == before
    response = put(admin_client, customer, update_body(InvoiceAddress={"InvoiceCity": "Malmö"}))
    address = InvoiceAddress.objects.get(customer=customer)
    assert (address.invoice_city, address.invoice_address1, address.pk) == ("Malmö", "", before[0]["id"])
    assert response.json()["InvoiceAddress"]["InvoiceCity"] == "Malmö"


def test_customer_without_invoice_address_answers_null(admin_client, company):
    customer = CustomerFactory(company=company)
    body = put(admin_client, customer, update_body()).json()
    assert body["InvoiceAddress"] is None


# --- one transaction --------------------------------------------------------------------------


def test_a_refused_request_changes_nothing(admin_client, customer, key, member_field, events):
    """Valid details, keys and address, then one bad custom field: the whole request is refused."""
    before = state()
    response = put(
        admin_client,
        customer,
        update_body(
            Firstname="Changed",
            SubscribedToNewsletter=True,
            AccessKeys=[{"Id": str(key.pk), "Value": "0000"}, {"AccessKeyTypeId": 2, "Value": "NEW"}],
            InvoiceAddress={"InvoiceCity": "Göteborg"},
            CustomFields=[{"Id": member_field.pk, "Value": "bad"}],
        ),
    )
    assert_error(response, 400, "CustomFields[0].Value")
    assert state() == before
    assert events == []


# --- queries ----------------------------------------------------------------------------------


def _put_counting(admin_client, customer, fields, keys, round_):
    """Updates every key but the last, deletes the last, creates one; counts the SQL statements.

    SAVEPOINT/RELEASE come from the test's wrapping transaction: in production the service's
    atomic block is the outermost one and issues no such statements.
    """
    body = update_body(
        Firstname=f"Round {round_}",
        CustomFields=[{"Id": f.pk, "Value": f"v{round_}"} for f in fields],
        AccessKeys=[{"Id": str(k.pk), "Value": f"{k.pk}-{round_}"} for k in keys[:-1]]
        + [{"AccessKeyTypeId": 3, "Value": f"new-{customer.pk}-{round_}"}],
        AccessKeysToDelete=[{"Id": str(keys[-1].pk)}],
        InvoiceAddress={"InvoiceCity": f"City {round_}"},
    )
    with CaptureQueriesContext(connection) as queries:
        response = put(admin_client, customer, body)
    assert response.status_code == 200, response.content
    return [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def test_query_count_is_constant_and_at_most_15(admin_client, company):
    customers = [CustomerFactory(company=company) for _ in range(3)]
    fields = [CustomFieldConfigFactory(company=company) for _ in range(5)]
    for customer in customers:
        CustomerCommentFactory.create_batch(3, customer=customer)
    keys = [
        UserAccessKeyFactory.create_batch(n, customer=c) for n, c in zip((2, 2, 6), customers, strict=True)
    ]
    _put_counting(admin_client, customers[0], fields[:1], keys[0], 0)  # the token's last_used is written
    few = _put_counting(admin_client, customers[1], fields[:1], keys[1], 1)
    many = _put_counting(admin_client, customers[2], fields, keys[2], 1)
    assert len(few) == len(many), "\n".join(many)
    assert len(many) <= 15, "\n".join(many)


# --- the webhooks outbox ----------------------------------------------------------------------


def test_update_writes_a_webhook_message_and_a_refusal_does_not(admin_client, company, own_customer):
    from webhooks.models import WebhookMessage
    from webhooks.services import endpoint_create

    endpoint_create(company=company, url="http://127.0.0.1:9/hook", event_types=["customer.updated"])
    refused = put(admin_client, own_customer, update_body(Firstname="X", Email="not-allowed@example.com"))
    assert refused.status_code == 403
    assert not WebhookMessage.objects.exists()

    assert (
        put(admin_client, own_customer, update_body(Firstname="New", Email="anna@example.com")).status_code
        == 200
    )
    [message] = WebhookMessage.objects.all()
    assert message.event_type == "customer.updated"
    assert (message.payload["Id"], message.payload["Firstname"]) == (str(own_customer.pk), "New")
    assert message.payload["ChangedFields"] == ["Firstname", "Lastname", "Phone"]


def test_two_keys_swap_their_values(admin_client, customer):
    a = UserAccessKeyFactory(customer=customer, value="A")
    b = UserAccessKeyFactory(customer=customer, value="B")
    response = put(
        admin_client,
        customer,
        update_body(AccessKeys=[{"Id": str(a.pk), "Value": "B"}, {"Id": str(b.pk), "Value": "A"}]),
    )
    assert response.status_code == 200, response.content
    assert dict(UserAccessKey.objects.values_list("pk", "value")) == {a.pk: "B", b.pk: "A"}
