"""Reads wapiti's JSON reports: lists every finding with its level, and exits 1 when any is above low
(wapiti's levels: 0 info, 1 low, 2 medium, 3 high, 4 critical)."""
import json
import sys

LEVELS = {0: "info", 1: "low", 2: "medium", 3: "high", 4: "critical"}
worst = 0
for path in sys.argv[1:]:
    report = json.load(open(path))
    scan = path.rsplit("/", 1)[-1].removesuffix(".json")
    crawled = report.get("infos", {}).get("crawled_pages_nbr", "?")
    print(f"[wapiti] {scan}: {crawled} pages crawled")
    for kind in ("vulnerabilities", "anomalies", "additionals"):
        for category, findings in report.get(kind, {}).items():
            for f in findings:
                level = int(f.get("level") or 0)
                if kind != "additionals":
                    worst = max(worst, level)
                print(f"[wapiti] {scan}: {LEVELS.get(level, level)} | {kind[:-1] if kind != 'anomalies' else 'anomaly'} | "
                      f"{category} | {f['method']} {f['path']} {f.get('parameter') or ''} | {f['info']}")
print(f"[wapiti] worst finding: {LEVELS.get(worst, worst)}")
sys.exit(1 if worst > 1 else 0)
