"""Fail when pytest JUnit reports show no browser tests, no test at all, or any skipped or failed test.

Takes one or more reports (the parallel run and the serial system-test run write one each); the browser
tests are counted across all of them.
"""

import sys
import xml.etree.ElementTree as ET


def count(path: str) -> tuple[int, int, int]:
    total = skipped = browser = 0
    for case in ET.parse(path).getroot().iter("testcase"):
        total += 1
        if case.find("skipped") is not None:
            skipped += 1
            print(f"skipped: {case.get('classname')}.{case.get('name')}")
        elif "tests.e2e" in (case.get("classname") or ""):
            browser += 1
    print(f"{path}: {total} tests, {browser} browser tests run, {skipped} skipped")
    return total, skipped, browser


def main(paths: list[str]) -> int:
    results = [count(path) for path in paths]
    empty = [path for path, (total, _, _) in zip(paths, results, strict=True) if total == 0]
    if empty or sum(r[2] for r in results) == 0 or sum(r[1] for r in results):
        print("FAIL: every report must hold tests, browser tests must run and no test may be skipped", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
