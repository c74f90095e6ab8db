from django.db.models import Model, QuerySet

from tdkt.audit.chain import FIELDS, GENESIS_HASH, HMAC_SHA256, ChainBreak, verify_rows
from tdkt.audit.keys import AuditKeyError, load_key
from tdkt.audit.models import AuditChainHead, AuditEvent

HASH = FIELDS.index("hash")


def audit_events_for(*, obj: Model) -> QuerySet:
    """The change history of one object (the caller has already checked it may see `obj`)."""
    return (
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("-seq")
    )


def audit_head() -> tuple[int, str]:
    """The chain's current head (sequence number, hash): kept off the server, it pins the history."""
    head = AuditChainHead.objects.filter(id=1).values_list("seq", "hash").first()
    return head or (0, GENESIS_HASH)


def audit_keyed_from() -> int | None:
    """Number of the first event signed with the key (None while every event is of the old scheme)."""
    return AuditEvent.objects.filter(hash_scheme=HMAC_SHA256).order_by("seq").values_list("seq", flat=True).first()


def audit_chain_verify(
    *,
    batch_size: int = 20_000,
    progress=None,
    head: tuple[int, str] | None = None,
    keyed_from: int | None = None,
    summary: dict | None = None,
) -> ChainBreak | None:
    """Recompute the whole chain with the key of `AUDIT_HMAC_KEY_FILE`; the first broken link, or None.

    `head` is a (seq, hash) saved earlier off the server: the event of that number must still carry that
    hash, which catches a history rewritten with every later hash recomputed. `keyed_from`, saved with it,
    is where keyed events began: a chain whose keyed part starts elsewhere was rewritten in the old scheme.
    `progress(done, total)` is called after each batch; `summary["keyed_from"]` is filled in.
    """
    try:
        key = load_key()
    except AuditKeyError as exc:
        return ChainBreak(0, str(exc).rstrip("."))
    summary = {} if summary is None else summary
    total = AuditEvent.objects.count()
    checked = [0, GENESIS_HASH]  # events verified so far, the hash of the last one

    def rows():
        last = 0
        while True:
            batch = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq").values_list(*FIELDS)[:batch_size])
            if not batch:
                return
            yield from batch
            last = batch[-1][0]
            checked[0], checked[1] = last, batch[-1][HASH]
            if progress:
                progress(min(last, total), total)

    broken = verify_rows(rows(), key=key, summary=summary)
    if broken:
        return broken
    current = AuditChainHead.objects.filter(id=1).values_list("seq", "hash").first()
    if current and checked[0] and tuple(current) != (checked[0], checked[1]):
        return ChainBreak(checked[0], "đầu chuỗi không khớp với sự kiện cuối")
    if head is not None:
        seq, digest = head
        if seq > checked[0]:
            return ChainBreak(checked[0] + 1, f"chuỗi ngắn hơn đầu chuỗi đã lưu (#{seq}): sự kiện đã bị xóa")
        kept = AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
        if seq and kept != digest:
            return ChainBreak(seq, "sự kiện không khớp với đầu chuỗi đã lưu: lịch sử đã bị viết lại")
        if keyed_from is not None and summary.get("keyed_from") != keyed_from:
            return ChainBreak(
                keyed_from, "sự kiện ký đầu tiên không khớp với đầu chuỗi đã lưu: lịch sử đã bị viết lại không khóa"
            )
    return None
