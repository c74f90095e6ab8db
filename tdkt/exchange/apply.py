"""Write a validated plan in one transaction, in batches (never one query per row).

Units and people get one audit event each (they have history pages); yearly rows and awards
created by an import are covered by the import's own event (file name, SHA-256, counts), and every
update of an existing rating, initiative, discipline or award gets its own event with the old and new
values (issue #16, item 6: a correction shows old -> new in the subject's history), whose reason names
the file and the import job.
"""

import json
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from tdkt.audit.services import audit_record, audit_record_many, snapshot
from tdkt.core.text import normalize_spaces
from tdkt.exchange.plan import (
    Plan,
    ProgressFn,
    _no_progress,
    award_file_values,
    decision_year,
    person_changes,
    unit_changes,
)
from tdkt.org.models import Person, Transfer, Unit
from tdkt.org.services import PERSON_FIELDS, UNIT_FIELDS
from tdkt.records.choices import AwardKind, AwardStatus, DecisionOrigin, InitiativeType, SubjectType
from tdkt.records.models import Award, Decision, Discipline, Initiative, YearlyRating
from tdkt.records.services import AWARD_FIELDS

BATCH = 2000
INSERT_BATCH = 20000
# the fields records.services audits for these rows
INITIATIVE_AUDITED = ["person", "year", "name", "initiative_type", "scope", "decision_number"]
DISCIPLINE_AUDITED = ["person", "form", "decided_on", "decision_number", "until", "reason"]


def insert_rows(model, field_names: list[str], rows: list[list]) -> None:
    """INSERT many rows with a single parameterised statement (executemany).

    Django's bulk_create compiles SQL per value, which dominated a 1.5-million-row import. Values are
    adapted by the backend's own adapters; the table and column names come from the model's metadata.
    """
    fields = [model._meta.get_field(name) for name in field_names]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    adapters = []
    for field in fields:
        internal = field.get_internal_type()
        if internal == "DateField":
            adapters.append(connection.ops.adapt_datefield_value)
        elif internal == "DateTimeField":
            adapters.append(connection.ops.adapt_datetimefield_value)
        else:
            adapters.append(None)
    if any(adapters):
        rows = [[a(v) if a and v is not None else v for a, v in zip(adapters, row, strict=True)] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def apply_plan(plan: Plan, *, actor, job, progress: ProgressFn = _no_progress) -> dict:
    if not plan.ok:
        raise ValueError("a plan with errors is never applied")
    reason = f"Nhập từ tệp {job.file_name} (lần nhập số {job.pk})"
    with transaction.atomic():
        writer = _Writer(plan, actor, reason, progress)
        writer.units()
        writer.people()
        writer.decisions()
        summary = plan.summary()
        writer.ratings()
        plan.ratings.clear()  # written: give the memory back before the next sheet
        writer.initiatives()
        writer.disciplines()
        writer.awards()
        plan.awards.clear()
        audit_record(
            actor=actor,
            action="exchange.import.applied",
            obj=job,
            after={"file_name": job.file_name, "sha256": job.sha256, "summary": summary},
            reason=reason,
        )
    return summary


def _issuer(values: dict) -> str:
    """The issuer named by a KhenThuong row, as `records.services.decision_for` normalises it."""
    return normalize_spaces(values.get("co_quan_quyet_dinh") or "")


class _Inserter:
    """Collects new rows (dicts) and inserts them every INSERT_BATCH rows, so they never all sit in memory."""

    def __init__(self, model, label: str, progress: ProgressFn, total: int):
        self.model, self.label, self.progress, self.total = model, label, progress, total
        self.pending: list[dict] = []
        self.done = 0

    def append(self, row: dict) -> None:
        self.pending.append(row)
        if len(self.pending) >= INSERT_BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        names = list(self.pending[0])
        insert_rows(self.model, names, [[row[n] for n in names] for row in self.pending])
        self.done += len(self.pending)
        self.pending = []
        self.progress(self.label, self.done, self.total)


class _Writer:
    def __init__(self, plan: Plan, actor, reason: str, progress: ProgressFn):
        self.plan, self.actor, self.reason, self.progress = plan, actor, reason, progress
        self.unit_ids = {code: v[0] for code, v in plan.db_units.items()}
        self.person_ids = {code: v[0] for code, v in plan.db_people.items()}
        self.decision_ids: dict[tuple, int] = {}
        self.today = timezone.localdate()
        self.now = timezone.now()

    # Units: parents before children; successors once every unit exists.
    def units(self) -> None:
        plan, events = self.plan, []
        new = {code: row for code, row in plan.units.items() if code not in plan.db_units}
        while new:
            ready = [
                code
                for code, row in new.items()
                if not row.values.get("ma_don_vi_cap_tren") or row.values["ma_don_vi_cap_tren"] in self.unit_ids
            ]
            objs = []
            for code in ready:
                v = new.pop(code).values
                unit = Unit(
                    code=code,
                    name=v["ten_don_vi"],
                    short_name=v.get("ten_viet_tat") or "",
                    parent_id=self.unit_ids.get(v.get("ma_don_vi_cap_tren")),
                    founded_on=v.get("ngay_thanh_lap"),
                    dissolved_on=v.get("ngay_giai_the"),
                )
                if v.get("loai_don_vi"):
                    unit.unit_type = v["loai_don_vi"]
                unit.refresh_derived_fields()
                objs.append(unit)
            for unit in Unit.objects.bulk_create(objs):
                self.unit_ids[unit.code] = unit.pk
                events.append(("org.unit.created", unit, None, snapshot(unit, UNIT_FIELDS)))
        successors = {
            code: row.values["ma_don_vi_ke_thua"]
            for code, row in plan.units.items()
            if code not in plan.db_units and row.values.get("ma_don_vi_ke_thua")
        }
        for code, successor in successors.items():
            Unit.objects.filter(pk=self.unit_ids[code]).update(successor_id=self.unit_ids[successor])
        for code, row in plan.units.items():
            if code not in plan.db_units:
                continue
            changes = unit_changes(plan, code, row)
            if not changes:
                continue
            unit = Unit.objects.get(pk=self.unit_ids[code])
            before = snapshot(unit, UNIT_FIELDS)
            for field, value in changes.items():
                if field in ("parent", "successor"):
                    setattr(unit, f"{field}_id", self.unit_ids.get(value) if value else None)
                else:
                    setattr(unit, field, value)
            unit.save()
            events.append(("org.unit.updated", unit, before, snapshot(unit, UNIT_FIELDS)))
        audit_record_many(actor=self.actor, events=events, reason=self.reason)
        self.progress("Ghi đơn vị", len(plan.units), len(plan.units))

    def people(self) -> None:
        plan, events = self.plan, []
        created = [(code, row) for code, row in plan.people.items() if code not in plan.db_people]
        for start in range(0, len(created), BATCH):
            objs = []
            for code, row in created[start : start + BATCH]:
                v = row.values
                person = Person(
                    code=code,
                    full_name=v["ho_ten"],
                    birth_date=v.get("ngay_sinh"),
                    gender=v.get("gioi_tinh") or "",
                    rank=v.get("cap_bac") or "",
                    position=v.get("chuc_vu") or "",
                    category=v.get("doi_tuong") or "",
                    service_start=v.get("ngay_nhap_ngu"),
                    unit_id=self.unit_ids[v["ma_don_vi"]],
                    unit_since=v.get("ngay_den_don_vi") or v.get("ngay_nhap_ngu"),
                )
                person.refresh_derived_fields()
                objs.append(person)
            objs = Person.objects.bulk_create(objs)
            Transfer.objects.bulk_create(
                [
                    Transfer(
                        person_id=p.pk, to_unit_id=p.unit_id, effective_on=p.unit_since or self.today, note="Về đơn vị"
                    )
                    for p in objs
                ]
            )
            for person in objs:
                self.person_ids[person.code] = person.pk
                events.append(("org.person.created", person, None, snapshot(person, PERSON_FIELDS)))
            self.progress("Ghi cá nhân", start + len(objs), len(plan.people))
        for code, row in plan.people.items():
            if code not in plan.db_people:
                continue
            changes = person_changes(plan, code, row)
            new_unit = self.unit_ids[row.values["ma_don_vi"]]
            moved = new_unit != plan.db_people[code][1]
            if not changes and not moved:
                continue
            person = Person.objects.get(pk=self.person_ids[code])
            before = snapshot(person, PERSON_FIELDS)
            for field, value in changes.items():
                setattr(person, field, value)
            if moved:
                effective = row.values.get("ngay_den_don_vi") or self.today
                Transfer.objects.create(
                    person=person,
                    from_unit_id=person.unit_id,
                    to_unit_id=new_unit,
                    effective_on=effective,
                    note=self.reason,
                )
                person.unit_id, person.unit_since = new_unit, effective
            person.save()
            events.append(
                (
                    "org.person.transferred" if moved else "org.person.updated",
                    person,
                    before,
                    snapshot(person, PERSON_FIELDS),
                )
            )
        audit_record_many(actor=self.actor, events=events, reason=self.reason)

    def _subject_ids(self, stype: str, code: str) -> dict:
        if stype == SubjectType.CA_NHAN:
            return {"person_id": self.person_ids[code], "unit_id": None}
        return {"person_id": None, "unit_id": self.unit_ids[code]}

    def decisions(self) -> None:
        """Recorded decisions, identified by (number, year, issuer) like `records.services.decision_for`: an
        import never joins a decision issued in tdkt (the plan refuses numbers of a tdkt series)."""
        wanted: dict[tuple, tuple] = {}
        for (_s, _c, _e, _y, number), row in self.plan.awards.items():
            v = row.values
            issuer = _issuer(v)
            if number:
                key = (number, decision_year(v), issuer)
                if key not in wanted or (v.get("ngay_quyet_dinh") and not wanted[key][0]):
                    wanted[key] = (v.get("ngay_quyet_dinh"), False)
            if v.get("so_quyet_dinh_huy"):
                day = v.get("ngay_quyet_dinh_huy")
                wanted.setdefault((v["so_quyet_dinh_huy"], day.year if day else v["nam"], issuer), (day, True))
        numbers = sorted({k[0] for k in wanted})
        recorded = Decision.objects.filter(origin=DecisionOrigin.RECORDED, issuer_unit__isnull=True)
        for start in range(0, len(numbers), 900):
            for pk, number, year, issuer in recorded.filter(number__in=numbers[start : start + 900]).values_list(
                "id", "number", "year", "issuer"
            ):
                self.decision_ids[(number, year, issuer)] = pk
        missing = [
            Decision(number=k[0], year=k[1], issuer=k[2], signed_on=v[0], is_revocation=v[1])
            for k, v in wanted.items()
            if k not in self.decision_ids
        ]
        for decision in Decision.objects.bulk_create(missing, batch_size=BATCH):
            self.decision_ids[(decision.number, decision.year, decision.issuer)] = decision.pk

    def _bulk(self, label: str, creates: "_Inserter", model, updates: list, fields: list[str]) -> None:
        creates.flush()
        if updates:
            model.objects.bulk_update(updates, fields, batch_size=BATCH)

    def _audit_updates(self, model, action: str, audited: list[str], old_values: dict[int, dict]) -> None:
        """One event per corrected row, old and new values, read back after the bulk update (few rows)."""
        events = []
        ids = sorted(old_values)
        subject = ["person"] if model is not YearlyRating else ["person", "unit"]
        for start in range(0, len(ids), BATCH):
            for obj in model.objects.filter(pk__in=ids[start : start + BATCH]).select_related(*subject):
                after = snapshot(obj, audited)
                old = json.loads(json.dumps(old_values[obj.pk], cls=DjangoJSONEncoder, ensure_ascii=False))
                events.append((action, obj, {**after, **old}, after))
        audit_record_many(actor=self.actor, events=events, reason=self.reason)

    def ratings(self) -> None:
        existing = self.plan.existing.get("DanhGia", {})
        creates, updates = _Inserter(YearlyRating, "Ghi đánh giá", self.progress, len(self.plan.ratings)), []
        old: dict[int, dict] = {}
        for key, row in self.plan.ratings.items():
            rating = row.values["muc_do"]
            current = existing.get(key)
            if current is None:
                creates.append(
                    {**self._subject_ids(key[0], key[1]), "year": key[2], "rating": rating, "created_at": self.now}
                )
            elif current[1] != rating:
                updates.append(YearlyRating(pk=current[0], rating=rating))
                old[current[0]] = {"rating": current[1]}
        self._bulk("Ghi đánh giá", creates, YearlyRating, updates, ["rating"])
        self._audit_updates(YearlyRating, "records.rating.updated", ["person", "unit", "year", "rating"], old)

    def initiatives(self) -> None:
        existing = self.plan.existing.get("SangKien", {})
        creates, updates = _Inserter(Initiative, "Ghi sáng kiến", self.progress, len(self.plan.initiatives)), []
        old: dict[int, dict] = {}
        for key, row in self.plan.initiatives.items():
            v = row.values
            values = {
                "initiative_type": v.get("loai") or InitiativeType.SANG_KIEN,
                "scope": v["pham_vi"],
                "decision_number": v.get("so_quyet_dinh") or "",
            }
            current = existing.get(key)
            if current is None:
                creates.append(
                    {
                        "person_id": self.person_ids[key[0]],
                        "year": key[1],
                        "name": key[2],
                        **values,
                        "created_at": self.now,
                    }
                )
            elif current[1] != tuple(values.values()):
                updates.append(Initiative(pk=current[0], **values))
                old[current[0]] = dict(zip(values, current[1], strict=True))
        self._bulk("Ghi sáng kiến", creates, Initiative, updates, ["initiative_type", "scope", "decision_number"])
        self._audit_updates(Initiative, "records.initiative.updated", INITIATIVE_AUDITED, old)

    def disciplines(self) -> None:
        existing = self.plan.existing.get("KyLuat", {})
        creates, updates = _Inserter(Discipline, "Ghi kỷ luật", self.progress, len(self.plan.disciplines)), []
        old: dict[int, dict] = {}
        for key, row in self.plan.disciplines.items():
            v = row.values
            values = {
                "decision_number": v.get("so_quyet_dinh") or "",
                "until": v.get("den_ngay"),
                "reason": v.get("ly_do") or "",
            }
            current = existing.get(key)
            if current is None:
                creates.append(
                    {
                        "person_id": self.person_ids[key[0]],
                        "decided_on": key[1],
                        "form": key[2],
                        **values,
                        "created_at": self.now,
                    }
                )
            elif current[1] != tuple(values.values()):
                updates.append(Discipline(pk=current[0], **values))
                old[current[0]] = dict(zip(values, current[1], strict=True))
        self._bulk("Ghi kỷ luật", creates, Discipline, updates, ["decision_number", "until", "reason"])
        self._audit_updates(Discipline, "records.discipline.updated", DISCIPLINE_AUDITED, old)

    def _revocation(self, v: dict) -> dict:
        if (v.get("trang_thai") or AwardStatus.HIEU_LUC) != AwardStatus.DA_HUY:
            return {"status": AwardStatus.HIEU_LUC, "revoked_by_id": None, "revoked_on": None, "revocation_reason": ""}
        day: date | None = v.get("ngay_quyet_dinh_huy")
        number = v.get("so_quyet_dinh_huy")
        return {
            "status": AwardStatus.DA_HUY,
            "revoked_on": day,
            "revocation_reason": v.get("ly_do_huy") or "",
            "revoked_by_id": self.decision_ids.get((number, day.year if day else v["nam"], _issuer(v)))
            if number
            else None,
        }

    def awards(self) -> None:
        plan, existing = self.plan, self.plan.existing.get("KhenThuong", {})
        creates, events = _Inserter(Award, "Ghi khen thưởng", self.progress, len(plan.awards)), []
        for key, row in plan.awards.items():
            stype, code, entry_code, year, number = key
            v, entry = row.values, plan.entries[entry_code]
            current = existing.get(key)
            if current is None:
                creates.append(
                    {
                        **self._subject_ids(stype, code),
                        "entry_id": entry.pk,
                        "year": year,
                        "yearly_title": entry.yearly,
                        "kind": v.get("loai_khen_thuong") or AwardKind.THUONG_XUYEN,
                        "achievement": v.get("thanh_tich") or "",
                        "decision_id": self.decision_ids.get((number, decision_year(v), _issuer(v)))
                        if number
                        else None,
                        **self._revocation(v),
                        "created_at": self.now,
                    }
                )
            elif current[1] != award_file_values(v):
                award = Award.objects.get(pk=current[0])
                before = snapshot(award, AWARD_FIELDS)
                award.kind = v.get("loai_khen_thuong") or AwardKind.THUONG_XUYEN
                award.achievement = v.get("thanh_tich") or ""
                if award.status == AwardStatus.HIEU_LUC and v.get("trang_thai") == AwardStatus.DA_HUY:
                    for field, value in self._revocation(v).items():
                        setattr(award, field, value)
                award.save()
                action = "records.award.revoked" if award.status == AwardStatus.DA_HUY else "records.award.updated"
                events.append((action, award, before, snapshot(award, AWARD_FIELDS)))
        self._bulk("Ghi khen thưởng", creates, Award, [], [])
        audit_record_many(actor=self.actor, events=events, reason=self.reason)
