"""The report in a real browser: headless Chromium (Debian's package, driven by its own chromedriver)
goes from the matrix to a county page to an evidence sentence in the report's text, with no console
error on the way. A screenshot of where it lands is kept in test-artifacts/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from fupin.builder import build_corpus
from fupin.cli.report import find_texts
from fupin.graph.site import make_site, source_files
from fupin.graph.store import load_graph
from fupin.resources import folder

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("browser")
    build_corpus([], base / "kg.ttl", cache=None)
    graph = load_graph(base / "kg.ttl")
    make_site(graph, base / "site", texts=find_texts([folder("corpus")], source_files(graph)))
    return base / "site"


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        pytest.skip("Debian's chromium and chromium-driver are not installed (.ci/run installs them)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(options=options, service=webdriver.ChromeService(str(CHROMEDRIVER)))
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


def console_errors(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_matrix_to_county_to_evidence_sentence(site, driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, 10)
    driver.get((site / "matrix.html").as_uri())
    assert "县 × 措施" in driver.find_element(By.TAG_NAME, "h1").text
    cell = driver.find_element(By.CSS_SELECTOR, "a.cell[href*='#measure-workshop']")
    county_href = cell.get_attribute("href")
    cell.click()
    wait.until(ec.url_contains("/county/"))
    assert driver.current_url == county_href
    fact = driver.find_element(By.ID, "measure-workshop")
    assert fact.find_element(By.TAG_NAME, "mark").text  # the measure word is lit up in its sentence
    quote = fact.find_element(By.CSS_SELECTOR, "blockquote").text
    fact.find_element(By.CSS_SELECTOR, "a.source").click()
    wait.until(ec.url_contains("/text/"))
    current = wait.until(ec.presence_of_all_elements_located((By.CSS_SELECTOR, ".report-text .ev.current")))
    assert "".join(e.text for e in current).replace("\n", "") == quote.replace("\n", "")
    ARTIFACTS.mkdir(exist_ok=True)
    assert driver.save_screenshot(str(ARTIFACTS / "report-evidence.png"))
    assert console_errors(driver) == []


def test_language_switch_shows_english(site, driver):
    from selenium.webdriver.common.by import By

    driver.get((site / "index.html").as_uri())
    heading = driver.find_element(By.TAG_NAME, "h1")
    assert heading.text == "概览"
    driver.find_element(By.ID, "lang-switch").click()
    assert heading.text == "Overview"
    driver.find_element(By.ID, "lang-switch").click()
    assert heading.text == "概览"
    assert console_errors(driver) == []


def test_no_page_of_the_site_logs_an_error(site, driver):
    pages = ["index.html", "charts.html", "completeness.html", "county/420304.html", "measure/workshop.html"]
    pages += [f"text/{p.name}" for p in sorted((site / "text").glob("*.html"))[:1]]
    for page in pages:
        driver.get((site / page).as_uri())
        assert console_errors(driver) == [], page
    driver.get((site / "county" / "420304.html").as_uri())
    ARTIFACTS.mkdir(exist_ok=True)
    assert driver.save_screenshot(str(ARTIFACTS / "report-county.png"))
