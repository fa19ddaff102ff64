"""A company administrator in the admin, in a real browser: logs in, edits a customer and an
access key, and creates a time exception over a booking, which saves with a collision warning."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bokamera.demo import DEMO_PASSWORD, seed_demo
from customers.models import Customer, UserAccessKey
from scheduling.models import Booking, TimeException

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    # The live server speaks plain HTTP: cookies marked Secure would not come back.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    summary = seed_demo()
    return summary["Companies"][0]


def _url(live_server, name: str, *args) -> str:
    return live_server.url + reverse(name, args=args)


def test_staff_edits_customer_and_access_key_and_sees_collision_warning(
    live_server, demo, browser_page, screenshot
):
    page = browser_page
    customer = Customer.objects.filter(company_id=demo["CompanyId"], access_keys__isnull=False).first()
    access_key = UserAccessKey.objects.filter(customer=customer).first()
    booking = Booking.objects.filter(company_id=demo["CompanyId"]).order_by("start").first()
    other_company = Customer.objects.exclude(company_id=demo["CompanyId"]).first().company

    # Log in as the company's staff user (not a superuser).
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", demo["AdminUsername"])
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")
    screenshot("01-admin-index")
    assert f"Welcome, {demo['AdminUsername']}".lower() in page.inner_text("#user-tools").lower()

    # The customers list shows this company's customers only.
    page.goto(_url(live_server, "admin:customers_customer_changelist"))
    listing = page.inner_text("#result_list")
    assert customer.lastname in listing
    assert demo["Name"] in listing
    assert other_company.name not in listing
    screenshot("02-customers")

    # Edit the customer.
    page.goto(_url(live_server, "admin:customers_customer_change", customer.pk))
    page.fill("#id_firstname", "Annika")
    page.fill("#id_phone", "+46 70 999 99 99")
    page.click("input[name=_save]")
    success = page.inner_text("ul.messagelist")
    assert "was changed successfully" in success
    screenshot("03-customer-saved")
    customer.refresh_from_db()
    assert (customer.firstname, customer.phone) == ("Annika", "+46 70 999 99 99")

    # Edit the access key on its own page.
    page.goto(_url(live_server, "admin:customers_useraccesskey_change", access_key.pk))
    page.fill("#id_value", "987654")
    page.fill("#id_description", "Back door")
    screenshot("04-access-key-form")
    page.click("input[name=_save]")
    assert "was changed successfully" in page.inner_text("ul.messagelist")
    access_key.refresh_from_db()
    assert (access_key.value, access_key.description) == ("987654", "Back door")

    # A time exception over the booking's day and resource: saved, with the collision warning.
    local_start = timezone.localtime(booking.start, booking.company.tzinfo)
    resource = booking.resources.first()
    page.goto(_url(live_server, "admin:scheduling_timeexception_add"))
    page.select_option("#id_company", value=str(booking.company_id))
    page.select_option("#id_resources", value=str(resource.pk))
    page.fill("#id_from_date", local_start.date().isoformat())
    page.fill("#id_to_date", local_start.date().isoformat())
    page.fill("#id_from_time", "08:00:00")
    page.fill("#id_to_time", "18:00:00")
    page.fill("#id_reason_text", "Staff meeting (browser test)")
    screenshot("05-time-exception-form")
    page.click("input[name=_save]")
    messages = page.inner_text("ul.messagelist")
    screenshot("06-collision-warning")
    assert "This time exception collides with active bookings" in messages
    assert f"#{booking.pk} ({booking.start:%Y-%m-%d %H:%M} UTC)" in messages
    assert page.locator("ul.messagelist li.warning").count() == 1
    exception = TimeException.objects.get(reason_text="Staff meeting (browser test)")
    assert list(exception.resources.all()) == [resource]
    assert exception.from_time == dt.timedelta(hours=8)
