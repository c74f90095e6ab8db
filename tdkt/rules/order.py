"""Which rules a rule reads the verdict of ("meets the standard of"), and the order a year's rules are evaluated in.

A CSTĐCS candidate must meet the CSTT/LĐTT standard of the same year, and a unit title may count the
members who meet CSTT that year: at year end these titles are decided together, so a rule reads the
other rule's verdict, not only a recorded award. Both evaluators (`engine`, `bulk`) evaluate a rule
after every rule it references; a cycle is refused when the rule set is loaded.
"""

from tdkt.rules.model import Rule, RuleSet

# Condition types that read another rule's verdict for the subject itself, and those that count the
# members meeting a person rule's standard when given `"standard": true`.
OWN_STANDARD_TYPES = frozenset({"meets_standard"})
MEMBER_STANDARD_TYPES = frozenset({"member_share", "member_count"})


class OrderError(ValueError):
    """A rule set whose rules reference each other in a cycle, or a rule that does not exist."""


def _leaves(node: dict):
    for mode in ("all", "any"):
        if mode in node:
            for child in node[mode]:
                yield from _leaves(child)
            return
    yield node


def own_references(rule: Rule) -> list[str]:
    """Codes of the rules (same kind of subject) whose verdict this rule reads, in the order written."""
    found = []
    for leaf in _leaves(rule.condition):
        if leaf.get("type") in OWN_STANDARD_TYPES and leaf.get("code") not in found:
            found.append(leaf["code"])
    return found


def member_references(rule: Rule) -> list[str]:
    """Codes of the person rules whose verdict this (unit) rule counts among its members."""
    found = []
    for leaf in _leaves(rule.condition):
        if leaf.get("type") in MEMBER_STANDARD_TYPES and leaf.get("standard") and leaf.get("title") not in found:
            found.append(leaf["title"])
    return found


def _references(rule: Rule) -> list[str]:
    return own_references(rule) + [c for c in member_references(rule) if c not in own_references(rule)]


def check(rules: dict[str, Rule]) -> None:
    """Every referenced rule exists for the right kind of subject, and no rule depends on itself."""
    for rule in rules.values():
        for code in own_references(rule):
            other = rules.get(code)
            if other is None or other.subject != rule.subject:
                raise OrderError(f"{rule.code}: meets_standard refers to {code}, not a {rule.subject} rule of the set")
        for code in member_references(rule):
            other = rules.get(code)
            if rule.subject != "TAP_THE" or other is None or other.subject != "CA_NHAN":
                raise OrderError(f"{rule.code}: members meeting the standard of {code} need a CA_NHAN rule {code}")
    _order(rules, list(rules))


def evaluation_order(rule_set: RuleSet, codes: list[str], *, subject: str | None = None) -> list[Rule]:
    """The rules `codes` and every rule they reference, each after the rules it references (depth first,
    otherwise in the order given). With `subject`, only rules of that kind of subject are returned."""
    return [rule for rule in _order(rule_set.rules, codes) if subject is None or rule.subject == subject]


def _order(rules: dict[str, Rule], codes: list[str]) -> list[Rule]:
    done: dict[str, Rule] = {}
    path: list[str] = []

    def visit(code: str) -> None:
        if code in done:
            return
        if code in path:
            cycle = " → ".join([*path[path.index(code) :], code])
            raise OrderError(f"rules reference each other in a cycle: {cycle}")
        path.append(code)
        rule = rules[code]
        for other in _references(rule):
            if other in rules:
                visit(other)
        path.pop()
        done[code] = rule

    for code in codes:
        visit(code)
    return list(done.values())
