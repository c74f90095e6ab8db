from django.urls import reverse

from tdkt.exchange.models import ImportJob
from tdkt.exchange.tests.helpers import good_sheets, write_workbook
from tdkt.org.models import Person
from tdkt.org.tests.factories import client_for


def upload(client, path):
    with open(path, "rb") as handle:
        return client.post(reverse("exchange:import"), {"file": handle})


def test_wizard_good_file_preview_then_confirm(org, tmp_path, settings, django_capture_on_commit_callbacks):
    settings.VAR_DIR = tmp_path
    client = client_for(org.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, write_workbook(tmp_path / "tot.xlsx", good_sheets()))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "VALID" and not Person.objects.filter(code="N-001").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Xác nhận nhập dữ liệu" in page and "CaNhan" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exchange:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "DONE" and Person.objects.filter(code="N-001").exists()
    assert client.post(reverse("exchange:confirm", args=[job.pk]), follow=True).status_code == 200  # no second apply
    assert Person.objects.filter(code="N-001").count() == 1


def test_wizard_bad_file_shows_the_report_and_a_download(org, tmp_path, settings, django_capture_on_commit_callbacks):
    settings.VAR_DIR = tmp_path
    sheets = good_sheets()
    sheets["CaNhan"][1][2] = "31/02/2024"
    client = client_for(org.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, write_workbook(tmp_path / "loi.xlsx", sheets))
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert job.status == "INVALID" and "Ngày không tồn tại trong lịch." in page and "Không dữ liệu nào được ghi" in page
    report = client.get(reverse("exchange:report", args=[job.pk]))
    assert report["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.post(reverse("exchange:confirm", args=[job.pk])).status_code == 302
    assert not Person.objects.filter(code="N-001").exists()


def test_upload_limits(org, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    settings.IMPORT_MAX_UPLOAD_MB = 1
    big = tmp_path / "lon.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\0" * (2 * 1024 * 1024))
    response = upload(client_for(org.officer_a), big)
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()
    fake = tmp_path / "gia.xlsx"
    fake.write_bytes(b"MZ" + b"\0" * 100)
    response = upload(client_for(org.officer_a), fake)
    assert response.status_code == 400 and "không phải là tệp Excel" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_default_upload_limit_refuses_a_50_mb_file():
    from tdkt.exchange.views import max_upload_bytes

    assert max_upload_bytes() < 50 * 1024 * 1024


def test_jobs_belong_to_their_uploader(org, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    upload(client_for(org.officer_a), write_workbook(tmp_path / "tot.xlsx", good_sheets()))
    job = ImportJob.objects.get()
    assert client_for(org.officer_b).get(reverse("exchange:job", args=[job.pk])).status_code == 404
    assert client_for(org.officer_b).post(reverse("exchange:confirm", args=[job.pk])).status_code == 404


def test_export_download_is_scoped(org, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    response = client_for(org.officer_a).get(reverse("exchange:export"), {"format": "json"})
    data = b"".join(response.streaming_content).decode()
    assert "Đặng Văn Đức" in data and "Nguyễn Văn An" not in data
    foreign = client_for(org.officer_a).get(reverse("exchange:export"), {"format": "xlsx", "unit": org.b.pk})
    assert foreign.status_code == 302  # a unit outside the remit is not a valid choice
