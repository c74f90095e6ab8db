"""The law by date as an officer sees it: the CLI's rule_set per result, the rule sets page, the screening."""

import importlib
import json
from datetime import date

from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from tdkt.eligibility.models import RuleOverride
from tdkt.eligibility.rulesets import rule_set_for, rule_set_named
from tdkt.org.tests.factories import client_for
from tdkt.records import services
from tdkt.records.models import CatalogueEntry
from tdkt.rules.loader import iter_leaves


def _cstt_htxsnv(org, person, year):
    services.rating_set(actor=org.admin, person=person, year=year, rating="HTXSNV")
    services.award_record(actor=org.admin, person=person, entry=CatalogueEntry.objects.get(code="CSTT"), year=year)


def _json(capsys, *args) -> dict:
    call_command("eligibility", *args, "--format", "json")
    return json.loads(capsys.readouterr().out)


def test_2022_is_screened_under_the_2003_law_and_htxsnv_alone_is_not_cstdcs(org, capsys):
    _cstt_htxsnv(org, org.person_a1, 2022)
    payload = _json(capsys, "--year", "2022", "--subject", org.person_a1.code, "--award", "CSTDCS")
    assert set(payload) == {"year", "rule_set", "results"} and payload["rule_set"] == "luat-2003"
    [result] = payload["results"]
    assert result["rule_set"] == "luat-2003" and result["status"] == "NOT_ELIGIBLE"
    assert any(r["met"] is False and "sáng kiến" in r["condition"].lower() for r in result["reasons"])
    services.initiative_record(actor=org.admin, person=org.person_a1, year=2022, name="Cải tiến", scope="CO_SO")
    [result] = _json(capsys, "--year", "2022", "--subject", org.person_a1.code, "--award", "CSTDCS")["results"]
    assert result["status"] == "ELIGIBLE"


def test_2025_is_screened_under_the_2022_law_where_htxsnv_is_enough(org, capsys):
    _cstt_htxsnv(org, org.person_a1, 2025)
    payload = _json(capsys, "--year", "2025", "--subject", org.person_a1.code, "--award", "CSTDCS")
    assert [(r["rule_set"], r["status"]) for r in payload["results"]] == [("luat-2022", "ELIGIBLE")]


def test_the_rule_sets_page_shows_each_regime_s_texts_decrees_and_transition(org):
    html = client_for(org.viewer_a).get(reverse("eligibility:rule_sets")).content.decode()
    texts = html[html.index('data-testid="legal-texts"') :]
    assert "Nghị định 152/2025/NĐ-CP" in texts and "từ 01/07/2025" in texts and "quyết định" in texts
    nd98 = html[html.index('data-testid="period-nd-98-2023"') :]
    assert "Nghị định 98/2023/NĐ-CP: từ 01/01/2024 đến 30/06/2025" in nd98
    assert "Chiến sĩ thi đua toàn quốc" in nd98[: nd98.index("</div>")]  # named, not CSTDTQUOC
    nd152 = html[html.index('data-testid="period-nd-152-2025"') :]
    assert "152/2025" in nd152[: nd152.index("</div>")] and "91/2017" not in nd152[: nd152.index("</div>")]
    assert "trước ngày 01/01/2024 tiếp tục thực hiện theo" in html[html.index('data-testid="transition"') :]
    assert 'data-testid="period-nd-91-2017"' in html


def test_the_screening_names_its_regime_and_decree(org):
    _cstt_htxsnv(org, org.person_a, 2025)
    html = client_for(org.officer_a).get(reverse("eligibility:screening"), {"year": 2025}).content.decode()
    summary = html[html.index('data-testid="screening-summary"') :]
    assert "luat-2022" in summary and "chỉ tiêu theo Nghị định 152/2025/NĐ-CP" in summary[:600]


def test_a_submitted_dossier_s_date_picks_the_regime_with_the_installation_s_overrides(org):
    assert rule_set_for(2023).name == "luat-2003"
    assert rule_set_for(2023, submitted_on=date(2024, 1, 8)).name == "luat-2022"
    assert rule_set_for(2023, submitted_on=date(2024, 1, 8)).period.name == "nd-98-2023"


def test_overrides_of_the_old_cstdcs_follow_its_leaves(org):
    migration = importlib.import_module("tdkt.eligibility.migrations.0002_luat_2003_cstdcs_leaves")
    where = {"rule_set": "luat-2003", "rule_code": "CSTDCS", "created_by": org.admin, "reason": "Quy chế"}
    RuleOverride.objects.create(**where, leaf=2, param="level", value="HTTNV")  # the HTXSNV alternative
    RuleOverride.objects.create(**where, leaf=3, param="min_scope", value="TOAN_QUAN")  # the initiative
    RuleOverride.objects.create(**where, leaf=5, param="mode", value="REQUIRED")  # the registration
    migration.forward(apps, None)
    moved = dict(RuleOverride.objects.filter(rule_set="luat-2003").values_list("leaf", "param"))
    assert moved == {2: "min_scope", 4: "mode"}
    leaves = list(iter_leaves(rule_set_named("luat-2003").rules["CSTDCS"].condition))
    assert leaves[2]["min_scope"] == "TOAN_QUAN" and leaves[4]["mode"] == "REQUIRED"
