"""Fixtures that run the real release binary on loopback and a real headless Chromium."""

import os
import pathlib
import re
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "release" / "phiguard"
OUTPUT = ROOT / "build-output"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A `phiguard serve` process with its own data directory, stdout and stderr captured to files."""

    def __init__(self, extra_args=()):
        self.directory = tempfile.TemporaryDirectory()
        self.data = pathlib.Path(self.directory.name) / "data"
        self.port = free_port()
        self.stdout_path = pathlib.Path(self.directory.name) / "stdout.txt"
        self.stderr_path = pathlib.Path(self.directory.name) / "stderr.txt"
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PHIGUARD_LOG_LEVEL="trace")
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--data", str(self.data), "--port", str(self.port), *extra_args],
            stdout=self.stdout_path.open("wb"),
            stderr=self.stderr_path.open("wb"),
            env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("phiguard serve did not answer /healthz within 30 s")

    @property
    def stdout(self) -> str:
        return self.stdout_path.read_text()

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text()

    def one_time_password(self) -> str:
        match = re.search(r"one-time password: (\S+)", self.stdout)
        assert match, "the bootstrap password was not printed on first start"
        return match.group(1)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.directory.cleanup()


@pytest.fixture
def server():
    assert BINARY.exists(), f"build the release binary first ({BINARY})"
    running = Server()
    yield running
    running.stop()


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(20)
    OUTPUT.mkdir(exist_ok=True)
    yield driver
    driver.quit()


def submit(browser, by, selector):
    """Clicks a form's submit button and waits for the answer page to replace the current one.

    A click returns as soon as the browser has dispatched it, so reading the page right after it could read the
    old one. And a redirect after a POST can swap the document once more after the first swap, so a button
    found in the swapped-out document is looked up again (the click never reached it, so nothing is sent twice).
    """
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    def loaded(driver):
        return driver.execute_script("return document.readyState") == "complete"

    for attempt in range(5):
        WebDriverWait(browser, 20).until(loaded)
        try:
            page = browser.find_element("tag name", "html")
            browser.find_element(by, selector).click()
            break
        except StaleElementReferenceException:
            pass
        except WebDriverException as error:
            if "does not belong to the document" not in str(error) or attempt == 4:
                raise
    WebDriverWait(browser, 20).until(lambda driver: gone(page))
    WebDriverWait(browser, 20).until(loaded)


def gone(element):
    """Whether an element's document has been replaced; Chromium reports it as stale or as not in the document."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise
