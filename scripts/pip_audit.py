"""Audit both environments' installed packages for known vulnerabilities (pip-audit).

    .venv/bin/python -m scripts.pip_audit [--service pypi|osv] [--out var/audit]

Needs the vulnerability service on the network (PyPI's JSON API, or OSV): run it in CI
or on a machine that reaches it; offline it fails rather than reporting a clean result.
Writes one JSON report per environment and prints each finding (package, version, id,
fixed versions). Exit status 1 when anything is found that docs/security.md does not
list as accepted (ACCEPTED below mirrors that list).
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENVIRONMENTS = {
    "desk": ROOT / ".venv",
    "rasa": ROOT / ".venv-rasa",
}
# Vulnerability ids accepted with a reason in docs/security.md (Rasa 3.6's pinned stack).
ACCEPTED: frozenset[str] = frozenset()


def site_packages(venv: Path) -> Path:
    found = sorted(venv.glob("lib/python3*/site-packages"))
    if not found:
        raise SystemExit(f"no site-packages under {venv}: build it with `make envs`")
    return found[0]


def audit(name: str, venv: Path, service: str, out: Path) -> list[dict[str, str]]:
    report = out / f"pip-audit-{name}.json"
    command = [str(ROOT / ".venv" / "bin" / "pip-audit"), "--path", str(site_packages(venv))]
    command += ["-s", service, "-f", "json", "-o", str(report), "--skip-editable"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if not report.exists():
        raise SystemExit(f"pip-audit could not audit {name}: {done.stderr.strip()[-500:]}")
    dependencies = json.loads(report.read_text())["dependencies"]
    # pip-audit skips (and exits 0 for) a package the service does not know — every
    # package when the service cannot be reached: that is no audit, not a clean one.
    skipped = [d for d in dependencies if "editable" not in d.get("skip_reason", "editable")]
    if skipped:
        raise SystemExit(
            f"pip-audit could not audit {len(skipped)} of {len(dependencies)} packages in "
            f"{name} (is the {service} advisory service reachable?): {skipped[0]['skip_reason']}"
        )
    findings = []
    for dependency in dependencies:
        for vuln in dependency.get("vulns", []):
            findings.append(
                {
                    "environment": name,
                    "package": dependency["name"],
                    "version": dependency["version"],
                    "id": vuln["id"],
                    "fixed": ", ".join(vuln.get("fix_versions", [])) or "-",
                }
            )
    return findings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--service", default="pypi", choices=["pypi", "osv"])
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "audit")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    findings = [
        finding
        for name, venv in ENVIRONMENTS.items()
        for finding in audit(name, venv, args.service, args.out)
    ]
    for f in findings:
        mark = "accepted" if f["id"] in ACCEPTED else "NEW"
        print(
            f"{mark:8} {f['environment']:5} {f['package']} {f['version']} {f['id']} "
            f"(fixed in {f['fixed']})"
        )
    print(f"{len(findings)} finding(s); reports in {args.out}")
    return 1 if any(f["id"] not in ACCEPTED for f in findings) else 0


if __name__ == "__main__":
    sys.exit(main())
