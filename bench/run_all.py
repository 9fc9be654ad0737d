"""Run every benchmark in bench/ and print one summary table of their targets.

make bench    (or .venv/bin/python bench/run_all.py)
"""

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "intake.py",
    "assignment.py",
    "assignment_db.py",
    "ranking.py",
    "reach.py",
    "pdf.py",
    "exports.py",
    "pages.py",
    "load.py",
]


def main() -> int:
    rows = []
    for name in BENCHMARKS:
        print(f"\n=== {name}", flush=True)
        result = subprocess.run(
            [sys.executable, str(HERE / name)], capture_output=True, text=True, check=False
        )
        print(result.stdout)
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        if result.returncode or not lines:
            print(result.stderr[-3000:])
            rows.append((name, "(failed to run)", "", "", False))
            continue
        summary = json.loads(lines[-1])
        for target, data in summary["targets"].items():
            rows.append((name, target, data["target"], data["value"], data["met"]))
    print("\n=== Summary")
    width = max(len(name) for name in BENCHMARKS)
    print(f"{'benchmark':<{width}} {'target':<45} {'wanted':>8} {'measured':>10}  met")
    for name, target, wanted, value, met in rows:
        print(f"{name:<{width}} {target:<45} {wanted!s:>8} {value!s:>10}  {'yes' if met else 'NO'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
