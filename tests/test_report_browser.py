"""report.html in a real browser, offline: the first screen answers the question, figures draw.

Headless Chromium opens the file with every network request sent to a dead proxy, so a figure only
draws if plotly.js is inside the page. At 1400 x 900 the first screen holds the effects table (with
units and 95% intervals) and its sentences, in English and with ``--lang nl`` in Dutch. Skipped like
tests/test_browser.py when Chromium is missing (failing in CI). Screenshots go to
``test-output/browser/report.png`` (the whole page), ``report_first_screen.png`` and
``report_first_screen_nl.png`` (1400 x 900).
"""

import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest
from test_browser import CHROMEDRIVER, CHROMIUM, OUTPUT, WAIT, _browser_available

from lab.cli import main
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
        "--window-size=1400,900",
        "--hide-scrollbars",
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
    driver.set_window_size(1400, 900)
    assert _first_screen(driver) == (1400, 900)
    table = driver.find_element("css selector", "table.effects")
    assert _bottom(driver, table) <= 900, "the effects table should be on the first screen"
    rows = table.text
    for shown in ("Take-up", "High recoveries (> 500 euro)", "Cost to the state", "95% interval"):
        assert shown in rows
    assert "% of applied awards" in rows and " points" in rows and "million euro" in rows
    sentence = driver.find_element("css selector", "ul.findings li")
    assert _bottom(driver, sentence) <= 900
    assert sentence.text.startswith("The 80% option ")
    driver.save_screenshot(str(OUTPUT / "report_first_screen.png"))
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1400, min(height + 200, 8000))
    driver.save_screenshot(str(OUTPUT / "report.png"))

    assert main(["report", str(out), "--lang", "nl"]) == 0
    driver.set_window_size(1400, 900)
    driver.get(page.as_uri())
    assert _first_screen(driver) == (1400, 900)
    WebDriverWait(driver, WAIT).until(drawn)
    table = driver.find_element("css selector", "table.effects")
    assert _bottom(driver, table) <= 900
    assert "Hoge terugvorderingen (> 500 euro)" in table.text and "procentpunt" in table.text
    assert "95%-interval" in table.text
    heading = driver.find_element("tag name", "h2").text
    assert heading == "Wat de 80%-keuze deed, vergeleken met de controlegroep"
    assert driver.find_element("css selector", "ul.findings li").text.startswith("De 80%-keuze ")
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    driver.save_screenshot(str(OUTPUT / "report_first_screen_nl.png"))


def _first_screen(driver) -> tuple[int, int]:
    """The viewport's size in CSS pixels (the window may add its frame)."""
    size = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    if tuple(size) != (1400, 900):  # make the viewport itself 1400 x 900
        outer = driver.get_window_size()
        driver.set_window_size(outer["width"] + 1400 - size[0], outer["height"] + 900 - size[1])
        size = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    return tuple(size)


def _bottom(driver, element) -> float:
    """Where ``element`` ends, in CSS pixels from the top of the page."""
    return driver.execute_script("return arguments[0].getBoundingClientRect().bottom", element)
