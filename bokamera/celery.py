"""The Celery app. Without CELERY_BROKER_URL tasks run eagerly in-process (see settings)."""

import importlib
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bokamera.settings")

app = Celery("bokamera")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Each app may declare periodic tasks in `<app>/schedule.py` as BEAT_SCHEDULE = {...}.
for _app in ("customers", "scheduling", "webhooks", "integrations"):
    try:
        _module = importlib.import_module(f"{_app}.schedule")
    except ModuleNotFoundError:
        continue
    app.conf.beat_schedule.update(_module.BEAT_SCHEDULE)
if not app.conf.broker_url:
    app.conf.broker_url = "memory://"
