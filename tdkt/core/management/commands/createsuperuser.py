"""`tdkt createsuperuser`, with the new account recorded in the audit trail like every other write."""

from django.contrib.auth.management.commands import createsuperuser
from django.db import transaction

from tdkt.audit.services import audit_record, snapshot
from tdkt.org.models import User


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        with transaction.atomic():
            before = set(User.objects.filter(is_superuser=True).values_list("id", flat=True))
            super().handle(*args, **options)
            for user in User.objects.filter(is_superuser=True).exclude(id__in=before):
                audit_record(
                    actor=None,
                    action="org.user.created",
                    obj=user,
                    after=snapshot(user, ["username", "full_name", "is_staff", "is_superuser"]),
                    reason="tdkt createsuperuser",
                )
