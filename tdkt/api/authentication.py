"""Token authentication with an expiry (`API_TOKEN_TTL_HOURS`); tokens are also deleted when the password changes
(`tdkt.org.models.User.save`)."""

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from tdkt.core.tokens import token_expired


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's `Authorization: Token <key>`, refused (401) once the token is older than the configured lifetime."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token.created):
            raise exceptions.AuthenticationFailed("Mã truy cập đã hết hạn.")
        return user, token
