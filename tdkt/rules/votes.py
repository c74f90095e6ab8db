"""Council votes by secret ballot: the rule for an award (threshold, base, quorum) and a tally's outcome.

Only counts exist here — agree, disagree, abstain, invalid — never who voted how.
"""

from dataclasses import dataclass
from fractions import Fraction


class TallyError(ValueError):
    """A tally that cannot be right (more ballots than voters, no quorum); nothing may be recorded."""


BASES = {
    "ALL_MEMBERS": "tổng số thành viên hội đồng",
    "PRESENT": "số thành viên có mặt",
    "VALID": "số phiếu hợp lệ",
}


@dataclass(frozen=True)
class VoteRule:
    threshold: float
    strict: bool
    base: str  # ALL_MEMBERS | PRESENT | VALID
    quorum: Fraction  # share of the members (not recused) who must be present, exact ("2/3")
    text: str
    source: str
    label: str
    # Whether the title or form reaches a decision only through a passing council tally. Absent in a rule
    # set, it is required: the safe reading when the texts are silent (issue #15, item 4).
    required: bool = True

    def as_dict(self) -> dict:
        return {
            "threshold": self.threshold,
            "strict": self.strict,
            "base": self.base,
            "quorum": str(self.quorum),
            "text": self.text,
            "source": f"{self.source} [{self.label}]",
            "required": self.required,
        }


@dataclass(frozen=True)
class TallyOutcome:
    passed: bool
    base: int
    share: float
    text: str  # the result in a sentence, for the minutes and the item


def parse_vote_rule(data: dict) -> VoteRule:
    if data.get("base") not in BASES:
        raise ValueError(f"vote base must be one of {sorted(BASES)}")
    required = data.get("required", True)
    if not isinstance(required, bool):
        raise ValueError("vote required is true or false")
    quorum = Fraction(str(data["quorum"]))
    if not 0 < float(data["threshold"]) <= 1 or not 0 < quorum <= 1:
        raise ValueError("vote threshold and quorum are shares between 0 and 1")
    return VoteRule(
        threshold=float(data["threshold"]),
        strict=bool(data.get("strict", False)),
        base=data["base"],
        quorum=quorum,
        text=data["text"],
        source=data["source"],
        label=data["label"],
        required=required,
    )


def tally_outcome(
    rule: VoteRule, *, members: int, present: int, recused: int, agree: int, disagree: int, abstain: int, invalid: int
) -> TallyOutcome:
    """Check a tally against the rule; refuse (TallyError) what cannot be a real count."""
    if min(members, present, recused, agree, disagree, abstain, invalid) < 0:
        raise TallyError("Số phiếu và số thành viên không được âm.")
    if present > members:
        raise TallyError(f"Số thành viên có mặt ({present}) lớn hơn số thành viên hội đồng ({members}).")
    if recused > present:
        raise TallyError("Số thành viên không tham gia lớn hơn số có mặt.")
    voters = present - recused
    eligible = members - recused
    ballots = agree + disagree + abstain + invalid
    if ballots > voters:
        raise TallyError(f"Tổng số phiếu ({ballots}) lớn hơn số thành viên được biểu quyết ({voters}).")
    if voters < rule.quorum * eligible:
        raise TallyError(
            f"Không đủ số thành viên dự họp để biểu quyết: {voters}/{eligible}, cần từ {rule.quorum} số thành viên."
        )
    base = {"ALL_MEMBERS": eligible, "PRESENT": voters, "VALID": agree + disagree + abstain}[rule.base]
    share = agree / base if base else 0.0
    passed = share > rule.threshold if rule.strict else share >= rule.threshold
    sign = "trên" if rule.strict else "từ"
    # a decimal comma (55,6%): the engine is pure Python and cannot use tdkt.core.display (issue #16, item 5)
    shown = f"{share:.1%}".replace(".", ",")
    text = f"Đồng ý {agree}/{base} ({shown} {BASES[rule.base]}); cần {sign} {rule.threshold:.0%}: " + (
        "đạt." if passed else "không đạt."
    )
    return TallyOutcome(passed=passed, base=base, share=share, text=text)
