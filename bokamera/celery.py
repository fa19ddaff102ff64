"""The Celery app. Without CELERY_BROKER_URL tasks run eagerly in-process (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bokamera.settings")

app = Celery("bokamera")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
if not app.conf.broker_url:
    app.conf.broker_url = "memory://"
