"""scripts/pip_audit.py accepts a finding only where docs/security.md gives the reason: the
same advisory (by any of its ids), the same package, the Rasa environment."""

import re
from pathlib import Path

from scripts.pip_audit import ACCEPTED_IN_RASA, is_accepted

SECURITY_DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def finding(environment: str, package: str, id_: str, aliases: str = "") -> dict[str, str]:
    return {
        "environment": environment,
        "package": package,
        "version": "0",
        "id": id_,
        "aliases": aliases,
        "fixed": "-",
    }


def test_a_listed_advisory_is_accepted_by_its_id_or_by_an_alias() -> None:
    assert is_accepted(finding("rasa", "aiohttp", "GHSA-8495-4g3g-x7pr"))
    assert is_accepted(finding("rasa", "aiohttp", "PYSEC-2099-1", "GHSA-x, CVE-2024-52304"))
    assert is_accepted(finding("rasa", "scikit-learn", "PYSEC-2024-110"))


def test_an_unlisted_advisory_is_new() -> None:
    assert not is_accepted(finding("rasa", "aiohttp", "GHSA-0000-0000-0000", "CVE-2099-1"))


def test_an_advisory_is_accepted_only_for_its_package_and_only_in_the_rasa_environment() -> None:
    assert not is_accepted(finding("rasa", "sanic", "CVE-2024-52304"))
    assert not is_accepted(finding("desk", "aiohttp", "CVE-2024-52304"))
    assert not is_accepted(finding("desk", "setuptools", "CVE-2025-47273"))


def test_every_accepted_advisory_is_explained_in_the_security_doc() -> None:
    """The script's list and the doc's table must not drift apart."""
    doc = SECURITY_DOC.read_text()
    section = doc.split("### Rasa 3.6 environment", 1)[1]
    for package, ids in ACCEPTED_IN_RASA.items():
        rows = [line for line in section.splitlines() if line.startswith(f"| {package} |")]
        assert rows, f"{package} has no row in docs/security.md"
        named = set(re.findall(r"(?:CVE|GHSA|PYSEC)-[\w-]+", " ".join(rows)))
        assert ids <= named, f"{package}: {sorted(ids - named)} not in its row"


def test_the_audited_versions_are_the_pinned_ones() -> None:
    """A pin moved in requirements-rasa.txt means the table's reason may no longer hold:
    the audit has to be looked at again (setuptools is pinned by Rasa itself, not there)."""
    pins = dict(
        line.strip().lower().split("==", 1)
        for line in (SECURITY_DOC.parents[1] / "requirements-rasa.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    section = SECURITY_DOC.read_text().split("### Rasa 3.6 environment", 1)[1]
    rows = [line.strip("| ").split(" | ") for line in section.splitlines() if line.startswith("|")]
    audited = {cells[0]: cells[1].split()[0] for cells in rows if cells[0] in ACCEPTED_IN_RASA}
    assert set(audited) == set(ACCEPTED_IN_RASA)
    pinned = {package: pins[package] for package in audited if package in pins}
    assert len(pinned) >= len(audited) - 1
    assert pinned == {package: audited[package] for package in pinned}
