"""The committed OpenAPI schema (docs/openapi.yaml) is the one the code generates (STYLE.md practice 13).

A change to a serializer, a filter or a view's @extend_schema changes the API's contract; the
committed schema shows that change in review, and this test fails until it is regenerated.
"""

import difflib

from django.conf import settings
from django.core.management import call_command

COMMITTED = settings.BASE_DIR.parent / "docs" / "openapi.yaml"
COMMAND = "manage.py spectacular --lang zh-hans --validate --fail-on-warn --file docs/openapi.yaml"


def generate(path) -> str:
    """The schema as `make schema` writes it: in the default language, validated, no warnings."""
    call_command(*COMMAND.split()[1:-1], str(path))
    return path.read_text(encoding="utf-8")


def test_the_committed_schema_is_the_generated_one(tmp_path):
    generated = generate(tmp_path / "openapi.yaml")
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    if generated != committed:
        diff = difflib.unified_diff(
            committed.splitlines(), generated.splitlines(), "docs/openapi.yaml", "generated", lineterm="", n=1
        )
        shown = "\n".join(list(diff)[:40])
        raise AssertionError(
            f"docs/openapi.yaml is not the schema the code generates. Regenerate it with `make schema` "
            f"(or `.venv/bin/python {COMMAND}`), review the change and commit it.\n{shown}"
        )
