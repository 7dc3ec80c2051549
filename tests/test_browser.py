"""The app in a real browser: ``streamlit run app.py`` on localhost, driven by headless Chromium.

Skipped when Debian's chromium / chromedriver are missing, except when the environment variable CI
is set: then a missing browser fails the test. Screenshots go to ``test-output/browser/``.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from lab.humanlab import DEFAULT_SHEET, ResponseStore, load_scenario

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


def _require_browser() -> None:
    if not _browser_available():
        if os.environ.get("CI"):
            pytest.fail("chromium and chromedriver are required in CI (apt-get install chromium)")
        pytest.skip("chromium / chromedriver not installed")


@contextlib.contextmanager
def _server(folder: Path, env: dict[str, str], args: tuple[str, ...] = ()) -> Iterator[str]:
    """``streamlit run app.py`` on a free port with ``env`` added; yield its URL."""
    port = _free_port()
    log_path = folder / "streamlit.log"
    log = log_path.open("w")
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
            *(("--", *args) if args else ()),
        ],
        cwd=ROOT,
        env={**os.environ, **env},
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
                pytest.fail(f"streamlit did not start: {log_path.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture
def app_server(tmp_path) -> Iterator[tuple[str, Path]]:
    """Start the app on a free port with a temporary response database; yield (url, db)."""
    _require_browser()
    db = tmp_path / "lab.sqlite"
    env = {
        "TOESLAGENLAB_DB": str(db),
        "TOESLAGENLAB_RESEARCHER_PASSWORD": "browser-test",
        "TOESLAGENLAB_KIOSK": "",
    }
    with _server(tmp_path, env) as url:
        yield url, db


@pytest.fixture(scope="module")
def kiosk_server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The app in kiosk mode (switched on by the command-line flag), as for a lab session."""
    _require_browser()
    folder = tmp_path_factory.mktemp("kiosk")
    db = folder / "kiosk_lab.sqlite"
    env = {
        "TOESLAGENLAB_DB": str(db),
        "TOESLAGENLAB_RESEARCHER_PASSWORD": "browser-test",
        "TOESLAGENLAB_KIOSK": "",
    }
    with _server(folder, env, ("--kiosk",)) as url:
        yield url, db


@contextlib.contextmanager
def _driver() -> Iterator:
    """A headless Chromium with its own profile, closed afterwards."""
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


@pytest.fixture
def browser() -> Iterator:
    with _driver() as driver:
        yield driver


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
    _wait_xpath(browser, "//*[contains(., 'het aandeel toekenningen met een hoge terugvordering')]")
    first = _wait_xpath(browser, "(//*[@data-testid='stPlotlyChart'])[2]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'end'});", first)
    time.sleep(1)  # let plotly finish drawing
    _screenshot(browser, "experiment.png")
    assert browser.find_elements("xpath", "//button[normalize-space(.)='summary.json']")


SESSIONS = 5
#: The app has finished its rerun.
IDLE = "//*[@data-testid='stApp' and not(@data-test-script-state='running')]"
#: Answers each concurrent participant gives to the four scale questions.
SCALES = ("5", "3", "4", "6")
SCALE_KEYS = ("stress", "certainty", "trust", "satisfaction")


def _retry_click(click, done, attempts: int = 5) -> None:
    """``click()`` until ``done()`` holds: a click during a busy server's rerun can be lost.

    Bounded: ``attempts`` tries, each waiting up to ``WAIT / attempts`` seconds for ``done``.
    """
    for _ in range(attempts):
        click()
        deadline = time.monotonic() + WAIT / attempts
        while time.monotonic() < deadline:
            if done():
                return
            time.sleep(0.2)
    raise AssertionError(f"no effect after {attempts} clicks")


def _participant_session(url: str, db: Path, number: int) -> str:
    """One participant, start to finish, in its own browser; return the participant code."""
    with _driver() as driver:
        try:
            return _walk_through(driver, url, db, number)
        except Exception:
            _screenshot(driver, f"concurrent_failed_{number}.png")  # what the participant saw
            raise


def _walk_through(driver, url: str, db: Path, number: int) -> str:
    store = ResponseStore(db)
    driver.get(url)
    _click_label(driver, "Ik heb de uitleg gelezen en doe mee.")
    _click_button(driver, "Start")
    code = _wait_xpath(driver, "//*[contains(text(), 'Deelnemerscode ')]").text.split()[-1]
    offer = _wait_xpath(  # what the arm offers: two options, a slider, or 100% only
        driver,
        "//label[.//p[normalize-space(.)='80%']] | //*[@data-testid='stSlider']"
        " | //p[contains(., 'Je krijgt elke maand 100% van je voorschot')]",
    )
    confirm = "Bevestig en begin het jaar"
    if offer.tag_name == "label":
        enabled = f"//button[normalize-space(.)='{confirm}' and not(@disabled)]"
        _retry_click(
            lambda: _click_label(driver, "80%" if number % 2 else "100%"),
            lambda: bool(driver.find_elements("xpath", enabled)),
        )
    _click_button(driver, confirm)
    months = len(load_scenario(DEFAULT_SHEET).months)
    for i in range(months):
        _wait_xpath(driver, f"//h3[contains(., '(maand {i + 1} van {months})')]")
        _click_button(driver, "Naar de vragen" if i == months - 1 else "Volgende maand")
    for n, (key, value) in enumerate(zip(SCALE_KEYS, SCALES, strict=True), start=1):
        within = f"(//div[@data-testid='stRadio'])[{n}]"
        _retry_click(  # saved in the database the moment it is given
            lambda value=value, within=within: _click_label(driver, value, within=within),
            lambda key=key, value=value: store.answers(code).get(key) == value,
        )
    _wait_xpath(driver, "//textarea", clickable=True).send_keys(f"deelnemer {number}")
    _click_button(driver, "Afronden")
    _wait_xpath(driver, "//*[contains(text(), 'Bedankt voor je deelname')]")
    return code


def test_five_participants_at_once_in_kiosk_mode(kiosk_server):
    url, db = kiosk_server
    with ThreadPoolExecutor(max_workers=SESSIONS) as pool:
        codes = list(pool.map(lambda n: _participant_session(url, db, n), range(SESSIONS)))
    assert len(set(codes)) == SESSIONS
    table = ResponseStore(db).table().set_index("participant_id")
    months = len(load_scenario(DEFAULT_SHEET).months)
    for number, code in enumerate(codes):
        row = table.loc[code]
        assert row["completed_at"] and row["months_seen"] == str(months)
        assert [row[k] for k in SCALE_KEYS] == list(SCALES)
        assert row["reason"] == f"deelnemer {number}"
    counts = table.loc[codes, "arm"].value_counts()
    assert counts.max() - counts.min() <= 1 and len(counts) == 3  # 2, 2 and 1 over three arms


def test_kiosk_mode_hides_the_researcher_settings(kiosk_server, browser):
    url, db = kiosk_server
    browser.get(url)
    _wait_xpath(browser, "//label[.//p[normalize-space(.)='Ik heb de uitleg gelezen en doe mee.']]")
    _wait_xpath(browser, IDLE)
    _screenshot(browser, "kiosk_participant.png")
    page = browser.find_element("xpath", "//body").text
    source = browser.page_source
    for hidden in ("sqlite", str(db), "Sessie-instellingen", "Database", "Scenarioblad"):
        assert hidden not in page and hidden not in source, hidden
    assert not browser.find_elements("xpath", "//input[@type='text'] | //input[@type='file']")
    assert not browser.find_elements("xpath", "//*[@data-testid='stSidebarNav']")
    for other in ("experiment", "huishouden"):  # the other pages do not exist in kiosk mode
        browser.get(f"{url}/{other}")
        _wait_xpath(browser, "//h1[contains(., 'Toeslagenlab: doe mee')]")
        assert "Start het experiment" not in browser.find_element("xpath", "//body").text
    browser.get(f"{url}/onderzoeker")  # the researcher's page: its password first
    _wait_xpath(browser, "//input[@type='password']")
    assert "Sessie-instellingen" not in browser.find_element("xpath", "//body").text
