from django.core.management.base import BaseCommand
from django.db import transaction

from tdkt.core import display
from tdkt.core.models import WorkingYear
from tdkt.core.working_year import working_year_set
from tdkt.core.years import working_year
from tdkt.demo.emulation import load_demo_emulation
from tdkt.demo.nominations import load_demo_nominations
from tdkt.demo.org import DEMO_PASSWORD, DEMO_USERS, build_demo
from tdkt.demo.records import load_demo_history
from tdkt.demo.service_length import load_demo_service_length
from tdkt.exchange.spec import SHEETS
from tdkt.org.services import system_actor

# The demo's records end with 2022 (ratings, awards, the khen cao dossiers, the scoring round): its pages open
# on that year rather than on the calendar's, where they would be empty. An administrator's choice is kept.
DEMO_WORKING_YEAR = 2022


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu Quân khu 5 (xác định, chạy lại không tạo trùng)."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = build_demo(progress=lambda message: self.stdout.write(message))
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {created['units']} đơn vị, {created['people']} quân nhân, {created['users']} tài khoản."
            )
        )
        summary = load_demo_history()
        # the sheets by their titles and the counts the Vietnamese way ("đánh giá +10.372"), not "DanhGia +10372"
        parts = ", ".join(
            f"{SHEETS[sheet].title.lower() if sheet in SHEETS else sheet} +{display.number(counts.get('create', 0))}"
            for sheet, counts in summary.items()
        )
        self.stdout.write(self.style.SUCCESS(f"Quá trình thi đua, khen thưởng 2018–2022: {parts}."))
        emulation = load_demo_emulation()
        self.stdout.write(
            self.style.SUCCESS(
                f"Cụm thi đua số 4: {emulation['clusters']} cụm mới, {emulation['leaders']} lượt cụm trưởng mới."
            )
        )

        nominations = load_demo_nominations()
        self.stdout.write(
            self.style.SUCCESS(
                f"Hồ sơ đề nghị khen cao năm 2022: {nominations['dossiers']} hồ sơ, {nominations['items']} đề nghị."
            )
        )
        service = load_demo_service_length()
        self.stdout.write(
            self.style.SUCCESS(
                f"Khen thưởng theo niên hạn: {service['dossiers']} hồ sơ mới; "
                f"{service['reaching']} người đủ 10 năm phục vụ trong năm nay."
            )
        )
        if not WorkingYear.objects.exists():
            working_year_set(actor=system_actor(), year=DEMO_WORKING_YEAR, note="Dữ liệu mẫu: quá trình 2018–2022")
        self.stdout.write(self.style.SUCCESS(f"Năm đang xét: {working_year()}."))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, full_name, unit_code, role, _ in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role.label} — {display.name('don_vi', unit_code)} — {full_name}")
