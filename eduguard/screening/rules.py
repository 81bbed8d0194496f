"""Category rules: which categories a screening's answers put a person in.

A rule is {"any": [...]} or {"all": [...]}; each item is an answer name (that answer is yes)
or "cat:<code>" (the person falls in that category too). A rule that reaches itself through
such references would never settle and is refused when saved (`check_rules`).
"""

from django.core.exceptions import ValidationError

from eduguard.screening.models import ANSWERS

_OPS = ("any", "all")


def _items(rule: dict) -> list[str]:
    return next((rule[op] for op in _OPS if op in rule), [])


def check_rule(rule) -> None:
    """The shape of one rule; ValidationError naming what is wrong."""
    if not isinstance(rule, dict) or len(rule) != 1 or next(iter(rule)) not in _OPS:
        raise ValidationError({"rule": ['规则应为 {"any": [...]} 或 {"all": [...]}']})
    items = _items(rule)
    if not isinstance(items, list) or not items:
        raise ValidationError({"rule": ["规则至少需要一个条件"]})
    unknown = [i for i in items if not (isinstance(i, str) and (i in ANSWERS or i.startswith("cat:")))]
    if unknown:
        raise ValidationError({"rule": [f"未知的条件：{unknown}"]})


def check_rules(rules: dict[str, dict]) -> None:
    """A county's rules by category code: each well formed, references known, and no loop."""
    for rule in rules.values():
        check_rule(rule)
    for code, rule in rules.items():
        for item in _items(rule):
            if item.startswith("cat:") and item[4:] not in rules:
                raise ValidationError({"rule": [f"{code}: 引用了不存在的类别 {item[4:]}"]})
    state: dict[str, str] = {}

    def visit(code: str, path: list[str]) -> None:
        if state.get(code) == "done":
            return
        if state.get(code) == "open":
            loop = " → ".join([*path[path.index(code) :], code])
            raise ValidationError({"rule": [f"类别规则循环引用：{loop}"]})
        state[code] = "open"
        for item in _items(rules[code]):
            if item.startswith("cat:"):
                visit(item[4:], [*path, code])
        state[code] = "done"

    for code in rules:
        visit(code, [])


def categories_for(answers: dict, rules: dict[str, dict]) -> set[str]:
    """The codes whose rules the answers meet (rules already checked: no loops)."""
    memo: dict[str, bool] = {}

    def met(code: str) -> bool:
        if code not in memo:
            rule = rules[code]
            values = [met(i[4:]) if i.startswith("cat:") else bool(answers.get(i)) for i in _items(rule)]
            memo[code] = any(values) if "any" in rule else all(values)
        return memo[code]

    return {code for code in rules if met(code)}
