import json

from django.core.management.base import BaseCommand, CommandError

from tdkt.core.years import argparse_year
from tdkt.emulation.models import Cluster
from tdkt.org.commands import unit_from_option
from tdkt.reports.summary import annual_summary


class Command(BaseCommand):
    help = "Báo cáo tổng hợp thi đua, khen thưởng một năm của một đơn vị (gồm cấp dưới) hoặc một cụm thi đua."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="report", required=True)
        summary = sub.add_parser("summary", help="Báo cáo tổng kết năm.")
        summary.add_argument("--year", type=argparse_year, required=True)
        where = summary.add_mutually_exclusive_group(required=True)
        where.add_argument("--unit", help="Mã đơn vị.")
        where.add_argument("--cluster", help="Mã cụm thi đua.")
        summary.add_argument("--format", choices=["json", "docx", "xlsx", "pdf"], default="json")
        summary.add_argument("--output", help="Tệp kết quả (mặc định: in ra màn hình với json).")

    def handle(self, *args, report, year, unit, cluster, format, output, **options):
        scope = {"unit": unit_from_option(unit)} if unit else {"cluster": self._cluster(cluster)}
        summary = annual_summary(year=year, **scope)
        if format != "json":
            from tdkt.nominations.documents import PdfUnavailable, TemplateUnusable
            from tdkt.reports import exports

            if not output:
                raise CommandError(f"Định dạng {format} cần --output TỆP.")
            try:
                data = {"docx": exports.summary_docx, "xlsx": exports.summary_xlsx, "pdf": exports.summary_pdf}[format](
                    summary
                )
            except (PdfUnavailable, TemplateUnusable) as exc:
                raise CommandError(str(exc)) from exc
            with open(output, "wb") as handle:
                handle.write(data)
            self.stdout.write(f"Đã ghi {output}")
            return
        text = json.dumps(summary, ensure_ascii=False, indent=1)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            self.stdout.write(text)

    def _cluster(self, code: str):
        found = Cluster.objects.filter(code=code.strip().upper()).first()
        if found is None:
            raise CommandError(f"Không có cụm thi đua mã {code}.")
        return found
