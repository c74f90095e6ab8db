"""The annual summary of a unit subtree or a cluster, computed from the records (issue #7, started).

Counting rules, as the seed's conference counts them:
- commendations are awards of forms (hình thức khen thưởng, not titles) in force (revoked ones never
  count) for the year's achievement; `subjects` and `awards` count the regular, ad-hoc and mission kinds
  ("thường xuyên, đột xuất và trong các nhiệm vụ"), `by_kind` shows every kind including CHUYEN_DE;
- people belong to the scope by their current unit, units by being in the scope's subtree;
- high-level proposals (khen cao) are the distinct subjects of the year's KHEN_CAO dossiers, withdrawn
  items left out;
- titles (danh hiệu) are counted by code; exemplars by their current stage.
"""

from collections import Counter

from django.db.models import Q

from tdkt.emulation.models import ClusterMembership, Exemplar
from tdkt.nominations.choices import ItemStatus
from tdkt.nominations.models import DossierItem
from tdkt.org.models import Unit
from tdkt.org.scoping import descendant_ids
from tdkt.records.choices import AwardStatus, EntryKind
from tdkt.records.models import Award

COUNTED_KINDS = ("THUONG_XUYEN", "DOT_XUAT", "NHIEM_VU")
SUBJECTS = ("TAP_THE", "CA_NHAN")


def scope_units(*, year: int, unit: Unit | None = None, cluster=None) -> list[int]:
    """Ids of every unit in the scope: the unit's subtree, or the subtrees of the cluster's members that year."""
    roots = (
        [unit.pk]
        if unit is not None
        else list(ClusterMembership.objects.filter(cluster=cluster, year=year).values_list("unit_id", flat=True))
    )
    return list(Unit.objects.filter(id__in=descendant_ids(roots)).values_list("id", flat=True)) if roots else []


def _in_scope(units: list[int], prefix: str = "") -> Q:
    return Q(**{f"{prefix}person__unit_id__in": units}) | Q(**{f"{prefix}unit_id__in": units})


def annual_summary(*, year: int, unit: Unit | None = None, cluster=None) -> dict:
    units = scope_units(year=year, unit=unit, cluster=cluster)
    awards = Award.objects.filter(_in_scope(units), year=year, status=AwardStatus.HIEU_LUC)
    forms = awards.filter(entry__kind=EntryKind.HINH_THUC)
    commendations = {}
    for subject in SUBJECTS:
        mine = forms.filter(unit__isnull=False) if subject == "TAP_THE" else forms.filter(person__isnull=False)
        counted = mine.filter(kind__in=COUNTED_KINDS)
        field = "unit_id" if subject == "TAP_THE" else "person_id"
        commendations[subject] = {
            "subjects": counted.values(field).distinct().count(),
            "awards": counted.count(),
            "by_kind": dict(sorted(Counter(mine.values_list("kind", flat=True)).items())),
            "by_code": dict(sorted(Counter(counted.values_list("entry__code", flat=True)).items())),
        }
    titles = dict(
        sorted(Counter(awards.filter(entry__kind=EntryKind.DANH_HIEU).values_list("entry__code", flat=True)).items())
    )
    proposals = DossierItem.objects.filter(_in_scope(units), year=year, kind="KHEN_CAO").exclude(
        status=ItemStatus.DA_RUT
    )
    high = {
        "TAP_THE": proposals.filter(unit__isnull=False).values("unit_id").distinct().count(),
        "CA_NHAN": proposals.filter(person__isnull=False).values("person_id").distinct().count(),
    }
    exemplars = dict(sorted(Counter(Exemplar.objects.filter(_in_scope(units)).values_list("stage", flat=True)).items()))
    scope = (
        {"type": "unit", "code": unit.code, "name": unit.name}
        if unit is not None
        else {"type": "cluster", "code": cluster.code, "name": cluster.name}
    )
    result = {
        "year": year,
        "scope": scope,
        "proposals_high_level": high,
        "commendations": commendations,
        "titles": titles,
        "exemplars": exemplars,
    }
    result["text"] = narrative(result)
    return result


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def narrative(summary: dict) -> str:
    """The summary's figures in the words the conference reports use."""
    high, c = summary["proposals_high_level"], summary["commendations"]
    scope = summary["scope"]["name"]
    parts = [
        f"Năm {summary['year']}, {scope} đã đề nghị khen cao cho {_n(high['TAP_THE'])} tập thể, "
        f"{_n(high['CA_NHAN'])} cá nhân; khen thưởng thường xuyên, đột xuất và trong các nhiệm vụ cho "
        f"{_n(c['TAP_THE']['subjects'])} tập thể và {_n(c['CA_NHAN']['subjects'])} cá nhân."
    ]
    if summary["titles"]:
        named = {
            "CSTT": "Chiến sĩ tiên tiến",
            "CSTDCS": "Chiến sĩ thi đua cơ sở",
            "DVTT": "Đơn vị tiên tiến",
            "DVQT": "Đơn vị quyết thắng",
            "LDTT": "Lao động tiên tiến",
        }
        listed = [f"{_n(n)} {named.get(code, code)}" for code, n in summary["titles"].items() if code in named]
        if listed:
            parts.append("Về danh hiệu thi đua: " + ", ".join(listed) + ".")
    if summary["exemplars"]:
        total = sum(summary["exemplars"].values())
        parts.append(f"Đã phát hiện, bồi dưỡng, tổng kết và nhân rộng {_n(total)} điển hình tiên tiến.")
    return " ".join(parts)


def dashboard_data(*, year: int, unit: Unit | None = None, cluster=None, years: int = 5) -> dict:
    """The dashboard's series, each point with the link to its records (the caller adds the base URL)."""
    from tdkt.emulation.models import Registration, ScoringRound
    from tdkt.emulation.scoring import ranking
    from tdkt.rules.loader import rule_set_for_year

    span = list(range(year - years + 1, year + 1))
    by_year_kind = {}
    for y in span:
        units = scope_units(year=y, unit=unit, cluster=cluster)
        forms = Award.objects.filter(
            _in_scope(units), year=y, status=AwardStatus.HIEU_LUC, entry__kind=EntryKind.HINH_THUC
        )
        by_year_kind[y] = dict(Counter(forms.values_list("kind", flat=True)))
    kinds = sorted({k for counts in by_year_kind.values() for k in counts})
    units = scope_units(year=year, unit=unit, cluster=cluster)
    if cluster is not None:
        parts = [m.unit for m in ClusterMembership.objects.filter(cluster=cluster, year=year).select_related("unit")]
    else:
        parts = list(unit.children.order_by("position", "sort_key")) or [unit]
    by_part = []
    for part in parts:
        sub = list(Unit.objects.filter(id__in=descendant_ids([part.pk])).values_list("id", flat=True))
        counted = Award.objects.filter(
            _in_scope(sub),
            year=year,
            status=AwardStatus.HIEU_LUC,
            entry__kind=EntryKind.HINH_THUC,
            kind__in=COUNTED_KINDS,
        )
        by_part.append(
            {
                "code": part.code,
                "name": part.name,
                "people": counted.filter(person__isnull=False).values("person_id").distinct().count(),
                "units": counted.filter(unit__isnull=False).values("unit_id").distinct().count(),
            }
        )
    titles = Counter(
        Award.objects.filter(
            _in_scope(units), year=year, status=AwardStatus.HIEU_LUC, entry__kind=EntryKind.DANH_HIEU
        ).values_list("entry__code", flat=True)
    )
    from tdkt.org.models import Person

    headcount = Person.objects.filter(unit_id__in=units).count()
    limits = {}
    try:
        for quota in rule_set_for_year(year).quotas:
            if quota.subject != "CA_NHAN":
                continue
            base = sum(titles[t] for t in quota.of_titles) if quota.of_titles else headcount
            limits[quota.code] = int(base * quota.max_share)
    except ValueError:
        pass
    quota_rows = [{"code": code, "held": titles.get(code, 0), "limit": limit} for code, limit in limits.items()]
    rankings = []
    if cluster is not None:
        for round_ in ScoringRound.objects.filter(cluster=cluster, status="KHOA").order_by("year"):
            rankings.append({"year": round_.year, "ranks": {s.unit.code: s.rank for s in ranking(round_)}})
    registered = Registration.objects.filter(year=year).filter(_in_scope(units)).exclude(status="TRA_LAI")
    held = set(
        Award.objects.filter(_in_scope(units), year=year, status=AwardStatus.HIEU_LUC).values_list(
            "person_id", "unit_id", "entry_id"
        )
    )
    reg = Counter()
    for r in registered.values_list("person_id", "unit_id", "entry_id", "entry__code"):
        reg[r[3], "registered"] += 1
        reg[r[3], "achieved"] += (r[0], r[1], r[2]) in held
    registrations = [
        {"code": code, "registered": reg[code, "registered"], "achieved": reg[code, "achieved"]}
        for code in sorted({c for c, _ in reg})
    ]
    return {
        "years": span,
        "kinds": kinds,
        "by_year_kind": {str(y): by_year_kind[y] for y in span},
        "by_part": by_part,
        "quotas": quota_rows,
        "rankings": rankings,
        "registrations": registrations,
    }
