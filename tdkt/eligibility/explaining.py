"""A verdict's reasons as an officer reads them, wherever they are shown (issue #16, items 9 and 11).

For an eligible (or held) subject the conditions met; for the others what is missing and what a person must
confirm, the alternatives of one failed "one of" group shown together. An alternative that another alternative
satisfied is not decisive and never shown as missing. Every source is written out with its article and its
C/H/U label apart (`tdkt.rules.citations`), explained by `LABEL_LEGEND`.

The screening page explains fresh verdicts; a dossier item explains the snapshot of the verdict taken when the
item was added (`reasons_from_snapshot`). Snapshots taken before the reasons kept `decisive` and
`alternatives` read every reason as decisive and alone: an eligible item still lists only what it met, a
refused one lists every unmet condition as the screening did then.
"""

from tdkt.rules.citations import LABEL_MEANINGS, LABELS, cite
from tdkt.rules.model import Reason, Status

LABEL_LEGEND = [(code, LABELS[code], LABEL_MEANINGS[code]) for code in ("C", "H", "U")]
PASSING = (Status.ELIGIBLE.value, Status.HELD.value)


def shown(reason: Reason) -> dict:
    """A condition as a page shows it: its source written out with the article and the label apart."""
    citation = cite(reason.source)
    return {
        "condition": reason.condition,
        "evidence": reason.evidence,
        "source": citation.text,
        "label": citation.label,
        "label_text": citation.label_text,
    }


def grouped(reasons) -> list[dict]:
    """Conditions to show; the alternatives of one failed "any" group become one entry ("một trong")."""
    items, groups = [], {}
    for r in reasons:
        if r.alternatives and r.alternatives in groups:
            groups[r.alternatives]["alternatives"].append(shown(r))
        elif r.alternatives:
            groups[r.alternatives] = {"alternatives": [shown(r)]}
            items.append(groups[r.alternatives])
        else:
            items.append(shown(r))
    # a group of which only one alternative is left here (the others undecided) reads as that condition
    return [item["alternatives"][0] if len(item.get("alternatives", ())) == 1 else item for item in items]


def explained(reasons, status: str) -> dict:
    """What matters of `reasons` for a verdict of `status` (a `Status` value): see the module docstring."""
    status = getattr(status, "value", status)
    reasons = list(reasons)
    decisive = [r for r in reasons if r.decisive]
    return {
        "passes": status in PASSING,
        # a held verdict's first reason names the award held (rules.held); shown before what was met
        "held": shown(reasons[0]) if status == Status.HELD.value and reasons else None,
        "met": [shown(r) for r in decisive if r.met is True],
        "missing": grouped([r for r in decisive if r.met is False]),
        "undecided": grouped([r for r in decisive if r.met is None]),
    }


def reason_snapshot(reason: Reason) -> dict:
    """A reason as a dossier item keeps it: `Reason.as_dict` with what tells the decisive ones apart."""
    return {**reason.as_dict(), "decisive": reason.decisive, "alternatives": reason.alternatives}


def reasons_from_snapshot(stored: list[dict]) -> list[Reason]:
    """The reasons of a stored snapshot; an old one without `decisive`/`alternatives` reads each as decisive."""
    return [
        Reason(
            condition=str(r.get("condition", "")),
            met=r.get("met"),
            evidence=str(r.get("evidence", "")),
            source=str(r.get("source", "")),
            decisive=bool(r.get("decisive", True)),
            alternatives=int(r.get("alternatives") or 0),
        )
        for r in stored
        if isinstance(r, dict)
    ]
