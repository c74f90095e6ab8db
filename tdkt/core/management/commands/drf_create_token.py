"""`tdkt drf_create_token <login> [-r]`: DRF's command, except that an expired token is replaced by a new one
(DRF's would print the old key, which the API refuses) and the issuing is recorded in the audit trail."""

from django.db import transaction
from rest_framework.authtoken.management.commands import drf_create_token
from rest_framework.authtoken.models import Token

from tdkt.audit.services import audit_record
from tdkt.core.tokens import token_expired


class Command(drf_create_token.Command):
    help = "Tạo mã truy cập API (token) cho một tài khoản; mã đã hết hạn được thay bằng mã mới."

    def create_user_token(self, username, reset_token):
        user = drf_create_token.UserModel._default_manager.get_by_natural_key(username)
        with transaction.atomic():
            existing = Token.objects.select_for_update().filter(user=user).first()
            if existing and not reset_token and not token_expired(existing.created):
                return existing
            replaced = existing is not None
            Token.objects.filter(user=user).delete()
            token = Token.objects.create(user=user)
            audit_record(
                actor=None,
                action="org.user.token_issued",
                obj=user,
                after={"replaced": replaced},
                reason="tdkt drf_create_token",
            )
        return token
