"""Password rules in Vietnamese (Django's Vietnamese catalogue lacks the length messages)."""

from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLength
from django.core.exceptions import ValidationError


class MinimumLengthValidator(DjangoMinimumLength):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự.",
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self):
        return f"Mật khẩu phải có ít nhất {self.min_length} ký tự."
