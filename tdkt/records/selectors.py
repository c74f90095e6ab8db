"""Reads of the legal record, scoped to the actor through the subject's unit."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from tdkt.org.models import Person, Unit
from tdkt.records.choices import EntryKind
from tdkt.records.models import Award, CatalogueEntry, Discipline, Initiative, YearlyRating
from tdkt.records.policies import person_record_policy, subject_record_policy


def catalogue_list() -> QuerySet:
    return CatalogueEntry.objects.all().order_by("kind", "position", "code")


def award_list(*, actor, action: str = "view") -> QuerySet:
    qs = Award.objects.select_related("entry", "decision", "revoked_by", "person__unit", "unit")
    return subject_record_policy.scope(actor, action, qs)


def award_get(*, actor, pk, action: str = "view") -> Award:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(award_list(actor=actor, action=action), pk=pk)


def rating_list(*, actor, action: str = "view") -> QuerySet:
    return subject_record_policy.scope(actor, action, YearlyRating.objects.select_related("person", "unit"))


def initiative_list(*, actor, action: str = "view") -> QuerySet:
    return person_record_policy.scope(actor, action, Initiative.objects.select_related("person"))


def discipline_list(*, actor, action: str = "view") -> QuerySet:
    return person_record_policy.scope(actor, action, Discipline.objects.select_related("person"))


@dataclass
class HistoryYear:
    """One row of the year-by-year record of a person or a unit."""

    year: int
    rating: YearlyRating | None = None
    titles: list[Award] = field(default_factory=list)
    forms: list[Award] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    disciplines: list[Discipline] = field(default_factory=list)


def record_history(*, subject: Person | Unit) -> list[HistoryYear]:
    """Every year with a record, newest first (the caller has checked the actor may see `subject`)."""
    is_person = isinstance(subject, Person)
    key = {"person": subject} if is_person else {"unit": subject}
    years: dict[int, HistoryYear] = {}

    def row(year: int) -> HistoryYear:
        return years.setdefault(year, HistoryYear(year))

    subject_field = "person" if is_person else "unit"

    def of_subject(records):
        # every record is the subject's: give each the subject already loaded, not a query apiece
        for record in records:
            setattr(record, subject_field, subject)
            yield record

    for rating in of_subject(YearlyRating.objects.filter(**key)):
        row(rating.year).rating = rating
    awards = Award.objects.filter(**key).select_related("entry", "decision", "revoked_by")
    for award in of_subject(awards.order_by("year", "entry__position", "id")):
        target = row(award.year).titles if award.entry.kind == EntryKind.DANH_HIEU else row(award.year).forms
        target.append(award)
    if is_person:
        for initiative in of_subject(Initiative.objects.filter(person=subject)):
            row(initiative.year).initiatives.append(initiative)
        for discipline in of_subject(Discipline.objects.filter(person=subject)):
            row(discipline.decided_on.year).disciplines.append(discipline)
    return [years[y] for y in sorted(years, reverse=True)]


def record_events(*, subject: Person | Unit, limit: int = 100):
    """Audit events of the subject's ratings, awards, initiatives and discipline, newest first."""
    from django.db.models import Q

    from tdkt.audit.models import AuditEvent

    key = {"person": subject} if isinstance(subject, Person) else {"unit": subject}
    models = [YearlyRating, Award] + ([Initiative, Discipline] if isinstance(subject, Person) else [])
    condition = Q(pk__in=[])
    for model in models:
        ids = [str(pk) for pk in model.objects.filter(**key).values_list("id", flat=True)]
        if ids:
            condition |= Q(object_type=model._meta.label_lower, object_id__in=ids)
    return AuditEvent.objects.filter(condition).select_related("actor").order_by("-seq")[:limit]
