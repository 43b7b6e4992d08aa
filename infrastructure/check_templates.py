#!/usr/bin/env python3
"""cfn-lint and checkov on every synthesized template (`cdk.out/<stage>/*.template.json`), offline.

Every accepted finding is in `checks/suppressions.json` with its reason; any other finding fails, and so does a
suppression that no longer matches anything (it would hide a future finding for no reason).
Run with the CDK virtualenv (`make check-templates`).
"""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
SUPPRESSIONS = HERE / "checks" / "suppressions.json"


@dataclass(frozen=True)
class Finding:
    tool: str
    check: str
    template: str
    resource: str
    message: str


def cfn_lint(templates: list[Path]) -> list[Finding]:
    run = subprocess.run(
        [str(BIN / "cfn-lint"), "-f", "json", *map(str, templates)], capture_output=True, text=True, check=False
    )
    if run.returncode not in (0, 2, 4, 6, 8, 10, 12, 14) and not run.stdout.strip():
        raise SystemExit(f"cfn-lint failed: {run.stderr}")
    found = []
    for item in json.loads(run.stdout or "[]"):
        path = item["Location"]["Path"]
        resource = path[1] if len(path) > 1 and path[0] == "Resources" else ""
        found.append(Finding("cfn-lint", item["Rule"]["Id"], item["Filename"], resource, item["Message"]))
    return found


def checkov(templates: list[Path]) -> list[Finding]:
    files = [arg for t in templates for arg in ("-f", str(t))]
    run = subprocess.run(
        [str(BIN / "checkov"), "--skip-download", "--quiet", "--compact", "-o", "json", "--framework",
         "cloudformation", *files],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    reports = json.loads(run.stdout or "[]")
    found = []
    for report in reports if isinstance(reports, list) else [reports]:
        if report.get("summary", {}).get("parsing_errors"):
            raise SystemExit(f"checkov could not parse a template: {report['summary']}")
        for failed in report.get("results", {}).get("failed_checks", []):
            resource = failed["resource"].split(".", 1)[-1]
            found.append(Finding("checkov", failed["check_id"], failed["file_path"], resource, failed["check_name"]))
    return found


def suppressed(finding: Finding, rule: dict[str, object]) -> bool:
    prefixes = rule.get("resources")
    if rule["id"] != finding.check:
        return False
    return prefixes is None or any(finding.resource.startswith(str(p)) for p in prefixes)  # type: ignore[union-attr]


def main() -> int:
    templates = sorted((HERE / "cdk.out").glob("*/*.template.json"))
    if not templates:
        print("no synthesized templates under infrastructure/cdk.out: run `make synth-all` first", file=sys.stderr)
        return 1
    rules = json.loads(SUPPRESSIONS.read_text(encoding="utf-8"))
    findings = cfn_lint(templates) + checkov(templates)
    used: set[tuple[str, str]] = set()
    failures = []
    for finding in findings:
        matching = [r for r in rules[finding.tool] if suppressed(finding, r)]
        if matching:
            used.add((finding.tool, str(matching[0]["id"])))
        else:
            failures.append(finding)
    stale = [(tool, r["id"]) for tool in ("cfn-lint", "checkov") for r in rules[tool] if (tool, r["id"]) not in used]
    names = ", ".join(str(t.relative_to(HERE)) for t in templates)
    print(f"{len(templates)} templates ({names}): {len(findings)} findings, {len(findings) - len(failures)} suppressed")
    for f in failures:
        print(f"  {f.tool} {f.check} {f.template} {f.resource}: {f.message}")
    for tool, check in stale:
        print(f"  stale suppression: {tool} {check} matches nothing: remove it from checks/suppressions.json")
    return 1 if failures or stale else 0


if __name__ == "__main__":
    sys.exit(main())
