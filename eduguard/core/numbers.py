"""Numbers as a Chinese work report writes them."""


def approx(n: int, exact_below: int = 10) -> str:
    """A count rounded down the way the seeds write them: two leading digits stay (one below 100)
    and the rest becomes 余 — 595 → "590余", 3,046 → "3000余", 20,350 → "20000余", 106 → "100余",
    53 → "50余" — never rounded up, so a sentence never claims more than was done. A round number
    and anything below `exact_below` are exact (3000 → "3000", 7 → "7"). Callers choose where a
    report is approximate."""
    if n < exact_below:
        return str(n)
    magnitude = 10 ** max(len(str(n)) - (1 if n < 100 else 2), 0)
    floor = n // magnitude * magnitude
    return str(n) if floor == n else f"{floor}余"


def approx_wan(n: int) -> str:
    """A large count in 万 as the seeds write it (33,304 → "3万余"); below 10,000 as `approx`."""
    if n < 10_000:
        return approx(n)
    return f"{n // 10_000}万" if n % 10_000 == 0 else f"{n // 10_000}万余"
