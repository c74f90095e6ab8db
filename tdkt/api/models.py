from django.conf import settings
from django.db import models


class IdempotentRequest(models.Model):
    """The answer given to a write sent with an `Idempotency-Key`: a retry of the same request gets the same
    answer and writes nothing more (a lost reply after an award was recorded must not record it twice)."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=64)
    operation = models.CharField(max_length=200)  # "METHOD path"
    request_digest = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Yêu cầu chống gửi trùng"
        # a key belongs to its user and its operation: the same key elsewhere is another request
        constraints = [
            models.UniqueConstraint(fields=["actor", "operation", "key"], name="idempotent_request_actor_operation_key")
        ]

    def __str__(self) -> str:
        return f"{self.operation} [{self.key}]"
