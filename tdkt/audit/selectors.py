from django.db.models import Model, QuerySet

from tdkt.audit.chain import ChainBreak, verify_events
from tdkt.audit.models import AuditChainHead, AuditEvent


def audit_events_for(*, obj: Model) -> QuerySet:
    """The change history of one object (the caller has already checked it may see `obj`)."""
    return (AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
            .select_related("actor").order_by("-seq"))


def audit_chain_verify(*, batch_size: int = 5000) -> ChainBreak | None:
    def events():
        last = 0
        while True:
            batch = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
            if not batch:
                return
            yield from batch
            last = batch[-1].seq

    broken = verify_events(events())
    if broken:
        return broken
    head = AuditChainHead.objects.filter(id=1).first()
    last = AuditEvent.objects.order_by("-seq").first()
    if head and last and (head.seq, head.hash) != (last.seq, last.hash):
        return ChainBreak(last.seq, "đầu chuỗi không khớp với sự kiện cuối")
    return None
