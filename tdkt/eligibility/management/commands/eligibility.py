import argparse
import csv
import json
import sys
from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError

from tdkt.core import display
from tdkt.core.spreadsheets import csv_row
from tdkt.core.years import argparse_year
from tdkt.eligibility.screening import iter_verdicts
from tdkt.org.commands import unit_from_option
from tdkt.rules.loader import RuleSetError, all_rule_sets

PROGRESS_FROM = 5000  # subjects
STATUS_VI = {
    "ELIGIBLE": "Đủ điều kiện",
    "NOT_ELIGIBLE": "Không đủ điều kiện",
    "REVIEW": "Cần xem xét",
    "HELD": "Đã được tặng",
}


def _review_date(text: str) -> date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"Ngày xét không hợp lệ: {text!r} (dạng dd/mm/yyyy).")


class Command(BaseCommand):
    help = "Xét điều kiện khen thưởng cho một năm: ai đủ điều kiện danh hiệu, hình thức nào, và vì sao."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=argparse_year, required=True)
        parser.add_argument("--unit", help="Mã đơn vị: đơn vị này và cấp dưới.")
        parser.add_argument("--award", nargs="+", default=[], help="Chỉ xét các mã này.")
        parser.add_argument("--subject", help="Mã cá nhân hoặc mã đơn vị.")
        parser.add_argument("--format", choices=["json", "csv", "table"], default="table")
        parser.add_argument(
            "--review-date",
            type=_review_date,
            help="Ngày xét (dd/mm/yyyy), mặc định 31/12 của năm xét: thời gian phục vụ tính đến ngày này.",
        )

    def _progress(self, done: int, total: int) -> None:
        """On stderr, so that the JSON or CSV on stdout stays clean; only for screens worth waiting for."""
        if total >= PROGRESS_FROM:
            self.stderr.write(f"Đã xét {done:,}/{total:,} đối tượng ({done / total:.0%})".replace(",", "."))

    def handle(self, *args, year, unit, award, subject, format, review_date=None, **options):
        root = unit_from_option(unit)
        review_date = review_date or date(year, 12, 31)
        try:
            rule_set, verdicts = iter_verdicts(
                year=year,
                root=root,
                award_codes=award,
                subject_code=subject,
                review_date=review_date,
                progress=self._progress,
            )
        except RuleSetError as exc:
            raise CommandError(f"Không có bộ quy tắc áp dụng cho năm {year}.") from exc
        if format == "json":
            # Streamed result by result: a whole army's screening never sits in memory as one document.
            out = self.stdout._out
            # the review date is not echoed: the document keeps its exact shape (issue #15 contract)
            out.write(json.dumps({"year": year, "rule_set": rule_set}, ensure_ascii=False)[:-1] + ', "results": [')
            for i, verdict in enumerate(verdicts):
                out.write(("," if i else "") + json.dumps(verdict.as_dict(), ensure_ascii=False))
            out.write("]}\n")
        elif format == "csv":
            writer = csv.writer(sys.stdout)
            writer.writerow(["subject_type", "subject_code", "award_code", "status", "reasons"])
            for v in verdicts:
                reasons = " | ".join(f"{r.condition}: {r.evidence} ({r.source})" for r in v.reasons)
                # A field that could start a formula gets a leading ' (tdkt/core/spreadsheets.py).
                writer.writerow(csv_row([v.subject_type, v.subject_code, v.award_code, v.status.value, reasons]))
        else:
            # the text a person reads names the law and the award (JSON and CSV keep the codes: they are data)
            title = {r.name: r.title for r in all_rule_sets()}.get(rule_set, rule_set)
            self.stdout.write(f"Năm {year} — {title} — ngày xét {review_date:%d/%m/%Y}")
            for v in verdicts:
                award = display.name("danh_muc", v.award_code)
                self.stdout.write(f"{v.subject_code:<14} {award} — {STATUS_VI[v.status.value]}")
                for r in v.reasons:
                    mark = {True: "✓", False: "✗", None: "?"}[r.met]
                    self.stdout.write(f"    {mark} {r.condition}: {r.evidence} — {r.source}")
