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

from django.db.models import Count, Q

from tdkt.emulation.models import ClusterMembership, Exemplar
from tdkt.nominations.choices import ItemStatus
from tdkt.nominations.models import DossierItem
from tdkt.org.models import Unit
from tdkt.org.scoping import descendant_ids
from tdkt.records.choices import AwardStatus, EntryKind
from tdkt.records.models import Award

COUNTED_KINDS = ("THUONG_XUYEN", "DOT_XUAT", "NHIEM_VU")
SUBJECTS = ("TAP_THE", "CA_NHAN")


def _roots(*, year: int, unit: Unit | None, cluster) -> list[int]:
    if unit is not None:
        return [unit.pk]
    return list(ClusterMembership.objects.filter(cluster=cluster, year=year).values_list("unit_id", flat=True))


def scope_units(*, year: int, unit: Unit | None = None, cluster=None):
    """Every unit in the scope — the unit's subtree, or the subtrees of the cluster's members that year — as a
    subquery of ids (the database walks the tree; no id list travels)."""
    return descendant_ids(_roots(year=year, unit=unit, cluster=cluster))


def _in_scope(units, prefix: str = "") -> Q:
    return Q(**{f"{prefix}person__unit_id__in": units}) | Q(**{f"{prefix}unit_id__in": units})


def _subject_awards(subject: str, scope, year: int):
    """Awards in force of the year for people (by their current unit) or units of the scope."""
    awards = Award.objects.filter(year=year, status=AwardStatus.HIEU_LUC)
    if subject == "CA_NHAN":
        return awards.filter(person__unit_id__in=scope)
    return awards.filter(unit_id__in=scope)


def annual_summary(*, year: int, unit: Unit | None = None, cluster=None) -> dict:
    roots = _roots(year=year, unit=unit, cluster=cluster)
    scope = scope_units(year=year, unit=unit, cluster=cluster)
    commendations, titles, title_rows = {}, Counter(), {}
    for subject in SUBJECTS:
        field = "unit_id" if subject == "TAP_THE" else "person_id"
        unit_field = "unit_id" if subject == "TAP_THE" else "person__unit_id"
        awards = _subject_awards(subject, scope, year) if roots else Award.objects.none()
        by_kind, by_code = Counter(), Counter()
        total = 0
        title_rows[subject] = []
        # one grouped pass over the year's awards: (entry kind, award kind, code, unit) -> number of awards;
        # the unit column feeds the per-unit quota use without a second scan
        for entry_kind, kind, code, unit_id, n in (
            awards.values_list("entry__kind", "kind", "entry__code", unit_field)
            .annotate(n=Count("id"))
            .values_list("entry__kind", "kind", "entry__code", unit_field, "n")
        ):
            if entry_kind == EntryKind.DANH_HIEU:
                titles[code] += n
                title_rows[subject].append((unit_id, code, n))
                continue
            by_kind[kind] += n
            if kind in COUNTED_KINDS:
                by_code[code] += n
                total += n
        subjects = awards.filter(entry__kind=EntryKind.HINH_THUC, kind__in=COUNTED_KINDS).aggregate(
            n=Count(field, distinct=True)
        )["n"]
        commendations[subject] = {
            "subjects": subjects,
            "awards": total,
            "by_kind": dict(sorted(by_kind.items())),
            "by_code": dict(sorted(by_code.items())),
        }
    proposals = DossierItem.objects.filter(year=year, kind="KHEN_CAO").exclude(status=ItemStatus.DA_RUT)
    high = {
        "TAP_THE": proposals.filter(unit_id__in=scope).aggregate(n=Count("unit_id", distinct=True))["n"]
        if roots
        else 0,
        "CA_NHAN": proposals.filter(person__unit_id__in=scope).aggregate(n=Count("person_id", distinct=True))["n"]
        if roots
        else 0,
    }
    exemplars = (
        dict(sorted(Counter(Exemplar.objects.filter(_in_scope(scope)).values_list("stage", flat=True)).items()))
        if roots
        else {}
    )
    scope_info = (
        {"type": "unit", "code": unit.code, "name": unit.name}
        if unit is not None
        else {"type": "cluster", "code": cluster.code, "name": cluster.name}
    )
    result = {
        "year": year,
        "scope": scope_info,
        "proposals_high_level": high,
        "commendations": commendations,
        "titles": dict(sorted(titles.items())),
        "exemplars": exemplars,
        # beyond the contract's keys (a compatible extension): registrations and, for a cluster, its year
        "registrations": _registrations(scope, year) if roots else {},
    }
    result["title_quotas"] = (
        _title_quotas(roots, scope, year, unit=unit, title_rows=title_rows) if roots else {"scope": [], "units": []}
    )
    if cluster is not None:
        result["cluster"] = _cluster_year(cluster, year)
    result["text"] = narrative(result)
    return result


def _year_quotas(year: int):
    from tdkt.rules.loader import RuleSetError, rule_set_for_year

    try:
        return rule_set_for_year(year).quotas
    except RuleSetError:
        return ()


def _quota_rows(quotas, titles: dict[str, Counter], headcount: dict[str, int]) -> list[dict]:
    """Each quota: titles held against the ceiling the law sets. The base is the headcount (people by current
    unit, or units for a collective quota) or, when the quota names titles, the holders of those titles;
    `limit` rounds down, as the screening does."""
    rows = []
    for quota in quotas:
        held = titles[quota.subject]
        base = sum(held[t] for t in quota.of_titles) if quota.of_titles else headcount[quota.subject]
        limit = int(base * quota.max_share)
        rows.append(
            {
                "code": quota.code,
                "subject": quota.subject,
                "held": held.get(quota.code, 0),
                "base": base,
                "max_share": quota.max_share,
                "limit": limit,
                "over": held.get(quota.code, 0) > limit,
                "source": quota.source,
                "label": quota.label,
            }
        )
    return rows


def quota_use(scope, year: int) -> list[dict]:
    """The year's quotas over `scope` (see `_quota_rows`)."""
    quotas = _year_quotas(year)
    return _title_quotas_by_part(scope, year, quotas, {})[None] if quotas else []


def _title_quotas_by_part(scope, year: int, quotas, part_ids: dict[int, int], title_rows=None) -> dict:
    """Quota rows for the whole scope (key None) and for each part, in four grouped queries whatever the
    number of parts: every unit of the scope is mapped to the part above it, then counts are added up."""
    from tdkt.org.models import Person

    parent_of = dict(Unit.objects.filter(id__in=scope).values_list("id", "parent_id"))
    part_of: dict[int, int | None] = {}

    def part(unit_id):
        path = []
        while unit_id is not None and unit_id not in part_of:
            if unit_id in part_ids:
                part_of[unit_id] = unit_id
                break
            path.append(unit_id)
            unit_id = parent_of.get(unit_id)
        found = part_of.get(unit_id) if unit_id is not None else None
        for step in path:
            part_of[step] = found
        return found

    keys = [None, *part_ids]
    titles = {k: {s: Counter() for s in SUBJECTS} for k in keys}
    heads = {k: {"CA_NHAN": 0, "TAP_THE": 0} for k in keys}
    if title_rows is None:  # (unit, code, n) of the year's titles in force, per subject type
        awards = Award.objects.filter(year=year, status=AwardStatus.HIEU_LUC, entry__kind=EntryKind.DANH_HIEU)
        title_rows = {}
        for subject, field, rows in (
            ("CA_NHAN", "person__unit_id", awards.filter(person__unit_id__in=scope)),
            ("TAP_THE", "unit_id", awards.filter(unit_id__in=scope)),
        ):
            grouped = rows.values(field, "entry__code").annotate(n=Count("id"))
            title_rows[subject] = list(grouped.values_list(field, "entry__code", "n"))
    for subject, rows in title_rows.items():
        for unit_id, code, n in rows:
            for key in {None, part(unit_id)}:
                titles[key][subject][code] += n
    for unit_id, n in Person.objects.filter(unit_id__in=scope).values_list("unit_id").annotate(n=Count("id")):
        for key in {None, part(unit_id)}:
            heads[key]["CA_NHAN"] += n
    for unit_id in parent_of:
        for key in {None, part(unit_id)}:
            heads[key]["TAP_THE"] += 1
    return {k: _quota_rows(quotas, titles[k], heads[k]) for k in keys}


def _title_quotas(roots: list[int], scope, year: int, *, unit: Unit | None, title_rows=None) -> dict:
    """Quota use over the whole scope and per part: the cluster's members, or the unit's direct children."""
    quotas = _year_quotas(year)
    if not quotas:
        return {"scope": [], "units": []}
    if unit is not None:
        parts = list(unit.children.order_by("position", "sort_key")) or [unit]
    else:
        parts = list(Unit.objects.filter(id__in=roots).order_by("position", "sort_key"))
    by_part = _title_quotas_by_part(scope, year, quotas, {p.pk: p.pk for p in parts}, title_rows)
    return {
        "scope": by_part[None],
        "units": [{"code": p.code, "name": p.name, "quotas": by_part[p.pk]} for p in parts],
    }


def _registrations(scope, year: int) -> dict:
    """Titles registered for the year (not returned) and how many of them were achieved."""
    from tdkt.emulation.models import Registration

    regs = list(
        Registration.objects.filter(_in_scope(scope), year=year)
        .exclude(status="TRA_LAI")
        .values_list("person_id", "unit_id", "entry_id", "entry__code")
    )
    if not regs:
        return {}
    held = set(
        Award.objects.filter(_in_scope(scope), year=year, status=AwardStatus.HIEU_LUC).values_list(
            "person_id", "unit_id", "entry_id"
        )
    )
    out: dict[str, dict[str, int]] = {}
    for person_id, unit_id, entry_id, code in regs:
        row = out.setdefault(code, {"registered": 0, "achieved": 0})
        row["registered"] += 1
        row["achieved"] += (person_id, unit_id, entry_id) in held
    return dict(sorted(out.items()))


def _cluster_year(cluster, year: int) -> dict:
    """The cluster's ranking (when its round is locked) and who leads it this year and next."""
    from tdkt.emulation.models import ClusterLeadership, ScoringRound
    from tdkt.emulation.scoring import ranking

    round_ = ScoringRound.objects.filter(cluster=cluster, year=year, status="KHOA").first()
    leaders = {
        row.year: row
        for row in ClusterLeadership.objects.filter(cluster=cluster, year__in=[year, year + 1]).select_related(
            "leader", "handed_over_by"
        )
    }
    following = leaders.get(year + 1)
    return {
        "ranking": [
            {"rank": s.rank, "unit": s.unit.code, "total": float(s.total) if s.total is not None else None}
            for s in ranking(round_)
            if s.rank is not None  # a member without any points is not ranked (review of #16, finding 25)
        ]
        if round_
        else [],
        "acclaimed": round_.acclaimed.code if round_ and round_.acclaimed_id else None,
        "leader": leaders[year].leader.code if year in leaders else None,
        "handover": {
            "from": following.handed_over_by.code if following.handed_over_by_id else None,
            "to": following.leader.code,
            "on": following.handed_over_on.isoformat() if following.handed_over_on else None,
        }
        if following
        else None,
    }


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
    year_of_cluster = summary.get("cluster") or {}
    if year_of_cluster.get("handover"):
        names = dict(
            Unit.objects.filter(code__in=[v for v in year_of_cluster["handover"].values() if v]).values_list(
                "code", "name"
            )
        )
        handover = year_of_cluster["handover"]
        parts.append(
            f"Tại hội nghị, {names.get(handover['from'], handover['from'])} đã bàn giao nhiệm vụ Cụm trưởng "
            f"năm {summary['year'] + 1} cho {names.get(handover['to'], handover['to'])}."
        )
    return " ".join(parts)


def dashboard_data(*, year: int, unit: Unit | None = None, cluster=None, years: int = 5) -> dict:
    """The dashboard's series (the view adds the link of each point to its records)."""
    from tdkt.emulation.models import ScoringRound
    from tdkt.emulation.scoring import ranking

    span = list(range(year - years + 1, year + 1))
    by_year_kind = {y: Counter() for y in span}
    for y in span:
        roots = _roots(year=y, unit=unit, cluster=cluster)
        if not roots:
            continue
        scope = descendant_ids(roots)
        for subject in SUBJECTS:
            rows = (
                _subject_awards(subject, scope, y)
                .filter(entry__kind=EntryKind.HINH_THUC)
                .values("kind")
                .annotate(n=Count("id"))
                .values_list("kind", "n")
            )
            for kind, n in rows:
                by_year_kind[y][kind] += n
    kinds = sorted({k for counts in by_year_kind.values() for k in counts})
    roots = _roots(year=year, unit=unit, cluster=cluster)
    scope = descendant_ids(roots)
    if cluster is not None:
        parts = [m.unit for m in ClusterMembership.objects.filter(cluster=cluster, year=year).select_related("unit")]
    else:
        parts = list(unit.children.order_by("position", "sort_key")) or [unit]
    by_part = []
    for part in parts:
        sub = descendant_ids([part.pk])
        counted = {"kind__in": COUNTED_KINDS, "entry__kind": EntryKind.HINH_THUC}
        people = _subject_awards("CA_NHAN", sub, year).filter(**counted).aggregate(n=Count("person_id", distinct=True))
        units = _subject_awards("TAP_THE", sub, year).filter(**counted).aggregate(n=Count("unit_id", distinct=True))
        by_part.append({"code": part.code, "name": part.name, "people": people["n"], "units": units["n"]})
    quota_rows = [
        {"code": q["code"], "held": q["held"], "limit": q["limit"]}
        for q in quota_use(scope, year)
        if q["subject"] == "CA_NHAN"
    ]
    rankings = []
    if cluster is not None:
        for round_ in ScoringRound.objects.filter(cluster=cluster, status="KHOA").order_by("year"):
            rankings.append(
                {"year": round_.year, "ranks": {s.unit.code: s.rank for s in ranking(round_) if s.rank is not None}}
            )
    registrations = [{"code": code, **row} for code, row in _registrations(scope, year).items()]
    return {
        "years": span,
        "kinds": kinds,
        "by_year_kind": {str(y): dict(by_year_kind[y]) for y in span},
        "by_part": by_part,
        "quotas": quota_rows,
        "rankings": rankings,
        "registrations": registrations,
    }


def cached(kind: str, *, year: int, unit: Unit | None = None, cluster=None):
    """A summary or dashboard from the cache while nothing was written since (the audit chain's head counts
    every write, so its sequence number is the cache's version); computed and stored otherwise."""
    from django.core.cache import cache

    from tdkt.audit.models import AuditChainHead

    # the head's hash, not only its number: a restored or rebuilt database may reach the same number
    seq, digest = AuditChainHead.objects.filter(id=1).values_list("seq", "hash").first() or (0, "")
    scope = f"u{unit.pk}" if unit is not None else f"c{cluster.pk}"
    key = f"tdkt:reports:{kind}:{year}:{scope}:{seq}:{digest[:16]}"
    value = cache.get(key)
    if value is None:
        compute = annual_summary if kind == "summary" else dashboard_data
        value = compute(year=year, unit=unit, cluster=cluster)
        cache.set(key, value, timeout=24 * 3600)
    return value
