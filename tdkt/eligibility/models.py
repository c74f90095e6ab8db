from django.conf import settings
from django.db import models


class RuleOverride(models.Model):
    """An installation's change to an [H]/[U] default of a rule set (the law's confirmed text stays)."""

    rule_set = models.CharField("Bộ quy tắc", max_length=40)
    rule_code = models.CharField("Mã danh hiệu / hình thức", max_length=30)
    leaf = models.PositiveSmallIntegerField("Điều kiện số")
    param = models.CharField("Tham số", max_length=40)
    value = models.JSONField("Giá trị")
    reason = models.TextField("Căn cứ / lý do")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Điều chỉnh quy tắc"
        verbose_name_plural = "Điều chỉnh quy tắc"
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "rule_code", "leaf", "param"], name="rule_override_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rule_set} {self.rule_code} #{self.leaf} {self.param} = {self.value}"
