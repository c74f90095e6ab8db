"""The year-end rush (issue #8): officers reading records, searching and listing, and a few writing.

Mix per simulated user (each logs in as its own officer account `bench.canbo.N` of the root unit, pages by
session, API by its token): 70 % reads (a person's page and record panel, a unit's page, a person through
the API), 25 % search and lists (diacritic-insensitive name search on the page and the API, a person's
awards, the unit tree), 5 % writes through the API (a yearly rating corrected; an ad-hoc award recorded
with an Idempotency-Key). Each officer keeps a steady pace of TDKT_BENCH_PACE requests a second (default
1.2: 50 officers offer 60 requests/s, above the issue's 50) whatever the answer time, as people do; a
slow server shows as a lower rate and longer times, not as fewer requests asked. Run by
benchmarks/serve.py; needs the military-region tier (benchmarks/gen_army.py --people 50000).
"""

import itertools
import json
import os
import random
import uuid
from pathlib import Path

from locust import HttpUser, constant_throughput, task

from benchmarks.locust_reports import log_in

TOKENS = json.loads((Path(__file__).resolve().parent.parent / "var/bench/tokens.json").read_text())
ACCOUNTS = itertools.cycle(sorted(name for name in TOKENS if name.startswith("bench.canbo.")))
PEOPLE, UNITS = int(os.environ.get("TDKT_BENCH_PEOPLE", 50_000)), int(os.environ.get("TDKT_BENCH_UNITS", 795))
RATINGS = ("HTXSNV", "HTTNV", "HTNV")
PACE = float(os.environ.get("TDKT_BENCH_PACE", 1.2))  # requests per second per officer


class Officer(HttpUser):
    wait_time = constant_throughput(PACE)

    def on_start(self):
        self.account = next(ACCOUNTS)
        log_in(self.client, self.account)
        self.api = {"Authorization": f"Token {TOKENS[self.account]}"}

    def person(self) -> int:
        return random.randint(1, PEOPLE)

    # 70 % reads
    @task(20)
    def person_page(self):
        self.client.get(f"/quan-nhan/{self.person()}/", name="read: person page")

    @task(20)
    def record_panel(self):
        self.client.get(f"/ho-so/ca-nhan/{self.person()}/", name="read: record panel")

    @task(15)
    def unit_page(self):
        self.client.get(f"/don-vi/{random.randint(1, UNITS)}/", name="read: unit page")

    @task(15)
    def api_person(self):
        self.client.get(f"/api/v1/people/{self.person()}/records/", headers=self.api, name="read: API records")

    # 25 % search and lists
    @task(8)
    def search_page(self):
        self.client.get(f"/quan-nhan/?q=quan+nhan+{random.randint(1, PEOPLE)}", name="list: search page")

    @task(7)
    def search_api(self):
        self.client.get(f"/api/v1/people/?q=quan nhan {random.randint(1, 999)}", headers=self.api,
                        name="list: search API")  # fmt: skip

    @task(6)
    def awards_of_person(self):
        self.client.get(f"/api/v1/awards/?person={self.person()}", headers=self.api, name="list: awards API")

    @task(4)
    def unit_tree(self):
        self.client.get("/don-vi/", name="list: unit tree")

    # 5 % writes
    @task(3)
    def rating(self):
        body = {"person": self.person(), "year": 2024, "rating": random.choice(RATINGS), "reason": "Rà soát"}
        self.client.post("/api/v1/ratings/", json=body, headers=self.api, name="write: rating")

    @task(2)
    def award(self):
        key = uuid.uuid4().hex
        body = {"person": self.person(), "entry": "GK", "year": 2025, "kind": "DOT_XUAT",
                "achievement": f"Thành tích đột xuất {key[:8]}"}  # fmt: skip
        self.client.post("/api/v1/awards/", json=body, headers={**self.api, "Idempotency-Key": key},
                         name="write: award")  # fmt: skip
