"""`make audit` (deploy/audit.py) fails on a vulnerability unless deploy/audit-ignore.txt explains
it, and tells an unreachable advisory service apart from a clean report."""

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "audit", Path(__file__).resolve().parents[3] / "deploy" / "audit.py"
)
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)

PIP = {
    "dependencies": [
        {
            "name": "django",
            "version": "5.2.0",
            "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"], "aliases": ["CVE-2025-1"]}],
        },
        {"name": "celery", "version": "5.4.0", "vulns": []},
        {"name": "private-lib", "skip_reason": "Dependency not found on PyPI"},
    ]
}
NPM = {
    "vulnerabilities": {
        "echarts": {
            "range": "<5.9.0",
            "via": [
                {"source": 1, "title": "XSS", "url": "https://github.com/advisories/GHSA-abcd-efgh-ijkl"}
            ],
        },
        "zrender": {"range": "*", "via": ["echarts"]},
    }
}


def test_it_reports_vulnerabilities_unless_explained(tmp_path):
    assert audit.python_findings(PIP, {}) == (
        ["django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)"],
        ["private-lib: Dependency not found on PyPI"],
        2,
    )
    assert audit.npm_findings(NPM, {}) == ["echarts <5.9.0: GHSA-ABCD-EFGH-IJKL XSS"]
    ignore = tmp_path / "ignore.txt"
    ignore.write_text(
        "# reviewed\nCVE-2025-1  # only the admin's SQL console, which we do not run\nGHSA-abcd-efgh-ijkl # charts take no user HTML\n"
    )
    ignores = audit.read_ignores(ignore)
    assert audit.python_findings(PIP, ignores)[0] == [] and audit.npm_findings(NPM, ignores) == []


def test_an_unreachable_service_is_not_a_clean_report_and_a_reason_is_required(tmp_path):
    assert audit.python_findings({"dependencies": [{"name": "x", "skip_reason": "not found"}]}, {})[2] == 0
    assert audit.npm_findings({"error": {"code": "E405"}}, {}) is None
    assert audit.npm_findings({"vulnerabilities": {}}, {}) == []
    ignore = tmp_path / "ignore.txt"
    ignore.write_text("GHSA-abcd-efgh-ijkl\n")
    with pytest.raises(SystemExit, match="has no reason"):
        audit.read_ignores(ignore)
