"""Where a journey saves its picture.

`docs/screenshots/` when TDKT_DOC_SCREENSHOTS=1 (to refresh the pictures in the docs), otherwise
`var/test-results/`, so that a test run never rewrites a committed file.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def screenshot_path(name: str) -> Path:
    docs = os.environ.get("TDKT_DOC_SCREENSHOTS") == "1"
    folder = ROOT / "docs" / "screenshots" if docs else ROOT / "var" / "test-results"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name
