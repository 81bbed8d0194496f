"""Masks shown in every page, list, API response and export (domain.md §8.4-4)."""


def mask_id(number: str) -> str:
    """First 6 + last 4 visible: 110105********002X. Short or foreign numbers keep only the last 2."""
    if not number:
        return ""
    if len(number) >= 15:
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    return "*" * max(len(number) - 2, 1) + number[-2:]


def mask_phone(stored: str) -> str:
    """138****5678 for mobiles; fixed lines keep the area code and the last 2 digits."""
    if not stored:
        return ""
    if stored.startswith("+86"):
        local = stored[3:]
        return local[:3] + "****" + local[-4:]
    area, _, rest = stored.partition("-")
    return f"{area}-" + "*" * max(len(rest) - 2, 1) + rest[-2:]


def mask_name(name: str) -> str:
    """张* / 欧阳** — for county-level publications."""
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)


def mask_middle(name: str) -> str:
    """张*明 / 欧**娜 / 王* — enough for a parent to find their child in a class list."""
    if len(name) <= 2:
        return mask_name(name)
    return name[0] + "*" * (len(name) - 2) + name[-1]
