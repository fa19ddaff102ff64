"""Our signature is what the Standard Webhooks reference library verifies."""

import base64
import hashlib
import hmac
import time

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from webhooks.models import new_secret
from webhooks.services import sign


def test_standardwebhooks_verifies_our_signature():
    secret = new_secret()
    body = b'{"type":"booking.canceled","data":{"Id":1}}'
    stamp = int(time.time())
    headers = {
        "webhook-id": "msg_abc",
        "webhook-timestamp": str(stamp),
        "webhook-signature": sign(secret=secret, msg_id="msg_abc", timestamp=stamp, body=body),
    }
    assert Webhook(secret).verify(body, headers) == {"type": "booking.canceled", "data": {"Id": 1}}


def test_a_tampered_body_or_another_secret_fails():
    secret = new_secret()
    stamp = int(time.time())
    signature = sign(secret=secret, msg_id="msg_abc", timestamp=stamp, body=b"{}")
    headers = {"webhook-id": "msg_abc", "webhook-timestamp": str(stamp), "webhook-signature": signature}
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(b'{"a":1}', headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(b"{}", headers)


def test_signature_matches_the_specification_by_hand():
    secret = "whsec_" + base64.b64encode(b"k" * 24).decode()
    expected = base64.b64encode(hmac.new(b"k" * 24, b"msg_1.1700000000.{}", hashlib.sha256).digest()).decode()
    assert sign(secret=secret, msg_id="msg_1", timestamp=1700000000, body=b"{}") == f"v1,{expected}"


def test_secret_format():
    secret = new_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 24
