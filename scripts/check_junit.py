"""Fail when a pytest JUnit report shows no browser tests, or any skipped or failed test."""

import sys
import xml.etree.ElementTree as ET


def main(path: str) -> int:
    cases = ET.parse(path).getroot().iter("testcase")
    total = skipped = browser = 0
    for case in cases:
        total += 1
        if case.find("skipped") is not None:
            skipped += 1
            print(f"skipped: {case.get('classname')}.{case.get('name')}")
        elif "tests.e2e" in (case.get("classname") or ""):
            browser += 1
    print(f"{path}: {total} tests, {browser} browser tests run, {skipped} skipped")
    if browser == 0 or skipped:
        print("FAIL: browser tests must run and no test may be skipped", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
