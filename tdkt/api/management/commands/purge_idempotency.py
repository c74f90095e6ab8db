"""`tdkt purge_idempotency [--days 7]`: forget the answers kept for Idempotency-Key retries after a while.

A client retries a lost answer within seconds or minutes; a week is far beyond any retry. The rows hold
answers, not records (the award itself is in the legal record and its audit trail), so they are deleted
like expired sessions (`tdkt clearsessions`); run both nightly (docs/operations.md).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from tdkt.api.models import IdempotentRequest


class Command(BaseCommand):
    help = "Xóa các câu trả lời lưu cho khóa chống gửi trùng (Idempotency-Key) cũ hơn số ngày cho trước."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="giữ lại các khóa của chừng ấy ngày gần nhất")

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError("--days phải từ 1 trở lên.")
        with transaction.atomic():
            deleted, _ = IdempotentRequest.objects.filter(created_at__lt=timezone.now() - timedelta(days=days)).delete()
        self.stdout.write(f"Đã xóa {deleted} khóa chống gửi trùng cũ hơn {days} ngày.")
