"""CreateVossUsage (POST /voss/usage), VossUsageQuery (GET /voss/usage), GetVossProducts."""

import re
import uuid

import pytest

from integrations.voss_models import VossProduct, VossUsage
from tests.integrations.voss.factories import VossProductFactory

pytestmark = pytest.mark.django_db

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def post_usage(client, company, *, article="USAGE-DEV-HOUR", quantity=6, key=None, url="/voss/usage"):
    headers = {"Idempotency-Key": key} if key else {}
    body = {"CompanyId": str(company.pk), "ArticleNumber": article, "Quantity": quantity}
    return client.post(url, body, format="json", headers=headers)


def test_create_usage_answers_the_product_group_result_and_bills_voss_once(  # noqa: PLR0917
    admin_client, company, dev_hour, voss, events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_usage(admin_client, company, key="order-1")

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"productGroupType", "status", "name", "products", "created"}
    assert body["productGroupType"] == "Optional"
    assert body["status"] == "Active"
    assert body["name"] == "Developer hour"
    assert body["products"] == [{"name": "Developer hour", "articleNumber": "USAGE-DEV-HOUR"}]
    assert ISO_UTC.match(body["created"])
    assert "Idempotent-Replayed" not in response.headers

    usage = VossUsage.objects.get()
    assert (usage.company, usage.product, usage.quantity, usage.idempotency_key) == (
        company,
        dev_hour,
        6,
        "order-1",
    )
    assert usage.status == VossUsage.Status.SENT
    assert usage.attempts == 1
    assert usage.voss_status_code == 201
    assert usage.voss_response["products"][0]["articleNumber"] == "USAGE-DEV-HOUR"
    assert usage.voss_response["customerBalanceChange"]["totalAmount"] == 5700.0
    assert voss.state.billed == [
        {
            "customerId": "cust-acme",
            "subscriptionId": "subscription-1",
            "key": f"{company.pk}:order-1",
            "articleNumber": "USAGE-DEV-HOUR",
            "quantity": 6,
        }
    ]
    assert events == [
        (
            "voss.usage.created",
            str(company.pk),
            {
                "Id": str(usage.pk),
                "ArticleNumber": "USAGE-DEV-HOUR",
                "Quantity": 6,
                "IdempotencyKey": "order-1",
                "Status": "Pending",
                "Created": body["created"],
            },
        )
    ]


def test_create_usage_through_the_predefined_route_with_camel_case_keys(
    admin_client, company, dev_hour, voss, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/api/CreateVossUsage",
            {"companyId": str(company.pk), "articleNumber": "USAGE-DEV-HOUR", "quantity": 2},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert response.json()["products"] == [{"name": "Developer hour", "articleNumber": "USAGE-DEV-HOUR"}]
    assert voss.state.billed_quantity("USAGE-DEV-HOUR") == 2
    # Without Idempotency-Key a key is generated (and still sent to VOSS).
    assert len(VossUsage.objects.get().idempotency_key) == 32


def test_unknown_article_is_refused_with_400_and_nothing_recorded(admin_client, company, dev_hour, events):
    response = post_usage(admin_client, company, article="NOPE")

    assert response.status_code == 400
    assert response.json() == {
        "ResponseStatus": {
            "ErrorCode": "NotFound",
            "Message": "Unknown article number 'NOPE'. See GET /voss/products.",
            "Errors": [
                {
                    "ErrorCode": "NotFound",
                    "FieldName": "ArticleNumber",
                    "Message": "Unknown article number 'NOPE'. See GET /voss/products.",
                }
            ],
        }
    }
    assert not VossUsage.objects.exists()
    assert events == []


def test_inactive_or_other_companys_article_is_unknown(admin_client, company, other_company, voss_settings):
    VossProductFactory(company=company, article_number="OLD", active=False)
    VossProductFactory(company=other_company, article_number="THEIRS")
    for article in ("OLD", "THEIRS"):
        response = post_usage(admin_client, company, article=article)
        assert response.status_code == 400
        assert response.json()["ResponseStatus"]["Errors"][0]["FieldName"] == "ArticleNumber"
    assert not VossUsage.objects.exists()


@pytest.mark.parametrize(
    ("quantity", "code"),
    [(0, "GreaterThanOrEqual"), (-3, "GreaterThanOrEqual"), ("six", "Invalid"), (1.5, "Invalid")],
)
def test_quantity_must_be_a_positive_integer(admin_client, company, dev_hour, quantity, code):
    response = post_usage(admin_client, company, quantity=quantity)
    assert response.status_code == 400
    status = response.json()["ResponseStatus"]
    assert status["ErrorCode"] == code
    assert status["Errors"][0]["FieldName"] == "Quantity"
    assert not VossUsage.objects.exists()


def test_company_id_is_required(admin_client, company, dev_hour):
    response = admin_client.post(
        "/voss/usage", {"ArticleNumber": "USAGE-DEV-HOUR", "Quantity": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["ResponseStatus"]["Errors"][0] == {
        "ErrorCode": "NotEmpty",
        "FieldName": "CompanyId",
        "Message": "This field is required.",
    }


def test_company_without_voss_settings_is_refused(admin_client, company):
    VossProductFactory(company=company, article_number="A")
    response = post_usage(admin_client, company, article="A")
    assert response.status_code == 400
    assert response.json()["ResponseStatus"]["ErrorCode"] == "NotConfigured"
    assert not VossUsage.objects.exists()


@pytest.mark.usefixtures("dev_hour")
def test_repeated_idempotency_key_returns_the_first_answer_and_records_nothing(
    admin_client, company, voss, events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = post_usage(admin_client, company, quantity=3, key="k-1")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = post_usage(admin_client, company, quantity=3, key="k-1")

    assert second.status_code == 200
    assert second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert callbacks == []  # nothing enqueued
    assert VossUsage.objects.count() == 1
    assert len(events) == 1
    assert voss.state.billed_quantity() == 3
    assert voss.state.requests == 1


def test_reusing_a_key_for_a_different_request_is_refused(admin_client, company, dev_hour):
    post_usage(admin_client, company, quantity=3, key="k-1")
    response = post_usage(admin_client, company, quantity=4, key="k-1")
    assert response.status_code == 422
    assert response.json()["ResponseStatus"]["ErrorCode"] == "IdempotencyKeyReused"
    assert list(VossUsage.objects.values_list("quantity", flat=True)) == [3]


@pytest.mark.usefixtures("dev_hour", "other_voss_settings")
def test_the_same_key_in_two_companies_bills_both(  # noqa: PLR0917
    client_for, company, other_company, admin_user, other_admin, voss, django_capture_on_commit_callbacks
):
    VossProductFactory(company=other_company, article_number="USAGE-DEV-HOUR")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_usage(client_for(admin_user), company, quantity=1, key="same").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert post_usage(client_for(other_admin), other_company, quantity=2, key="same").status_code == 200
    assert voss.state.billed_quantity(customer_id="cust-acme") == 1
    assert voss.state.billed_quantity(customer_id="cust-other") == 2


@pytest.mark.usefixtures("dev_hour")
def test_roles_and_tenant_isolation_on_create(  # noqa: PLR0917
    client_for, anon_client, company, reader_user, other_admin, superadmin, voss
):
    assert post_usage(anon_client, company).status_code == 401
    assert post_usage(client_for(reader_user), company).status_code == 403
    assert post_usage(client_for(other_admin), company).status_code == 403
    missing = {"CompanyId": str(uuid.uuid4()), "ArticleNumber": "USAGE-DEV-HOUR", "Quantity": 1}
    assert client_for(other_admin).post("/voss/usage", missing, format="json").status_code == 404
    assert not VossUsage.objects.exists()
    assert voss.state.requests == 0
    assert post_usage(client_for(superadmin), company, quantity=1).status_code == 200


@pytest.mark.usefixtures("dev_hour", "other_voss_settings")
def test_usage_list_shows_status_and_voss_answer_for_the_company_only(  # noqa: PLR0917
    client_for, admin_user, reader_user, other_admin, company, other_company, voss,
    django_capture_on_commit_callbacks, django_assert_max_num_queries,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        post_usage(client_for(admin_user), company, quantity=1, key="a")
    voss.state.down = True
    with django_capture_on_commit_callbacks(execute=True):
        post_usage(client_for(admin_user), company, quantity=2, key="b")
    VossProductFactory(company=other_company, article_number="USAGE-DEV-HOUR")
    post_usage(client_for(other_admin), other_company, quantity=9, key="theirs")

    reader = client_for(reader_user)
    with django_assert_max_num_queries(10):
        response = reader.get("/voss/usage", {"CompanyId": str(company.pk), "OrderBy": "Quantity"})
    assert response.status_code == 200
    body = response.json()
    assert (body["Offset"], body["Total"]) == (0, 2)
    first, second = body["Results"]
    assert (first["Quantity"], first["Status"], first["IdempotencyKey"]) == (1, "Sent", "a")
    assert first["VossResult"]["customerBalanceChange"]["totalAmount"] == 950.0
    assert first["ProductName"] == "Developer hour"
    assert (second["Quantity"], second["Status"], second["Attempts"], second["VossResult"]) == (
        2,
        "Pending",
        1,
        {"message": "VOSS is down."},
    )
    assert "503" in second["LastError"]

    only_pending = reader.get("/voss/usage", {"CompanyId": str(company.pk), "Status": "Pending"}).json()
    assert [row["IdempotencyKey"] for row in only_pending["Results"]] == ["b"]
    # The other company's admin sees only its own rows; asking for ours is refused.
    theirs = client_for(other_admin).get("/voss/usage").json()
    assert [row["IdempotencyKey"] for row in theirs["Results"]] == ["theirs"]
    assert client_for(other_admin).get("/voss/usage", {"CompanyId": str(company.pk)}).status_code == 403


def test_usage_list_query_count_does_not_grow_with_rows(
    admin_client, company, dev_hour, django_assert_max_num_queries
):
    for n in range(30):
        post_usage(admin_client, company, quantity=n + 1, key=f"k{n}")
    with django_assert_max_num_queries(10):
        response = admin_client.get("/voss/usage", {"Take": 50})
    assert response.json()["Total"] == 30
    assert len(response.json()["Results"]) == 30


def test_products_list_names_and_article_numbers(
    client_for, reader_user, other_admin, company, voss_settings
):
    VossProductFactory(company=company, article_number="B-2", name="Beta", product_type="Addon")
    VossProductFactory(company=company, article_number="A-1", name="Alpha")
    VossProductFactory(company=company, article_number="C-3", name="Gone", active=False)

    reader = client_for(reader_user)
    response = reader.get("/voss/products")
    assert response.status_code == 200
    assert response.json() == [
        {"Name": "Alpha", "ArticleNumber": "A-1"},
        {"Name": "Beta", "ArticleNumber": "B-2"},
    ]
    assert reader.get("/voss/products", {"ProductType": "Addon"}).json() == [
        {"Name": "Beta", "ArticleNumber": "B-2"}
    ]
    assert reader.get("/voss/products", {"ProductType": "Nope"}).status_code == 400
    assert client_for(other_admin).get("/voss/products").json() == []
    assert client_for(other_admin).get("/voss/products", {"CompanyId": str(company.pk)}).status_code == 403
    assert VossProduct.objects.count() == 3


def test_an_overlong_idempotency_key_is_refused(admin_client, company, dev_hour):
    response = post_usage(admin_client, company, key="k" * 256)
    assert response.status_code == 400
    assert response.json()["ResponseStatus"]["Errors"][0]["FieldName"] == "Idempotency-Key"
    assert not VossUsage.objects.exists()
    assert post_usage(admin_client, company, key="k" * 255).status_code == 200


def test_the_created_event_reaches_subscribed_webhook_endpoints_once(admin_client, company, dev_hour):
    from tests.webhooks.factories import EndpointFactory
    from webhooks.models import WebhookMessage

    EndpointFactory(company=company, event_types=["voss.usage.created"])
    post_usage(admin_client, company, key="hooked")
    post_usage(admin_client, company, key="hooked")  # a repeat publishes nothing
    post_usage(admin_client, company, article="NOPE")  # a refusal publishes nothing
    message = WebhookMessage.objects.get()
    assert (message.company_id, message.event_type) == (company.pk, "voss.usage.created")


@pytest.mark.usefixtures("dev_hour")
def test_create_usage_query_count(admin_client, company, django_assert_max_num_queries):
    post_usage(admin_client, company, key="warm-up")
    # 5 for token and roles, 4 savepoint statements, key lookup, settings, product, INSERT, webhooks.
    with django_assert_max_num_queries(15):
        assert post_usage(admin_client, company, key="measured").status_code == 200
    with django_assert_max_num_queries(10):
        assert post_usage(admin_client, company, key="measured").status_code == 200  # a replay


@pytest.mark.usefixtures("dev_hour")
def test_read_services_answer_at_predefined_routes(admin_client, company):
    post_usage(admin_client, company, key="p")
    products = admin_client.get("/api/GetVossProducts", {"companyId": str(company.pk)})
    assert products.json() == [{"Name": "Developer hour", "ArticleNumber": "USAGE-DEV-HOUR"}]
    usage = admin_client.get("/json/reply/VossUsageQuery", {"jsconfig": "TextCase:CamelCase"})
    assert usage.json()["results"][0]["idempotencyKey"] == "p"
