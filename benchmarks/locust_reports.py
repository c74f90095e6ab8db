"""Officers reading the annual summary and the dashboard (issue #7, military-region tier).

Each simulated user logs in as `bench.canbo` (an officer of the root unit), reads the unit choices off the
summary page and then, with no think time, asks for the summary or the dashboard of a random scope (the
root or one of its direct subordinates) and a random year among the last three. Run by benchmarks/serve.py.
"""

import os
import random
import re

from locust import HttpUser, task

PASSWORD = os.environ.get("TDKT_BENCH_PASSWORD", "")
YEARS = (2022, 2023, 2024)


def log_in(client, username: str) -> None:
    page = client.get("/dang-nhap/", name="login form")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = client.post(
        "/dang-nhap/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{client.base_url}/dang-nhap/"},
        name="login",
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"login failed for {username}: {answer.status_code}")


class Officer(HttpUser):
    def on_start(self):
        log_in(self.client, "bench.canbo")
        page = self.client.get("/bao-cao/tong-ket/", name="summary form")
        select = re.search(r'<select[^>]*name="don_vi".*?</select>', page.text, re.S).group(0)
        self.units = re.findall(r'<option value="([^"]+)"', select)

    @task(1)
    def summary(self):
        unit, year = random.choice(self.units), random.choice(YEARS)
        self.client.get(f"/bao-cao/tong-ket/?nam={year}&don_vi={unit}", name="summary page")

    @task(1)
    def dashboard(self):
        unit, year = random.choice(self.units), random.choice(YEARS)
        self.client.get(f"/bao-cao/bang-dieu-khien/?nam={year}&don_vi={unit}", name="dashboard page")
