"""Reads wapiti's JSON reports: lists every finding with its level, and exits 1 when any is above low
(wapiti's levels: 0 info, 1 low, 2 medium, 3 high, 4 critical)."""
import json
import sys

KINDS = {"vulnerabilities": "vulnerability", "anomalies": "anomaly", "additionals": "additional"}
LEVELS = {0: "info", 1: "low", 2: "medium", 3: "high", 4: "critical"}
worst = 0
for path in sys.argv[1:]:
    report = json.load(open(path))
    scan = path.rsplit("/", 1)[-1].removesuffix(".json")
    for kind in ("vulnerabilities", "anomalies", "additionals"):
        for category, findings in report.get(kind, {}).items():
            for f in findings:
                level = int(f.get("level") or 0)
                if kind != "additionals":
                    worst = max(worst, level)
                print(f"[wapiti] {scan}: {LEVELS.get(level, level)} | {KINDS[kind]} | "
                      f"{category} | {f['method']} {f['path']} {f.get('parameter') or ''} | {f['info']}")
print(f"[wapiti] worst finding: {LEVELS.get(worst, worst)}")
sys.exit(1 if worst > 1 else 0)
