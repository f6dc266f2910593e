"""Audit both environments' installed packages for known vulnerabilities (pip-audit).

    .venv/bin/python -m scripts.pip_audit [--service pypi|osv] [--out var/audit]

Needs the vulnerability service on the network (PyPI's JSON API, or OSV): run it in CI
or on a machine that reaches it; offline it fails rather than reporting a clean result.
Writes one JSON report per environment and prints each finding (package, version, id,
fixed versions). Exit status 1 when anything is found that docs/security.md does not
list as accepted (ACCEPTED_IN_RASA below mirrors that list).
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
# Advisories accepted with a reason in docs/security.md ("Rasa 3.6 environment"): package →
# every id the advisory goes by (pip-audit reports one id and its aliases). Only for the Rasa
# environment, whose pins Rasa 3.6.21 fixes; a desk finding is fixed by upgrading.
ACCEPTED_IN_RASA: dict[str, frozenset[str]] = {
    "aiohttp": frozenset(
        {
            "CVE-2024-52304",
            "GHSA-8495-4g3g-x7pr",
            "CVE-2025-53643",
            "GHSA-9548-qrrj-x5pj",
            "CVE-2025-69223",
            "GHSA-6mq8-rvhq-8wgg",
            "CVE-2025-69224",
            "GHSA-69f9-5gxw-wvc2",
            "CVE-2025-69225",
            "GHSA-mqqc-3gqh-h2x8",
            "CVE-2025-69226",
            "GHSA-54jq-c3m8-4m76",
            "CVE-2025-69227",
            "GHSA-jj3x-wxrx-4x23",
            "CVE-2025-69228",
            "GHSA-6jhg-hg63-jvvf",
            "CVE-2025-69229",
            "GHSA-g84x-mcqj-x9qq",
            "CVE-2026-22815",
            "PYSEC-2026-2094",
            "PYSEC-2026-2096",
            "PYSEC-2026-2099",
            "PYSEC-2026-2100",
            "PYSEC-2026-2101",
            "PYSEC-2026-2102",
            "PYSEC-2026-2103",
            "PYSEC-2026-2106",
            "PYSEC-2026-2111",
            "PYSEC-2026-4369",
            "PYSEC-2026-4371",
            "PYSEC-2026-4399",
            "GHSA-h4cc-hm5h-fmm9",
        }
    ),
    "dnspython": frozenset({"CVE-2023-29483", "GHSA-3rq5-2g8h-59hc"}),
    "keras": frozenset({"CVE-2024-3660"}),
    "protobuf": frozenset(
        {"CVE-2025-4565", "GHSA-8qvm-5x2c-j2w7", "CVE-2026-0994", "GHSA-7gcm-g887-7qv7"}
    ),
    "pydantic": frozenset({"PYSEC-2026-1812", "CVE-2024-3772", "GHSA-mr82-8j83-vxmv"}),
    "pymongo": frozenset(
        {"CVE-2024-5629", "GHSA-m87m-mmvp-v9qm", "PYSEC-2026-4296", "GHSA-v4x9-3549-crwv"}
    ),
    "pytest": frozenset({"CVE-2025-71176", "GHSA-6w46-j5rx-g56g"}),
    "scikit-learn": frozenset({"PYSEC-2024-110", "CVE-2024-5206", "GHSA-jw8x-6495-233v"}),
    "sentry-sdk": frozenset({"PYSEC-2026-1917", "CVE-2024-40647", "GHSA-g92j-qhmh-64v2"}),
    "setuptools": frozenset({"CVE-2025-47273", "GHSA-5rjg-fvgr-3xxf"}),
    "skops": frozenset(
        {
            "CVE-2025-54412",
            "GHSA-m7f4-hrc6-fwg3",
            "CVE-2025-54413",
            "GHSA-4v6w-xpmh-gfgp",
            "CVE-2025-54886",
            "GHSA-378x-6p4f-8jgm",
        }
    ),
}


def is_accepted(finding: dict[str, str]) -> bool:
    """Listed in docs/security.md for this package in the Rasa environment, by any of its ids."""
    if finding["environment"] != "rasa":
        return False
    known = ACCEPTED_IN_RASA.get(finding["package"].lower(), frozenset())
    return bool(known & {finding["id"], *finding["aliases"].split(", ")})


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
                    "aliases": ", ".join(vuln.get("aliases", [])),
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
        mark = "accepted" if is_accepted(f) else "NEW"
        print(
            f"{mark:8} {f['environment']:5} {f['package']} {f['version']} {f['id']} "
            f"(fixed in {f['fixed']})"
        )
    print(f"{len(findings)} finding(s); reports in {args.out}")
    return 0 if all(is_accepted(f) for f in findings) else 1


if __name__ == "__main__":
    sys.exit(main())
