from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_access_key_types(sender, using: str = "default", **kwargs) -> None:
    """The fixed access key types (1 PinCode, 2 Card, 3 Other) exist after every migrate and after
    every flush (a flush empties the rows the data migration made; Django re-emits post_migrate)."""
    from .models import ACCESS_KEY_TYPES, AccessKeyType

    existing = set(AccessKeyType.objects.using(using).values_list("pk", flat=True))
    AccessKeyType.objects.using(using).bulk_create(
        [
            AccessKeyType(pk=pk, name=name, description=description)
            for pk, name, description in ACCESS_KEY_TYPES
            if pk not in existing
        ]
    )


class CustomersConfig(AppConfig):
    name = "customers"

    def ready(self) -> None:
        post_migrate.connect(ensure_access_key_types, sender=self)
