"""The condition vocabulary. Each condition reads plain facts and returns (met, evidence).

met is True, False, or None when the data cannot decide (the verdict is then REVIEW and the evidence
says what a person must check). A rule set may only use the names registered here.
"""

from collections.abc import Callable
from datetime import date

from tdkt.rules.facts import RATING_ORDER, SCOPE_ORDER, AwardFact, PersonFacts, UnitFacts

SCOPE_NAMES = {"CO_SO": "cấp cơ sở", "TOAN_QUAN": "toàn quân", "TOAN_QUOC": "toàn quốc"}
# the disciplinary forms as evidence names them ("Đang chịu kỷ luật khiển trách"), never the record's code
DISCIPLINE_NAMES = {
    "KHIEN_TRACH": "khiển trách",
    "CANH_CAO": "cảnh cáo",
    "HA_BAC_LUONG": "hạ bậc lương",
    "GIANG_CHUC": "giáng chức",
    "CACH_CHUC": "cách chức",
    "GIANG_CAP_BAC_QH": "giáng cấp bậc quân hàm",
    "TUOC_QUAN_HAM": "tước quân hàm sĩ quan",
    "TUOC_DANH_HIEU_QN": "tước danh hiệu quân nhân",
}
RATING_NAMES = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}

# Titles another rule may require the standard of, as the evidence names them.
TITLE_NAMES = {
    "CSTT": "Chiến sĩ tiên tiến",
    "LDTT": "Lao động tiên tiến",
    "CSTDCS": "Chiến sĩ thi đua cơ sở",
    "DVTT": "Đơn vị tiên tiến",
    "DVQT": "Đơn vị quyết thắng",
    # every other code a rule may name in its evidence: users read names (the catalogue's), never a bare code
    "CSTDTQUAN": "Chiến sĩ thi đua toàn quân",
    "CSTDTQUOC": "Chiến sĩ thi đua toàn quốc",
    "BK_BQP": "Bằng khen của Bộ trưởng Bộ Quốc phòng",
    "BK_TTG": "Bằng khen của Thủ tướng Chính phủ",
    "HCLD3": "Huân chương Lao động hạng Ba",
    "HC_QKQT": "Huy chương Quân kỳ quyết thắng",
    "HCCSVV3": "Huy chương Chiến sĩ vẻ vang hạng Ba",
    "HCCSVV2": "Huy chương Chiến sĩ vẻ vang hạng Nhì",
    "HCCSVV1": "Huy chương Chiến sĩ vẻ vang hạng Nhất",
    "KNC_VSNXDQD": "Kỷ niệm chương “Vì sự nghiệp xây dựng Quân đội nhân dân Việt Nam”",
    "CO_QK": "Cờ thi đua của Quân khu",
    "CO_BQP": "Cờ thi đua của Bộ Quốc phòng",
}

Check = Callable[..., tuple[bool | None, str]]
VOCABULARY: dict[str, Check] = {}


def condition(name: str):
    def register(function: Check) -> Check:
        VOCABULARY[name] = function
        return function

    return register


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def counted(facts, code: str, not_counted_kinds: frozenset[str]) -> list[AwardFact]:
    """Awards of `code` that count: never revoked ones, never kinds the rule set excludes."""
    return [a for a in facts.awards if a.code == code and not a.revoked and a.kind not in not_counted_kinds]


def _years(awards: list[AwardFact]) -> dict[int, AwardFact]:
    return {a.year: a for a in sorted(awards, key=lambda a: a.year)}


def _show(award: AwardFact) -> str:
    return f"{award.year}" + (f" (QĐ {award.decision})" if award.decision else "")


@condition("rating_at_least")
def rating_at_least(facts, year: int, ctx, *, level: str, offset: int = 0) -> tuple[bool | None, str]:
    target = year - offset
    rating = facts.ratings.get(target)
    if rating is None:
        return None, f"Chưa có đánh giá năm {target}."
    return RATING_ORDER[rating] >= RATING_ORDER[level], f"Năm {target}: {RATING_NAMES[rating]}."


@condition("rating_is")
def rating_is(facts, year: int, ctx, *, level: str, offset: int = 0) -> tuple[bool | None, str]:
    target = year - offset
    rating = facts.ratings.get(target)
    if rating is None:
        return None, f"Chưa có đánh giá năm {target}."
    return rating == level, f"Năm {target}: {RATING_NAMES[rating]}."


@condition("title_in_year")
def title_in_year(facts, year: int, ctx, *, code: str, offset: int = 0) -> tuple[bool | None, str]:
    target = year - offset
    held = _years(counted(facts, code, ctx.not_counted_kinds)).get(target)
    return (
        (True, f"Có {_standard_name(code)} năm {_show(held)}.")
        if held
        else (False, f"Không có {_standard_name(code)} năm {target}.")
    )


def _standard_name(code: str) -> str:
    # The name alone: an officer reads "Chiến sĩ tiên tiến", never the catalogue's code (issue #16, item 12).
    return TITLE_NAMES.get(code, code)


@condition("meets_standard")
def meets_standard(facts, year: int, ctx, *, code: str) -> tuple[bool | None, str]:
    """Meets the standard of title `code` in the year, judged by that title's own rule; holding it counts."""
    name = _standard_name(code)
    held = _years(counted(facts, code, ctx.not_counted_kinds)).get(year)
    if held:
        return True, f"Đã có danh hiệu {name} năm {_show(held)}, nên đạt tiêu chuẩn danh hiệu này."
    verdict = ctx.standard(code)
    if verdict is None:
        return False, f"Danh hiệu {name} không xét cho đối tượng này."
    if verdict.status.value in ("ELIGIBLE", "HELD"):
        return True, f"Đạt tiêu chuẩn danh hiệu {name} năm {year}: đủ các điều kiện của danh hiệu này."
    wanted = False if verdict.status.value == "NOT_ELIGIBLE" else None
    open_ = "; ".join(f"{r.condition}: {r.evidence}" for r in verdict.reasons if r.decisive and r.met is wanted)
    if wanted is False:
        return False, f"Chưa đạt tiêu chuẩn danh hiệu {name} năm {year} — {open_}"
    return None, f"Chưa xác định được tiêu chuẩn danh hiệu {name} năm {year}, cần kiểm tra — {open_}"


@condition("title_streak")
def title_streak(facts, year: int, ctx, *, code: str, years: int) -> tuple[bool | None, str]:
    held = _years(counted(facts, code, ctx.not_counted_kinds))
    wanted = list(range(year - years + 1, year + 1))
    missing = [y for y in wanted if y not in held]
    shown = ", ".join(_show(held[y]) for y in wanted if y in held)
    if missing:
        absent = ", ".join(map(str, missing))
        had = f"có {shown}" if shown else "chưa có năm nào"  # never "có chưa có năm nào"
        return False, f"{_standard_name(code)} {years} năm liên tục {wanted[0]}–{year}: {had}; còn thiếu {absent}."
    return True, f"{_standard_name(code)} các năm {shown}."


@condition("title_count")
def title_count(facts, year: int, ctx, *, code: str, count: int, window: int) -> tuple[bool | None, str]:
    """Times a title was held in the window: years holding it (a yearly title is held once a year)."""
    held = [a for y, a in _years(counted(facts, code, ctx.not_counted_kinds)).items() if year - window < y <= year]
    shown = ", ".join(_show(a) for a in held) or "chưa lần nào"
    return len(
        held
    ) >= count, f"{_standard_name(code)} trong {window} năm đến {year}: {len(held)} lần ({shown}); cần {count}."


@condition("initiative")
def initiative(
    facts, year: int, ctx, *, min_scope: str = "CO_SO", count: int = 1, window: int = 1
) -> tuple[bool | None, str]:
    found = [
        i
        for i in facts.initiatives
        if year - window < i.year <= year and SCOPE_ORDER[i.scope] >= SCOPE_ORDER[min_scope]
    ]
    span = f"năm {year}" if window == 1 else f"{year - window + 1}–{year}"
    shown = "; ".join(f"{i.name or 'sáng kiến'} ({i.year}, {SCOPE_NAMES[i.scope]})" for i in found) or "chưa có"
    return len(found) >= count, f"Sáng kiến/đề tài phạm vi từ {SCOPE_NAMES[min_scope]} {span}: {shown}; cần {count}."


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@condition("service_years")
def service_years(facts: PersonFacts, year: int, ctx, *, years: int) -> tuple[bool | None, str]:
    if facts.service_start is None:
        return None, "Chưa có ngày nhập ngũ: cần kiểm tra thời gian phục vụ."
    reached = _add_years(facts.service_start, years)
    if reached <= facts.review_date:
        return True, f"Nhập ngũ {_fmt(facts.service_start)}: đủ {years} năm từ {_fmt(reached)}."
    return False, f"Nhập ngũ {_fmt(facts.service_start)}: đủ {years} năm vào {_fmt(reached)}."


def month_end(year: int, month: int) -> int:
    """The last day of a month."""
    return (date(year + month // 12, month % 12 + 1, 1) - date(year, month, 1)).days


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end`: a month is complete on the same day number of a later month, or on
    that month's last day when it has no such day (31/01 → 28/02 is one month). Negative when end < start."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day and end.day != month_end(end.year, end.month):
        months -= 1
    return months


def add_months(start: date, months: int) -> date:
    """The day `months` whole months after `start` (the inverse of `months_between`)."""
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return date(year, month, min(start.day, month_end(year, month)))


def _span(months: int) -> str:
    years, rest = divmod(months, 12)
    if not years:
        return f"{rest} tháng"
    return f"{years} năm" + (f" {rest} tháng" if rest else "")


SERVICE_BREAKS = {"SUM": "cộng dồn", "REVIEW": "cần xem xét"}


@condition("service_months")
def service_months(
    facts: PersonFacts, year: int, ctx, *, months: int, months_women: int, breaks: str = "SUM"
) -> tuple[bool | None, str]:
    """Service counted in whole months from enlistment up to the review date, less the months out of service
    (`breaks` SUM: the periods are summed; REVIEW: a person with a break is left to a reviewer). Women may have
    their own threshold (`months_women`); an unknown gender decides only when both thresholds agree."""
    if breaks not in SERVICE_BREAKS:
        return None, f"Cách tính thời gian gián đoạn không hợp lệ: {breaks}."
    if facts.service_start is None:
        return None, "Chưa có ngày nhập ngũ: cần kiểm tra thời gian phục vụ."
    gap = facts.service_break_months
    served = months_between(facts.service_start, facts.review_date) - gap
    head = f"Nhập ngũ {_fmt(facts.service_start)}"
    if gap:
        head += f", gián đoạn {_span(gap)}"
    head += f": đến ngày xét {_fmt(facts.review_date)} được {_span(max(served, 0))} ({max(served, 0)} tháng)"
    if gap and breaks == "REVIEW":
        return None, f"{head}; có thời gian gián đoạn: cần xem xét có được cộng dồn không."
    needed = {"NU": months_women, "NAM": months}.get(facts.gender)
    if needed is None and months != months_women:
        both = f"cần {months} tháng (nam), {months_women} tháng (nữ)"
        if served >= max(months, months_women):
            return True, f"{head}; {both}: đủ."
        if served < min(months, months_women):
            return False, f"{head}; {both}: chưa đủ."
        return None, f"{head}; {both}: chưa có giới tính, cần kiểm tra."
    needed = months if needed is None else needed
    reached = add_months(facts.service_start, needed + gap)
    if served >= needed:
        return True, f"{head}; cần {needed} tháng ({_span(needed)}): đủ từ {_fmt(reached)}."
    return False, f"{head}; cần {needed} tháng ({_span(needed)}): đủ vào {_fmt(reached)}."


def service_reached_on(facts: PersonFacts, *, months: int, months_women: int, breaks: str = "SUM") -> date | None:
    """The day the person's service reaches the threshold (None when the records cannot tell)."""
    if facts.service_start is None or (breaks == "REVIEW" and facts.service_break_months):
        return None
    needed = {"NU": months_women, "NAM": months}.get(facts.gender)
    if needed is None:
        if months != months_women:
            return None
        needed = months
    return add_months(facts.service_start, needed + facts.service_break_months)


@condition("months_in_service")
def months_in_service(facts: PersonFacts, year: int, ctx, *, months: int) -> tuple[bool | None, str]:
    if facts.service_start is None:
        return None, "Chưa có ngày nhập ngũ: cần kiểm tra thời gian công tác trong năm."
    if facts.service_start.year > year:  # enlisted after the year screened: no month of it was served
        return False, f"Nhập ngũ ngày {_fmt(facts.service_start)}, sau năm {year}: 0 tháng trong năm; cần {months}."
    start = max(facts.service_start, date(year, 1, 1))
    served = (12 - start.month) + (1 if start.day == 1 else 0)
    return served >= months, f"Công tác từ {_fmt(start)}: {served} tháng trong năm {year}; cần {months}."


@condition("not_disciplined")
def not_disciplined(facts: PersonFacts, year: int, ctx) -> tuple[bool | None, str]:
    """A dated discipline covering the review date decides (not met); an open-ended one needs a person."""
    day = facts.review_date
    decided = sorted((d for d in facts.disciplines if d.decided_on <= day), key=lambda d: d.decided_on)
    for d in decided:
        if d.until is not None and day <= d.until:
            period = f"{_fmt(d.decided_on)} – {_fmt(d.until)}"
            form = DISCIPLINE_NAMES.get(d.form, d.form)
            return False, f"Đang chịu kỷ luật {form} ({period}) tại ngày xét {_fmt(day)}."
    for d in decided:
        if d.until is None:
            form = DISCIPLINE_NAMES.get(d.form, d.form)
            return None, f"Kỷ luật {form} ngày {_fmt(d.decided_on)} không ghi thời hạn: cần kiểm tra."
    return True, f"Không đang chịu kỷ luật tại ngày xét {_fmt(day)}."


@condition("after_award")
def after_award(
    facts: PersonFacts,
    year: int,
    ctx,
    *,
    code: str,
    min_years: int,
    every_year_at_least: str = "",
    years_rating_is: dict | None = None,
    title: dict | None = None,
    initiatives: int = 0,
) -> tuple[bool | None, str]:
    """Holds `code`, then in the `min_years` or more years after it up to Y: ratings, titles, initiatives."""
    earlier = [a for a in counted(facts, code, ctx.not_counted_kinds) if a.year <= year - min_years]
    if not earlier:
        return False, f"Chưa có {_standard_name(code)} từ năm {year - min_years} trở về trước."
    base = max(earlier, key=lambda a: a.year)
    window = range(base.year + 1, year + 1)
    problems = []
    if every_year_at_least:
        missing = [y for y in window if y not in facts.ratings]
        if missing:
            return (
                None,
                f"Sau {_standard_name(code)} {_show(base)}: chưa có đánh giá các năm {', '.join(map(str, missing))}.",
            )
        low = [y for y in window if RATING_ORDER[facts.ratings[y]] < RATING_ORDER[every_year_at_least]]
        if low:
            problems.append(f"năm dưới mức {RATING_NAMES[every_year_at_least]}: {', '.join(map(str, low))}")
    if years_rating_is:
        hits = [y for y in window if facts.ratings.get(y) == years_rating_is["level"]]
        if len(hits) < years_rating_is["count"]:
            level = RATING_NAMES[years_rating_is["level"]]
            problems.append(f"{level} {len(hits)}/{years_rating_is['count']} năm")
    if title:
        held = [y for y in _years(counted(facts, title["code"], ctx.not_counted_kinds)) if y in window]
        if len(held) < title["count"]:
            problems.append(f"{_standard_name(title['code'])} {len(held)}/{title['count']} lần")
    if initiatives:
        found = [i for i in facts.initiatives if i.year in window]
        if len(found) < initiatives:
            problems.append(f"sáng kiến {len(found)}/{initiatives}")
    head = f"Có {_standard_name(code)} năm {_show(base)}; xét {window.start}–{year}"
    return (False, f"{head}: {'; '.join(problems)}.") if problems else (True, f"{head}: đủ điều kiện.")


@condition("member_share")
def member_share(
    facts: UnitFacts,
    year: int,
    ctx,
    *,
    threshold: float,
    strict: bool = False,
    title: str = "",
    rating_at_least: str = "",
    standard: bool = False,
) -> tuple[bool | None, str]:
    """Members with a rating, or holding a title; with `standard`, meeting the title's standard that year."""
    if facts.members == 0:
        return None, "Chưa có quân số của đơn vị trong năm: cần kiểm tra."
    if title:
        hits, what = _members_titled(facts, title, standard)
    else:
        hits = sum(n for r, n in facts.members_by_rating.items() if RATING_ORDER[r] >= RATING_ORDER[rating_at_least])
        what = f"đạt từ mức {RATING_NAMES[rating_at_least]}"
    share = hits / facts.members
    met = share > threshold if strict else share >= threshold
    sign = ">" if strict else "≥"
    return met, f"{hits}/{facts.members} quân nhân {what} ({share:.0%}); cần {sign} {threshold:.0%}."


def _members_titled(facts: UnitFacts, title: str, standard: bool) -> tuple[int, str]:
    if standard:  # decided together at year end: those who meet the standard (holders included)
        return facts.members_meeting.get(title, 0), f"đạt tiêu chuẩn {_standard_name(title)}"
    return facts.members_with_title.get(title, 0), _standard_name(title)


@condition("member_count")
def member_count(
    facts: UnitFacts, year: int, ctx, *, title: str, count: int, standard: bool = False
) -> tuple[bool | None, str]:
    hits, what = _members_titled(facts, title, standard)
    return hits >= count, f"{hits} quân nhân {'có ' if not standard else ''}{what} năm {year}; cần {count}."


@condition("unit_age_months")
def unit_age_months(facts: UnitFacts, year: int, ctx, *, months: int) -> tuple[bool | None, str]:
    if facts.founded_on is None:
        return None, "Chưa có ngày thành lập đơn vị: cần kiểm tra."
    founded = facts.founded_on
    total = (facts.review_date.year - founded.year) * 12 + facts.review_date.month - founded.month
    if facts.review_date.day < founded.day:
        total -= 1
    return total >= months, f"Thành lập {_fmt(founded)}: {total} tháng tại ngày xét; cần {months}."


@condition("registered")
def registered(facts, year: int, ctx, *, code: str, mode: str = "INFO") -> tuple[bool | None, str]:
    """Registration at the start of the year (đăng ký thi đua). Whether it bars a title is [U]: by default
    it is reported (INFO); an installation makes it binding by setting mode to REQUIRED."""
    if mode not in ("INFO", "REQUIRED"):
        return None, f"Chế độ kiểm tra đăng ký không hợp lệ: {mode}."
    done = code in facts.registered
    text = (
        f"Đã đăng ký {_standard_name(code)} năm {year}." if done else f"Chưa đăng ký {_standard_name(code)} năm {year}"
    )
    if mode == "INFO":
        return True, text if done else text + " (bộ quy tắc không bắt buộc)."
    return done, text if done else text + "."


@condition("manual")
def manual(facts, year: int, ctx, *, check: str) -> tuple[bool | None, str]:
    return None, f"Cần người xét: {check}"
