"""PostgreSQL only: the GiST index that serves the collision check.

(resource_id, tstzrange(from_at, to_at, '[)')) over active rows, with btree_gist for the integer
column. The selectors' PostgreSQL query repeats this exact expression so the planner uses it.
On other databases both operations do nothing (the portable (resource, start) index serves).
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

INDEX = "bookingres_resource_during_gist"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON scheduling_bookingresource "
        "USING gist (resource_id, tstzrange(from_at, to_at, '[)')) WHERE active"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
