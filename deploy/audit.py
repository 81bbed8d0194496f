"""`make audit`: known vulnerabilities in the installed Python packages (pip-audit) and in the npm
packages served as static files (`npm audit --omit=dev`: htmx, echarts and theirs).

Every vulnerability reported must be fixed by upgrading, or explained in deploy/audit-ignore.txt
(one advisory id per line — PYSEC-…, GHSA-…, CVE-… — then `#` and why it does not apply).

Exit status: 0 when nothing unexplained is reported; 1 when something is; 2 when an advisory
service could not be reached and AUDIT_STRICT=1. Without AUDIT_STRICT an unreachable service is
reported in a banner and does not fail the run (a package mirror may serve packages but not
advisories), like the browser tests without Chromium.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE_FILE = ROOT / "deploy" / "audit-ignore.txt"
GHSA = re.compile(r"GHSA(-[0-9a-z]{4}){3}", re.I)


def read_ignores(path: Path = IGNORE_FILE) -> dict[str, str]:
    """Advisory id → the reason it is accepted; a line without a reason is an error."""
    ignores = {}
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if path.exists() else ():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        vuln, _, reason = line.partition("#")
        if not reason.strip():
            raise SystemExit(
                f"{path.name} line {n}: {vuln.strip()} has no reason (ID  # why it does not apply)"
            )
        ignores[vuln.strip().upper()] = reason.strip()
    return ignores


def python_findings(report: dict, ignores: dict[str, str]) -> tuple[list[str], list[str], int]:
    """(unexplained vulnerabilities, skipped packages, packages audited) from pip-audit's JSON."""
    found, skipped, audited = [], [], 0
    for dep in report.get("dependencies", []):
        if "skip_reason" in dep:
            skipped.append(f"{dep['name']}: {dep['skip_reason']}")
            continue
        audited += 1
        for vuln in dep.get("vulns", []):
            ids = {vuln["id"].upper(), *(a.upper() for a in vuln.get("aliases", []))}
            if not ids & ignores.keys():
                fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
                found.append(f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
    return found, skipped, audited


def npm_findings(report: dict, ignores: dict[str, str]) -> list[str] | None:
    """Unexplained vulnerabilities from `npm audit --json`; None when the audit itself failed."""
    if "error" in report or "vulnerabilities" not in report:
        return None
    found = []
    for name, entry in report["vulnerabilities"].items():
        for via in entry.get("via", []):
            if not isinstance(via, dict):  # a package that is vulnerable through another one
                continue
            match = GHSA.search(via.get("url", ""))
            advisory = match.group(0).upper() if match else str(via.get("source", "?"))
            if advisory not in ignores:
                found.append(f"{name} {entry.get('range', '')}: {advisory} {via.get('title', '')}".strip())
    return found


def _json(cmd: list[str]) -> dict:
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    try:
        return json.loads(done.stdout or "{}")
    except json.JSONDecodeError:
        return {"error": {"summary": (done.stderr or done.stdout).strip()[-500:]}}


def main() -> int:
    ignores = read_ignores()
    unreachable, failures = [], []

    report = _json(
        [sys.executable, "-m", "pip_audit", "--skip-editable", "--progress-spinner", "off", "-f", "json"]
    )
    found, skipped, audited = python_findings(report, ignores)
    if audited == 0:
        unreachable.append(
            f"pip-audit: no package could be checked ({len(skipped)} skipped: advisories unreachable)"
        )
    else:
        print(f"pip-audit: {audited} Python packages checked, {len(found)} unexplained vulnerabilities")
        for line in skipped:
            print(f"  not checked: {line}")
    failures += found

    npm = npm_findings(_json(["npm", "audit", "--omit=dev", "--json"]), ignores)
    if npm is None:
        unreachable.append("npm audit: the registry's advisory endpoint did not answer")
    else:
        print(f"npm audit: {len(npm)} unexplained vulnerabilities")
        failures += npm

    for line in failures:
        print(f"  VULNERABLE {line}")
    for vuln, reason in ignores.items():
        print(f"  accepted {vuln}: {reason}")
    if unreachable:
        print("*** NOT AUDITED: " + "; ".join(unreachable) + " ***")
    if failures:
        return 1
    if unreachable and os.environ.get("AUDIT_STRICT") == "1":
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
