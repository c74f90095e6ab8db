"""UI import benchmark: a 5,000-row workbook through the wizard, in Chromium, against gunicorn.

    python benchmarks/bench_ui_import.py [--postgres]

Starts gunicorn (production settings) on a fresh database, logs in, uploads, waits for the
validation report, confirms and waits for "Hoàn tất". Prints the seconds from upload to done.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_import import fresh_database  # noqa: E402
from gen_workbook import generate  # noqa: E402

PORT = 8765
PASSWORD = "Bench-mark-2026!"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    workbook = ROOT / "var" / "bench" / "ui-5000.xlsx"
    counts = generate(workbook, people=355)
    rows = sum(counts.values())
    env = fresh_database(args.postgres)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="b" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        TDKT_VAR_DIR=str(ROOT / "var" / "bench"),
    )
    tdkt = str(ROOT / ".venv" / "bin" / "tdkt")
    subprocess.run([tdkt, "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [
            tdkt,
            "shell",
            "-c",
            (
                "from tdkt.org.services import user_create, system_actor;"
                f"user_create(actor=system_actor(), username='bench', password='{PASSWORD}', is_superuser=True)"
            ),
        ],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--worker-class",
            "gthread",
            "--workers",
            "2",
            "--threads",
            "4",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        from playwright.sync_api import expect, sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless"])
            page = browser.new_page()
            base = f"http://127.0.0.1:{PORT}"
            page.goto(f"{base}/dang-nhap/")
            page.get_by_label("Tên đăng nhập").fill("bench")
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}/nhap-du-lieu/")
            page.get_by_label("Tệp dữ liệu").set_input_files(str(workbook))
            started = time.perf_counter()
            page.get_by_role("button", name="Tải lên và kiểm tra").click()
            expect(page.get_by_test_id("job-status")).to_have_text("Hợp lệ, chờ xác nhận", timeout=120000)
            validated = time.perf_counter() - started
            page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
            expect(page.get_by_test_id("job-status")).to_have_text("Hoàn tất", timeout=120000)
            total = time.perf_counter() - started
            browser.close()
    finally:
        server.terminate()
        server.wait()
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"{engine}: UI import of {rows:,} rows: validated in {validated:.1f} s, done in {total:.1f} s "
        "(upload → report → confirm → done; includes the user's click and the 1 s polling)"
    )


if __name__ == "__main__":
    main()
