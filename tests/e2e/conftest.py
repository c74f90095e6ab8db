"""Browser tests: Playwright for Python driving Debian's /usr/bin/chromium (never a download)."""

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # A missing browser must fail loudly, never skip: CI checks that these tests ran.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture
def e2e_org(transactional_db):
    from tdkt.org.tests.factories import build_org_tree

    return build_org_tree()


@pytest.fixture
def login(page, live_server):
    """Log in through the form; afterwards, fail if the page broke the Content-Security-Policy anywhere."""
    from tdkt.org.tests.factories import PASSWORD

    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )

    def do_login(username: str):
        # A fresh session for every login: a journey that clicks "Đăng xuất" and logs straight in again must not
        # race the logout's redirect (the login page sends a signed-in user home, and the form is never shown).
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield do_login
    assert violations == [], f"CSP violations: {violations}"
