"""The contents of each document, from the records (what is printed is what tdkt holds)."""

from collections import Counter
from datetime import date

from django.utils import timezone

from tdkt.nominations.choices import KIND_PHRASES, ItemStatus
from tdkt.nominations.documents import date_words, legal_bases, place_date, render
from tdkt.nominations.models import DecisionIssue, Dossier, Meeting, Tally
from tdkt.nominations.services.votes import vote_rules
from tdkt.records.choices import Rating
from tdkt.records.models import Award, Discipline, Initiative, YearlyRating

ELIGIBILITY_VI = {
    "ELIGIBLE": "Đủ điều kiện",
    "NOT_ELIGIBLE": "Chưa đủ (có giải trình)",
    "REVIEW": "Cần xem xét",
    "": "—",
}


def _who(item) -> tuple[str, str, str]:
    """(name, rank, position and unit) of an item's subject."""
    if item.person_id:
        p = item.person
        details = ", ".join(x for x in (p.position, p.unit.name) if x)
        return p.full_name, p.get_rank_display() if p.rank else "", details
    return item.unit.name, "", item.unit.parent.name if item.unit.parent_id else ""


def _count_text(items) -> str:
    kinds = Counter("CA_NHAN" if i.person_id else "TAP_THE" for i in items)
    parts = []
    if kinds["TAP_THE"]:
        parts.append(f"{kinds['TAP_THE']:02d} tập thể")
    if kinds["CA_NHAN"]:
        parts.append(f"{kinds['CA_NHAN']:02d} cá nhân")
    return " và ".join(parts) or "0 đối tượng"


def _head(authority, number: str, day: date) -> dict:
    return {
        "parent_body": authority.parent_body.upper(),
        "issuing_body": authority.issuing_body.upper(),
        "number": number,
        "place_date": place_date(authority.place, day),
        "date_words": date_words(day),
    }


def submission_document(dossier: Dossier, *, signer_name: str = "", signer_rank: str = "") -> tuple[str, bytes]:
    from tdkt.nominations.services import authority_for_unit

    dossier = Dossier.objects.select_related("unit", "authority").get(pk=dossier.pk)
    own = authority_for_unit(dossier.unit)
    receiving = dossier.events.filter(action="submit").select_related("authority").first()
    addressee = receiving.authority if receiving else dossier.authority
    items = [
        i
        for i in dossier.items.exclude(status=ItemStatus.DA_RUT).select_related("person__unit", "unit__parent", "entry")
    ]
    by_award = Counter(i.entry.name for i in items)
    rows = []
    for n, item in enumerate(items, start=1):
        name, rank, details = _who(item)
        rows.append(
            {
                "n": n,
                "name": name,
                "details": ", ".join(x for x in (rank, details) if x),
                "award": item.entry.name,
                "eligibility": ELIGIBILITY_VI.get(item.eligibility_status, "—"),
            }
        )
    day = dossier.submitted_on or timezone.localdate()
    context = {
        **_head(own, dossier.submission_number, day),
        "subject": f"Về việc đề nghị khen thưởng {KIND_PHRASES[dossier.kind]} năm {dossier.year}",
        # A dossier put to its own level's council is addressed to that council, not to the body itself
        # ("Bộ Tham mưu đề nghị Bộ Tham mưu xét" was what the review found).
        "addressee": addressee.name if addressee.pk != own.pk else f"Hội đồng Thi đua – Khen thưởng {own.name}",
        "proposer": own.name,
        "bases": legal_bases(day, "TO_TRINH"),
        "count_text": _count_text(items),
        "summary": [f"{name}: {n:02d}" for name, n in by_award.items()],
        "recipients": [addressee.name if addressee.pk != own.pk else f"Hội đồng Thi đua – Khen thưởng {own.name}"],
        "signer_authority": "",
        "signer_title": own.signer_title,
        "signer_rank": signer_rank,
        "signer_name": signer_name,
        "rows": rows,
    }
    return f"to-trinh-{dossier.pk}.docx", render("to_trinh", context)


def _why_not_voted(item, rule, earlier) -> str:
    """Why an item of the meeting's dossiers has no tally at this meeting, in the minutes' words."""
    if earlier is not None:
        result = "đạt" if earlier.passed else "không đạt"
        return f"đã biểu quyết tại cuộc họp ngày {earlier.meeting.held_on:%d/%m/%Y} ({result})"
    detail = f" ({item.status_reason})" if item.status_reason else ""
    if item.status == ItemStatus.DA_RUT:
        return f"đã rút{detail}"
    if item.status == ItemStatus.KHONG_DAT:
        return f"không thông qua ở bước xét duyệt{detail}"
    if item.status == ItemStatus.CHUYEN_LEN:
        return "chuyển cấp trên xét"
    if not rule.required:
        return f"không cần biểu quyết — {rule.source} [{rule.label}]"
    if item.status == ItemStatus.DA_KHEN:
        return f"đã khen thưởng{detail}"
    return "chưa biểu quyết"


def _not_voted(meeting: Meeting, voted: set[int]) -> list[str]:
    """Every item of the meeting's dossiers without a tally at it, each with why (issue #15, item 4)."""
    lines = []
    for dossier in meeting.dossiers.order_by("pk"):
        items = [
            i
            for i in dossier.items.select_related("person__unit", "unit__parent", "entry").order_by("position", "pk")
            if i.pk not in voted
        ]
        rules = vote_rules(dossier, items, on=meeting.held_on)
        earlier = {
            t.item_id: t
            for t in Tally.objects.filter(item__in=items, meeting__council=meeting.council)
            .select_related("meeting")
            .order_by("meeting__held_on", "id")
        }
        for item in items:
            name, _, _ = _who(item)
            lines.append(f"{name} — {item.entry.name}: {_why_not_voted(item, rules[item.pk], earlier.get(item.pk))}")
    return lines


def minutes_document(meeting: Meeting) -> tuple[str, bytes]:
    council = meeting.council
    members = list(council.members.all())
    present = set(meeting.attendees.values_list("pk", flat=True))
    secretary = next((m for m in members if m.role == "THU_KY"), None)
    rows, voted = [], set()
    for n, tally in enumerate(meeting.tallies.select_related("item__person__unit", "item__unit", "item__entry"), 1):
        voted.add(tally.item_id)
        name, _, _ = _who(tally.item)
        share = tally.agree / tally.base if tally.base else 0
        rows.append(
            {
                "n": n,
                "name": name,
                "award": tally.item.entry.name,
                "agree": tally.agree,
                "disagree": tally.disagree,
                "abstain": tally.abstain,
                "invalid": tally.invalid,
                "result": f"{'Đạt' if tally.passed else 'Không đạt'} ({share:.1%})".replace(".", ","),
            }
        )
    authority = getattr(council.unit, "authority", None)
    context = {
        "parent_body": (authority.parent_body if authority else "").upper(),
        "issuing_body": f"HỘI ĐỒNG TĐKT {council.unit.name}".upper(),
        "number": "",
        "place_date": place_date(authority.place if authority else "", meeting.held_on),
        "subject": f"Họp {council.name}",
        "bases": legal_bases(meeting.held_on, "BIEN_BAN"),
        "held_on_words": date_words(meeting.held_on),
        "place": meeting.place,
        "chair": meeting.presided_by.full_name,
        "secretary": secretary.full_name if secretary else "",
        "present": len(present),
        "members": len(members),
        "absent": ", ".join(m.full_name for m in members if m.pk not in present),
        "dossier_titles": "; ".join(f"“{d.title}”" for d in meeting.dossiers.all()),
        "conclusion": meeting.conclusion or "Hội đồng thống nhất kết quả kiểm phiếu nêu trên.",
        "closed_at": "11 giờ 00",
        "rows": rows,
        "not_voted": _not_voted(meeting, voted),
    }
    return f"bien-ban-{meeting.pk}.docx", render("bien_ban", context)


def decision_document(issue: DecisionIssue) -> tuple[str, bytes]:
    authority, decision = issue.authority, issue.decision
    awards = list(
        Award.objects.filter(decision=decision)
        .select_related("person__unit", "unit__parent", "entry")
        .order_by("entry__position", "id")
    )
    rows = []
    for n, award in enumerate(awards, start=1):
        name, rank, details = _who(award)
        rows.append({"n": n, "name": name, "rank": rank, "details": details, "award": award.entry.name})
    forms = Counter(a.entry.name for a in awards)
    summary = "; ".join(f"{name} cho {_count_text([a for a in awards if a.entry.name == name])}" for name in forms)
    proposer = issue.dossier.unit.name if issue.dossier else authority.name
    context = {
        **_head(authority, decision.number, decision.signed_on),
        "subject": issue.title,
        "signer_title_full": f"{issue.signer_title} {authority.name}".upper(),
        "bases": legal_bases(decision.signed_on, "QUYET_DINH"),
        "proposer": proposer,
        "article_1": f"Tặng {summary}" if awards else "",
        "article_2": "Các tập thể, cá nhân có tên tại Điều 1 được hưởng tiền thưởng theo quy định hiện hành.",
        "article_3": "Thủ trưởng các cơ quan, đơn vị liên quan và các tập thể, cá nhân có tên tại Điều 1 "
        "chịu trách nhiệm thi hành Quyết định này./.",
        "list_title": "TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG",
        "issuer_name": authority.name,
        "recipients": ["Như Điều 3", proposer],
        "signer_authority": issue.signer_authority.upper(),
        "signer_title": issue.signer_title.upper(),
        "signer_rank": issue.signer_rank,
        "signer_name": issue.signer_name,
        "rows": rows,
    }
    return f"quyet-dinh-{decision.number.replace('/', '-')}.docx", render("quyet_dinh", context)


def _history_rows(*, person=None, unit=None, year: int) -> list[dict]:
    ratings = dict(YearlyRating.objects.filter(person=person, unit=unit, year__lte=year).values_list("year", "rating"))
    awards = Award.objects.filter(person=person, unit=unit, year__lte=year, status="HIEU_LUC").select_related("entry")
    titles, forms = {}, {}
    for a in awards:
        target = titles if a.entry.kind == "DANH_HIEU" else forms
        target.setdefault(a.year, []).append(a.entry.name)
    years = sorted(set(ratings) | set(titles) | set(forms))[-5:]
    return [
        {
            "year": y,
            "rating": Rating(ratings[y]).label if y in ratings else "",
            "titles": ", ".join(titles.get(y, [])),
            "forms": ", ".join(forms.get(y, [])),
        }
        for y in years
    ]


def achievement_report(*, item=None, person=None, unit=None, year: int | None = None) -> tuple[str, bytes]:
    """Báo cáo thành tích for a person or a collective, pre-filled from the records (up to five years)."""
    if item is not None:
        person, unit, year = item.person, item.unit, item.year
    award_name = item.entry.name if item is not None else "khen thưởng"
    head = {
        "parent_body": "",
        "issuing_body": (person.unit.name if person else unit.name).upper(),
        "number": "",
        "place_date": place_date("Đà Nẵng", timezone.localdate()),
        "signer_authority": "XÁC NHẬN CỦA ĐƠN VỊ",
        "signer_title": "NGƯỜI BÁO CÁO" if person else "THỦ TRƯỞNG ĐƠN VỊ",
        "signer_rank": "",
        "signer_name": person.full_name if person else "",
        "recipients": [],
    }
    achievement = (
        item.achievement
        if item is not None and item.achievement
        else "Hoàn thành tốt chức trách, nhiệm vụ được giao; kết quả các năm như bảng dưới đây."
    )
    rows = _history_rows(person=person, unit=unit, year=year)
    if person is not None:
        initiatives = Initiative.objects.filter(person=person, year__lte=year).order_by("year")
        disciplines = Discipline.objects.filter(person=person).order_by("decided_on")
        context = {
            **head,
            "subject": f"Đề nghị tặng {award_name}",
            "name": person.full_name,
            "birth_date": f"{person.birth_date:%d/%m/%Y}" if person.birth_date else "",
            "rank": person.get_rank_display() if person.rank else "",
            "details": ", ".join(x for x in (person.position, person.unit.name) if x),
            "service_start": f"{person.service_start:%d/%m/%Y}" if person.service_start else "",
            "achievement": achievement,
            "rows": rows,
            "initiatives": "; ".join(f"{i.name} ({i.year}, {i.get_scope_display()})" for i in initiatives) or "không",
            "discipline": "; ".join(str(d) for d in disciplines) or "không",
        }
        return f"bao-cao-thanh-tich-{person.code}.docx", render("bao_cao_ca_nhan", context)
    from tdkt.org.models import Person

    context = {
        **head,
        "subject": f"Đề nghị tặng {award_name}",
        "name": unit.name,
        "founded_on": f"{unit.founded_on:%d/%m/%Y}" if unit.founded_on else "",
        "members": Person.objects.filter(unit=unit).count(),
        "parent": unit.parent.name if unit.parent_id else "",
        "achievement": achievement,
        "rows": rows,
        "initiatives": "—",
        "discipline": "—",
    }
    return f"bao-cao-thanh-tich-{unit.code}.docx", render("bao_cao_tap_the", context)
