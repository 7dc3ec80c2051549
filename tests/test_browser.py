"""The app in a real browser: ``streamlit run app.py`` on localhost, driven by headless Chromium.

Skipped when Debian's chromium / chromedriver are missing, except when the environment variable CI
is set: then a missing browser fails the test. Screenshots go to ``test-output/browser/``.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from lab.app.responses import ResponseStore
from lab.scenario import DEFAULT_SHEET, load_scenario

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 60


def _browser_available() -> bool:
    chromium = shutil.which("chromium") or os.path.exists(CHROMIUM)
    driver = shutil.which("chromedriver") or os.path.exists(CHROMEDRIVER)
    return bool(chromium and driver)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def app_server(tmp_path) -> Iterator[tuple[str, Path]]:
    """Start the app on a free port with a temporary response database; yield (url, db)."""
    if not _browser_available():
        if os.environ.get("CI"):
            pytest.fail("chromium and chromedriver are required in CI (apt-get install chromium)")
        pytest.skip("chromium / chromedriver not installed")
    db = tmp_path / "lab.sqlite"
    port = _free_port()
    env = {
        **os.environ,
        "TOESLAGENLAB_DB": str(db),
        "TOESLAGENLAB_RESEARCHER_PASSWORD": "browser-test",
    }
    log = (tmp_path / "streamlit.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail(f"streamlit did not start: {(tmp_path / 'streamlit.log').read_text()}")
            time.sleep(0.3)
        yield url, db
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture
def browser() -> Iterator:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or CHROMIUM
    profile = tempfile.mkdtemp(prefix="toeslagenlab-chromium-")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    service = Service(shutil.which("chromedriver") or CHROMEDRIVER)
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _wait_xpath(driver, xpath: str, clickable: bool = False):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    condition = ec.element_to_be_clickable if clickable else ec.presence_of_element_located
    return WebDriverWait(driver, WAIT).until(condition((By.XPATH, xpath)))


def _click_button(driver, text: str) -> None:
    button = _wait_xpath(driver, f"//button[normalize-space(.)='{text}' and not(@disabled)]", True)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()


def _click_label(driver, text: str, within: str = "") -> None:
    label = _wait_xpath(driver, f"{within}//label[.//p[normalize-space(.)='{text}']]", True)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", label)
    label.click()


def _screenshot(driver, name: str) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / name
    driver.save_screenshot(str(path))
    return path


def test_participant_session_in_chromium(app_server, browser):
    url, db = app_server
    store = ResponseStore(db)
    store.start("000000000001", "control", "seed")  # so the participant gets an 80% choice
    store.start("000000000002", "instelbaar", "seed")
    browser.get(url)  # the participant page is the default page
    _click_label(browser, "Ik heb de uitleg gelezen en doe mee.")
    _click_button(browser, "Start")
    _click_label(browser, "80%")
    _click_button(browser, "Bevestig en begin het jaar")
    months = load_scenario(DEFAULT_SHEET).months
    for i, month in enumerate(months):
        _wait_xpath(browser, f"//h3[contains(., '{month.name} (maand {i + 1} ')]")
        if i == len(months) - 1:
            _wait_xpath(browser, "//*[contains(., 'Terugvordering: je moet € 280,00')]")
            _screenshot(browser, "participant_recovery.png")
        _click_button(browser, "Naar de vragen" if i == len(months) - 1 else "Volgende maand")
    for n, value in enumerate(("5", "3", "4", "6"), start=1):
        _click_label(browser, value, within=f"(//div[@data-testid='stRadio'])[{n}]")
        _wait_xpath(browser, "//*[@data-testid='stApp' and not(@data-test-script-state='running')]")
    reason = _wait_xpath(browser, "//textarea", clickable=True)
    reason.send_keys("Liever later geld terug dan een rekening")
    _click_button(browser, "Afronden")
    _wait_xpath(browser, "//*[contains(., 'Bedankt voor je deelname')]")
    _screenshot(browser, "participant_done.png")
    table = store.table()
    row = table[table["scenario"] == DEFAULT_SHEET.name].iloc[0]
    assert row["arm"] == "voorzichtig" and row["percentage"] == "80"
    assert row["completed_at"] and row["months_seen"] == str(len(months))
    scales = [row[k] for k in ("stress", "certainty", "trust", "satisfaction")]
    assert scales == ["5", "3", "4", "6"]
    assert row["reason"] == "Liever later geld terug dan een rekening"


def test_experiment_run_in_chromium(app_server, browser):
    from selenium.webdriver.common.keys import Keys

    url, _ = app_server
    browser.get(f"{url}/experiment")
    size = _wait_xpath(browser, "//input[@aria-label='Huishoudens per run']", clickable=True)
    size.send_keys(Keys.CONTROL, "a")
    size.send_keys("500", Keys.TAB)
    _wait_xpath(browser, "//input[@aria-label='Huishoudens per run' and @value='500']")
    _click_button(browser, "Start het experiment")
    _wait_xpath(browser, "//*[@data-testid='stProgress']//*[contains(., 'Klaar')]")
    _wait_xpath(browser, "(//*[@data-testid='stPlotlyChart'])[6]")
    _wait_xpath(browser, "//*[contains(., 'aandeel met hoge terugvordering')]")
    first = _wait_xpath(browser, "(//*[@data-testid='stPlotlyChart'])[2]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'end'});", first)
    time.sleep(1)  # let plotly finish drawing
    _screenshot(browser, "experiment.png")
    assert browser.find_elements("xpath", "//button[normalize-space(.)='summary.json']")
