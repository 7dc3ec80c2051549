"""report.html in a real browser, offline: every plotly figure draws, no script errors.

Headless Chromium opens the file with every network request sent to a dead proxy, so a figure only
draws if plotly.js is inside the page. Skipped like tests/test_browser.py when Chromium is missing
(failing in CI). The screenshot goes to ``test-output/browser/report.png``.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest
from test_browser import CHROMEDRIVER, CHROMIUM, OUTPUT, WAIT, _browser_available

from lab.experiment import load_spec, run_experiment

pytestmark = pytest.mark.browser

SPEC = """
name = "report_in_browser"
description = "control against the 80% option"
design = "policy"
households = 500
replications = 3
seed = 5
[arms.control]
[arms.voorzichtig]
voorschot_option = "voorzichtig"
"""


@pytest.fixture
def offline_browser() -> Iterator:
    if not _browser_available():
        if os.environ.get("CI"):
            pytest.fail("chromium and chromedriver are required in CI (apt-get install chromium)")
        pytest.skip("chromium / chromedriver not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    profile = tempfile.mkdtemp(prefix="toeslagenlab-report-")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--proxy-server=127.0.0.1:9",  # nothing listens: any fetch from the web fails
        "--proxy-bypass-list=<-loopback>",
        "--window-size=1280,2400",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(
        options=options, service=Service(shutil.which("chromedriver") or CHROMEDRIVER)
    )
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_report_draws_every_figure_offline(tmp_path, offline_browser):
    from selenium.webdriver.support.ui import WebDriverWait

    spec_path = tmp_path / "spec.toml"
    spec_path.write_text(SPEC)
    out = tmp_path / "out"
    run_experiment(load_spec(spec_path), out)
    page = out / "report.html"

    driver = offline_browser
    driver.get(page.as_uri())
    figures = driver.execute_script("return document.querySelectorAll('.plotly-graph-div').length")
    assert figures >= 3, "the report should hold per-arm, effect and distribution figures"

    def drawn(d) -> bool:
        script = "return document.querySelectorAll('.plotly-graph-div .main-svg').length"
        return d.execute_script(script) >= figures

    WebDriverWait(driver, WAIT).until(drawn)
    assert driver.execute_script("return typeof Plotly") == "object"
    points = "return document.querySelectorAll('.plotly-graph-div .point').length"
    bars = driver.execute_script(points)
    assert bars > 0, "the figures have no data points"
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    text = driver.find_element("tag name", "body").text
    assert "voorzichtig" in text and "control" in text
    OUTPUT.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(OUTPUT / "report.png"))
