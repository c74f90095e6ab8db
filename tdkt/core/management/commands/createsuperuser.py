"""`tdkt createsuperuser`, with the new account recorded in the audit trail like every other write."""

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import createsuperuser
from django.db import transaction

from tdkt.audit.services import audit_record, snapshot


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        users = get_user_model()._default_manager  # org's User, through settings: core sits below org
        with transaction.atomic():
            before = set(users.filter(is_superuser=True).values_list("id", flat=True))
            super().handle(*args, **options)
            for user in users.filter(is_superuser=True).exclude(id__in=before):
                audit_record(
                    actor=None,
                    action="org.user.created",
                    obj=user,
                    after=snapshot(user, ["username", "full_name", "is_staff", "is_superuser"]),
                    reason="tdkt createsuperuser",
                )
