"""Known vulnerabilities in the installed packages (pip-audit), where its service answers.

Fails when a vulnerability is found. When the vulnerability service cannot be reached (or the
package index here is a mirror without it) nothing can be audited: that is said, not failed.
"""

import json
import subprocess
import sys
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
result = subprocess.run(  # noqa: S603 (a fixed command line)
    [str(VENV_BIN / "pip-audit"), "--skip-editable", "--progress-spinner", "off", "-f", "json"],
    capture_output=True,
    text=True,
    timeout=600,
    check=False,
)
try:
    report = json.loads(result.stdout)
except json.JSONDecodeError:
    print("pip-audit: the vulnerability service could not be reached; nothing audited.")
    print(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "")
    sys.exit(0)
dependencies = report.get("dependencies", [])
audited = [d for d in dependencies if "skip_reason" not in d]
vulnerable = [d for d in audited if d.get("vulns")]
if not audited:
    print(
        f"pip-audit: none of {len(dependencies)} packages could be audited "
        "(the vulnerability service is not reachable from here)."
    )
    sys.exit(0)
for dependency in vulnerable:
    ids = ", ".join(v["id"] for v in dependency["vulns"])
    print(f"{dependency['name']} {dependency['version']}: {ids}")
print(f"pip-audit: {len(audited)} packages audited, {len(vulnerable)} with known vulnerabilities.")
sys.exit(1 if vulnerable else 0)
