"""The API answers bad input in Vietnamese, library messages included."""

import subprocess
import sys

from django.conf import settings
from rest_framework.test import APIClient


def test_validation_messages_of_the_library_are_vietnamese(org):
    api = APIClient()
    api.force_authenticate(org.officer_a)
    answer = api.post("/api/v1/awards/", {"entry": "KHONG_CO", "year": "năm"}, format="json")
    details = {e["attr"]: e["detail"] for e in answer.json()["errors"]}
    assert answer.status_code == 400
    assert details["entry"] == "Không có đối tượng có code=KHONG_CO."
    assert details["year"].startswith("Năm phải là số từ 1945 đến")
    anonymous = APIClient().get("/api/v1/people/")
    assert anonymous.json()["errors"][0]["detail"] == "Chưa đăng nhập (không có thông tin xác thực)."


def test_the_compiled_catalogue_is_current():
    result = subprocess.run([sys.executable, "scripts/compile_messages.py", "--check"], cwd=settings.BASE_DIR,
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 0, result.stdout
