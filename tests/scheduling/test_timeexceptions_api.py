"""POST/GET/PUT/DELETE /timeexceptions and GET /timeexceptions/collidingevents over HTTP."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core import mail

from scheduling.models import Booking, BookingStatus, Notification, NotificationStatus, TimeException
from tests.scheduling.factories import CustomerFactory, ResourceFactory, make_booking

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=STOCKHOLM)


def body(resource_ids, **extra):
    """Mondays 10:00-12:00 in June 2026 (June 1, 8, 15, 22, 29)."""
    return {
        "From": "2026-06-01T00:00:00",
        "To": "2026-06-30",
        "ResourceIds": resource_ids,
        "FromTime": "PT10H",
        "ToTime": "PT12H",
        "DaysOfWeek": [1],
        "ReasonText": "Course",
        **extra,
    }


@pytest.fixture
def colliding(company, resource):
    """Two bookings inside the exception (with customers) and one outside it."""
    first = make_booking(
        resources=[resource], start=local(2026, 6, 8, 11), customer=CustomerFactory(company=company)
    )
    second = make_booking(
        resources=[resource], start=local(2026, 6, 22, 9, 30), customer=CustomerFactory(company=company)
    )
    outside = make_booking(resources=[resource], start=local(2026, 6, 9, 10))  # a Tuesday
    return first, second, outside


def test_create_without_collisions_answers_every_field(admin_client, company, resource, events):
    second = ResourceFactory(company=company, name="Bertil", description="", color="#00FF00")
    response = admin_client.post(
        "/timeexceptions",
        body(
            [second.pk, resource.pk],
            DaysOfWeek=[7, 1],
            ReasonTextPublic="Closed",
            Color="#AABBCC",
            BlockTime=True,
            Private=True,
        ),
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    exception = TimeException.objects.get()
    assert data == {
        "Id": exception.pk,
        "CompanyId": str(company.pk),
        "Locked": False,
        "ResourceIds": [resource.pk, second.pk],
        "Resources": [
            {
                "Id": resource.pk,
                "Name": "Anna",
                "Description": "Hairdresser",
                "Color": "#FF0000",
                "ImageUrl": None,
            },
            {"Id": second.pk, "Name": "Bertil", "Description": "", "Color": "#00FF00", "ImageUrl": None},
        ],
        "IsRecurring": True,
        "From": "2026-06-01T10:00:00+02:00",
        "To": "2026-06-30T12:00:00+02:00",
        "FromTime": "PT10H",
        "ToTime": "PT12H",
        "ReasonText": "Course",
        "ReasonTextPublic": "Closed",
        "Color": "#AABBCC",
        "BlockTime": True,
        "Private": True,
        "CalendarExportStatus": None,
        "DaysOfWeek": [
            {"DayOfWeekId": 1, "DotNetDayOfWeekId": 1, "DayOfWeek": "Monday"},
            {"DayOfWeekId": 7, "DotNetDayOfWeekId": 0, "DayOfWeek": "Sunday"},
        ],
        "Created": data["Created"],
    }
    assert data["Created"].endswith("Z")
    assert [event for event, _ in events] == ["timeexception.created"]
    assert events[0][1]["Id"] == exception.pk


def test_non_recurring_exception(admin_client, resource):
    response = admin_client.post(
        "/timeexceptions",
        {"From": "2026-07-01", "To": "2026-07-14", "ResourceIds": [resource.pk], "ReasonText": "Vacation"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["IsRecurring"], data["DaysOfWeek"]) == (False, [])
    assert (data["From"], data["To"]) == ("2026-07-01T00:00:00+02:00", "2026-07-15T00:00:00+02:00")
    assert (data["FromTime"], data["ToTime"]) == ("PT0S", "P1D")


def test_colliding_bookings_answer_409_naming_them(admin_client, resource, colliding, events):
    first, second, _ = colliding
    response = admin_client.post("/timeexceptions", body([resource.pk]), format="json")
    assert response.status_code == 409
    status = response.json()["ResponseStatus"]
    assert status["ErrorCode"] == "CollidingBookings"
    assert "/timeexceptions/collidingevents" in status["Message"]
    assert status["Meta"]["CollidingBookingIds"] == f"{first.pk},{second.pk}"
    assert [(e["ErrorCode"], e["FieldName"], e["Meta"]["BookingId"]) for e in status["Errors"]] == [
        ("CollidingBooking", "ResourceIds", str(first.pk)),
        ("CollidingBooking", "ResourceIds", str(second.pk)),
    ]
    assert not TimeException.objects.exists()
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.BOOKED}
    assert events == []


def test_force_with_option_1_adds_and_leaves_bookings(
    admin_client, resource, colliding, events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/timeexceptions",
            body([resource.pk], Force=True, CollidingBookingOptions="AddWithoutCancelingCollidingBookings"),
            format="json",
        )
    assert response.status_code == 200, response.json()
    assert TimeException.objects.count() == 1
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.BOOKED}
    assert not Notification.objects.exists()
    assert mail.outbox == []
    assert [event for event, _ in events] == ["timeexception.created"]


def test_force_defaults_to_option_1(admin_client, resource, colliding):
    response = admin_client.post("/timeexceptions", body([resource.pk], Force=True), format="json")
    assert response.status_code == 200
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.BOOKED}


@pytest.mark.parametrize("option", ["AddAndCancelCollidingBookings", 2, "2"])
def test_force_with_option_2_cancels_and_tells_customers_once(
    admin_client, resource, colliding, *, events, django_capture_on_commit_callbacks, capsys, option
):
    first, second, outside = colliding
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(
            "/timeexceptions",
            body(
                [resource.pk],
                Force=True,
                CollidingBookingOptions=option,
                CancelMessage="Sorry, we are on a course.",
                SendEmailConfirmation=True,
                SendSmsConfirmation=True,
            ),
            format="json",
        )
    assert response.status_code == 200, response.json()
    assert len(callbacks) == 4  # two e-mails and two SMS, enqueued after commit
    statuses = dict(Booking.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: BookingStatus.CANCELED,
        second.pk: BookingStatus.CANCELED,
        outside.pk: BookingStatus.BOOKED,
    }
    assert Booking.objects.get(pk=first.pk).cancel_message == "Sorry, we are on a course."
    notifications = Notification.objects.order_by("booking_id", "channel")
    assert [(n.booking_id, n.channel, n.status) for n in notifications] == [
        (first.pk, "email", NotificationStatus.SENT),
        (first.pk, "sms", NotificationStatus.SENT),
        (second.pk, "email", NotificationStatus.SENT),
        (second.pk, "sms", NotificationStatus.SENT),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.customer.email, second.customer.email])
    assert all(m.body == "Sorry, we are on a course." for m in mail.outbox)
    printed = capsys.readouterr().out
    assert printed.count("Sorry, we are on a course.") == 2 and first.customer.phone in printed
    assert [event for event, _ in events] == ["booking.canceled", "booking.canceled", "timeexception.created"]
    assert {payload["Id"] for event, payload in events[:2]} == {first.pk, second.pk}
    assert events[2][1]["CanceledBookingIds"] == [first.pk, second.pk]

    # The freed time no longer collides; running the tasks again sends nothing twice.
    from scheduling.tasks import send_notification

    for notification in notifications:
        assert send_notification(notification.pk) == NotificationStatus.SENT
    assert len(mail.outbox) == 2


def test_option_2_without_confirmation_flags_emails_but_sends_no_sms(
    admin_client, resource, colliding, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/timeexceptions", body([resource.pk], Force=True, CollidingBookingOptions=2), format="json"
        )
    assert response.status_code == 200
    assert sorted(Notification.objects.values_list("channel", flat=True)) == ["email", "email"]
    assert mail.outbox[0].body.startswith("Your booking on 2026-06-")


def test_option_2_with_both_confirmations_off_sends_nothing(admin_client, resource, colliding):
    response = admin_client.post(
        "/timeexceptions",
        body(
            [resource.pk],
            Force=True,
            CollidingBookingOptions=2,
            SendEmailConfirmation=False,
            SendSmsConfirmation=False,
        ),
        format="json",
    )
    assert response.status_code == 200
    assert Booking.objects.filter(status=BookingStatus.CANCELED).count() == 2
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"To": "2026-05-31"}, "To", "GreaterThanOrEqual"),
        ({"ToTime": "PT10H"}, "ToTime", "GreaterThan"),
        ({"ToTime": "PT9H"}, "ToTime", "GreaterThan"),
        ({"DaysOfWeek": [0]}, "DaysOfWeek", "InclusiveBetween"),
        ({"DaysOfWeek": [8]}, "DaysOfWeek", "InclusiveBetween"),
        ({"ReasonText": ""}, "ReasonText", "NotEmpty"),
        ({"ReasonText": None}, "ReasonText", "NotNull"),
        ({"Color": "red"}, "Color", "Invalid"),
        ({"Color": "#12345"}, "Color", "Invalid"),
        ({"ResourceIds": [999999]}, "ResourceIds", "NotFound"),
        ({"ResourceIds": []}, "ResourceIds", "NotEmpty"),
        ({"FromTime": "PT25H"}, "FromTime", "Invalid"),
        ({"CollidingBookingOptions": "CancelEverything"}, "CollidingBookingOptions", "Enum"),
    ],
)
def test_bad_input_is_400_with_field_name(admin_client, resource, changes, field, code):
    response = admin_client.post("/timeexceptions", body([resource.pk], **changes), format="json")
    assert response.status_code == 400, response.json()
    status = response.json()["ResponseStatus"]
    assert status["Errors"][0]["FieldName"] == field
    assert status["ErrorCode"] == code
    assert not TimeException.objects.exists()


def test_missing_required_fields_are_named(admin_client):
    response = admin_client.post("/timeexceptions", {}, format="json")
    assert response.status_code == 400
    named = {error["FieldName"] for error in response.json()["ResponseStatus"]["Errors"]}
    assert {"From", "To", "ResourceIds", "ReasonText"} <= named


def test_non_recurring_end_must_follow_start_on_one_day(admin_client, resource):
    response = admin_client.post(
        "/timeexceptions",
        {
            "From": "2026-07-01",
            "To": "2026-07-01",
            "FromTime": "PT12H",
            "ToTime": "PT8H",
            "ResourceIds": [resource.pk],
            "ReasonText": "x",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["ResponseStatus"]["Errors"][0]["FieldName"] == "ToTime"


def test_non_recurring_may_end_earlier_in_the_day_on_a_later_date(admin_client, resource):
    response = admin_client.post(
        "/timeexceptions",
        {
            "From": "2026-07-01",
            "To": "2026-07-03",
            "FromTime": "PT14H",
            "ToTime": "PT8H",
            "ResourceIds": [resource.pk],
            "ReasonText": "Trip",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()


# --- Tenancy and roles --------------------------------------------------------------------------


def test_another_companys_resource_is_a_400_and_nothing_is_written(admin_client, other_company):
    foreign = ResourceFactory(company=other_company)
    make_booking(resources=[foreign], start=local(2026, 6, 8, 11))
    response = admin_client.post(
        "/timeexceptions", body([foreign.pk], Force=True, CollidingBookingOptions=2), format="json"
    )
    assert response.status_code == 400
    assert response.json()["ResponseStatus"]["Errors"][0]["FieldName"] == "ResourceIds"
    assert not TimeException.objects.exists()
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.BOOKED}


def test_another_companys_id_is_403(admin_client, other_company):
    foreign = ResourceFactory(company=other_company)
    response = admin_client.post(
        "/timeexceptions", body([foreign.pk], CompanyId=str(other_company.pk)), format="json"
    )
    assert response.status_code == 403
    assert not TimeException.objects.exists()


def test_reader_cannot_create_and_sees_exceptions_locked(client_for, reader_user, admin_client, resource):
    reader = client_for(reader_user)
    response = reader.post("/timeexceptions", body([resource.pk]), format="json")
    assert response.status_code == 403
    assert not TimeException.objects.exists()
    created = admin_client.post("/timeexceptions", body([resource.pk]), format="json").json()
    listed = reader.get("/timeexceptions").json()
    assert [(row["Id"], row["Locked"]) for row in listed["Results"]] == [(created["Id"], True)]
    assert reader.get(f"/timeexceptions/{created['Id']}").json()["Locked"] is True
    assert reader.delete(f"/timeexceptions/{created['Id']}").status_code == 403
    assert TimeException.objects.count() == 1


def test_anonymous_is_401(anon_client, resource):
    assert anon_client.post("/timeexceptions", body([resource.pk]), format="json").status_code == 401
    assert anon_client.get("/timeexceptions/collidingevents").status_code == 401


def test_another_companys_exception_is_404(client_for, other_admin, admin_client, resource):
    created = admin_client.post("/timeexceptions", body([resource.pk]), format="json").json()
    other = client_for(other_admin)
    assert other.get(f"/timeexceptions/{created['Id']}").status_code == 404
    assert (
        other.put(f"/timeexceptions/{created['Id']}", {"ReasonText": "Mine"}, format="json").status_code
        == 404
    )
    assert other.delete(f"/timeexceptions/{created['Id']}").status_code == 404
    assert other.get("/timeexceptions").json()["Total"] == 0
    assert TimeException.objects.get().reason_text == "Course"


# --- Reads, updates and deletes -----------------------------------------------------------------


def test_colliding_events_lists_and_writes_nothing(
    admin_client, resource, colliding, django_assert_max_num_queries
):
    first, second, _ = colliding
    params = {
        "ResourceIds": f"[{resource.pk}]",
        "From": "/Date(1780272000000)/",  # 2026-06-01T00:00Z
        "To": "2026-06-30",
        "FromTime": "10:00",
        "ToTime": "PT12H",
        "DaysOfWeek": "1",
        "IncludeCustomerInformation": "true",
    }
    with django_assert_max_num_queries(8):
        response = admin_client.get("/timeexceptions/collidingevents", params)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["ResourceIds"] == [resource.pk]
    assert [b["Id"] for b in data["Bookings"]] == [first.pk, second.pk]
    assert data["Bookings"][0] == {
        "Id": first.pk,
        "From": "2026-06-08T09:00:00Z",
        "To": "2026-06-08T10:00:00Z",
        "StatusId": 1,
        "Status": "Booked",
        "ResourceIds": [resource.pk],
        "Customer": {
            "Id": str(first.customer.pk),
            "Firstname": first.customer.firstname,
            "Lastname": "Svensson",
            "Email": first.customer.email,
            "Phone": first.customer.phone,
        },
    }
    assert not TimeException.objects.exists()
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.BOOKED}


def test_colliding_events_at_the_predefined_route(admin_client, resource, colliding):
    response = admin_client.get(
        "/api/CollidingBookingQuery",
        {
            "resourceIds": f"[{resource.pk}]",
            "from": "2026-06-01",
            "to": "2026-06-30",
            "fromTime": "PT10H",
            "toTime": "PT12H",
            "daysOfWeek": "[1]",
        },
    )
    assert response.status_code == 200
    assert len(response.json()["Bookings"]) == 2
    assert "Customer" not in response.json()["Bookings"][0]


def test_list_filters_and_pages(admin_client, company, resource, django_assert_max_num_queries):
    other_resource = ResourceFactory(company=company)
    june = admin_client.post("/timeexceptions", body([resource.pk]), format="json").json()
    august = admin_client.post(
        "/timeexceptions", body([other_resource.pk], From="2026-08-01", To="2026-08-31"), format="json"
    ).json()
    for extra in range(3):
        admin_client.post(
            "/timeexceptions",
            body([other_resource.pk], From="2026-09-01", To="2026-09-30", ReasonText=f"R{extra}"),
            format="json",
        )
    # 7 for authentication and roles, then count, page and the resources of the whole page.
    with django_assert_max_num_queries(10):
        everything = admin_client.get("/timeexceptions", {"Take": 2, "OrderBy": "Id"}).json()
    with django_assert_max_num_queries(10):
        assert len(admin_client.get("/timeexceptions").json()["Results"]) == 5
    assert everything["Total"] == 5 and everything["Offset"] == 0
    assert [row["Id"] for row in everything["Results"]] == [june["Id"], august["Id"]]
    by_resource = admin_client.get("/timeexceptions", {"ResourceIds": f"[{resource.pk}]"}).json()
    assert [row["Id"] for row in by_resource["Results"]] == [june["Id"]]
    by_dates = admin_client.get("/timeexceptions", {"From": "2026-07-15", "To": "2026-08-15"}).json()
    assert [row["Id"] for row in by_dates["Results"]] == [august["Id"]]


def test_get_put_delete_by_id(admin_client, resource, colliding, django_capture_on_commit_callbacks):
    created = admin_client.post(
        "/timeexceptions",
        body([resource.pk], DaysOfWeek=[2], FromTime="PT13H", ToTime="PT14H"),
        format="json",
    ).json()
    url = f"/timeexceptions/{created['Id']}"
    assert admin_client.get(url).json() == created

    # Moving it onto Mondays 10-12 collides: 409 and nothing changes.
    moved = admin_client.put(url, {"DaysOfWeek": [1], "FromTime": "PT10H", "ToTime": "PT12H"}, format="json")
    assert moved.status_code == 409
    assert TimeException.objects.get().days_of_week == [2]

    renamed = admin_client.put(
        url,
        {"ReasonText": "Renamed", "DaysOfWeek": [], "From": "2026-07-01", "To": "2026-07-02"},
        format="json",
    )
    assert renamed.status_code == 200, renamed.json()
    assert (renamed.json()["ReasonText"], renamed.json()["IsRecurring"]) == ("Renamed", False)
    assert renamed.json()["FromTime"] == "PT13H"

    with django_capture_on_commit_callbacks(execute=True):
        forced = admin_client.put(
            url,
            {
                "DaysOfWeek": [1],
                "From": "2026-06-01",
                "To": "2026-06-30",
                "FromTime": "PT10H",
                "ToTime": "PT12H",
                "Force": True,
                "CollidingBookingOptions": "AddAndCancelCollidingBookings",
            },
            format="json",
        )
    assert forced.status_code == 200
    assert Booking.objects.filter(status=BookingStatus.CANCELED).count() == 2
    assert len(mail.outbox) == 2

    deleted = admin_client.delete(url)
    assert deleted.status_code == 200
    assert deleted.json()["Id"] == created["Id"]
    assert not TimeException.objects.exists()
    assert admin_client.get(url).status_code == 404


def test_jsv_body_with_enum_name(admin_client, resource, colliding):
    text = (
        "{From:2026-06-01,To:2026-06-30,ResourceIds:[" + str(resource.pk) + "],FromTime:PT10H,ToTime:PT12H,"
        "DaysOfWeek:[1],ReasonText:Course,Force:True,CollidingBookingOptions:AddAndCancelCollidingBookings,"
        "SendEmailConfirmation:False}"
    )
    response = admin_client.post("/timeexceptions.jsv", text, content_type="text/jsv")
    assert response.status_code == 200, response.content
    assert response.content.startswith(b"{Id:")
    assert Booking.objects.filter(status=BookingStatus.CANCELED).count() == 2


def test_published_client_shape_at_the_predefined_route(admin_client, resource, colliding):
    """camelCase body at /json/reply/{Name}, camelCase answer with ?jsconfig."""
    response = admin_client.post(
        "/json/reply/CreateResourceTimeException?jsconfig=TextCase:CamelCase",
        {
            "from": "2026-06-01T00:00:00",
            "to": "2026-06-30T00:00:00",
            "resourceIds": [resource.pk],
            "fromTime": "PT10H",
            "toTime": "PT12H",
            "daysOfWeek": [1],
            "reasonText": "Course",
        },
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["responseStatus"]["errorCode"] == "CollidingBookings"


@pytest.mark.parametrize(("suffix", "start"), [(".xml", b"<?xml"), (".csv", b"Id,"), (".jsv", b"{Offset:")])
def test_list_in_other_formats(admin_client, resource, suffix, start):
    admin_client.post("/timeexceptions", body([resource.pk]), format="json")
    response = admin_client.get(f"/timeexceptions{suffix}")
    assert response.status_code == 200
    assert response.content.startswith(start)
