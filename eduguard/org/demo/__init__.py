"""The synthetic demo county behind `eduguard seed-demo` and `eduguard demo`."""

from eduguard.org.demo.generator import (
    ACCOUNT_NAMES,
    DEFAULT_DAYS,
    DEFAULT_SEED,
    DEMO_PASSWORD,
    DemoContext,
    DemoRefused,
    DemoResult,
    count_demo,
    describe_accounts,
    display_width,
    format_accounts,
    register_step,
    seed_demo,
    targets,
)
from eduguard.org.demo.profiles import PROFILES

__all__ = [
    "ACCOUNT_NAMES",
    "DEFAULT_DAYS",
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "PROFILES",
    "DemoContext",
    "DemoRefused",
    "DemoResult",
    "count_demo",
    "describe_accounts",
    "display_width",
    "format_accounts",
    "register_step",
    "seed_demo",
    "targets",
]
