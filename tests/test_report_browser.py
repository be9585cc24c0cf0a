"""The seed's HTML report in a real browser (headless Chromium through Selenium), and the
statistics example's, whose charts draw confidence intervals and a benchmark.

Without a browser these tests skip, saying how to install one; under CI (`CI=true`)
they fail instead, so CI never passes without having run them. Set
`KPIRULES_UPDATE_SCREENSHOT=1` to refresh `docs/report-screenshot.png`, the README's
picture of the top of the report, from the screenshot these tests take.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kpirules import load_catalogue
from kpirules.benchmarks import read_benchmarks
from kpirules.evaluation.evaluate import as_at_period
from kpirules.observations import read_observations
from kpirules.render.report import build_report, render_html
from report_helpers import seed_report

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "docs" / "report-screenshot.png"
STATISTICS = ROOT / "examples" / "statistics" / "specs"
INSTALL = ("install Chromium and its driver to run them, e.g. "
           "`apt-get install chromium chromium-driver` (Debian/Ubuntu), and the test extra "
           "(`pip install -e '.[test]'`, which brings selenium)")


def _unavailable(reason: str) -> None:
    message = f"browser tests: {reason}; {INSTALL}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI must run them)")
    pytest.skip(message)


def _binary(*names: str) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(seed_report().view), encoding="utf-8")
    return path


def _open(path: Path) -> Iterator[Any]:
    """A headless Chromium showing `path`, closed afterwards."""
    try:
        from selenium import webdriver  # noqa: PLC0415
        from selenium.webdriver.chrome.service import Service  # noqa: PLC0415
    except ImportError:
        _unavailable("selenium is not installed")
    chromium = _binary("chromium", "chromium-browser", "google-chrome")
    driver_path = _binary("chromedriver")
    if chromium is None or driver_path is None:
        _unavailable("no Chromium or chromedriver on PATH")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,900",
                     "--hide-scrollbars", "--force-device-scale-factor=1",
                     "--lang=en-GB"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    # Printing 49 cards can outlast the client's default two minutes on a busy machine.
    config = getattr(driver.command_executor, "client_config", None) or getattr(
        driver.command_executor, "_client_config", None)
    if config is not None:
        config.timeout = 600
    try:
        driver.set_page_load_timeout(60)
        driver.get(path.as_uri())
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def browser(report_file: Path) -> Iterator[Any]:
    yield from _open(report_file)


@pytest.fixture(scope="module")
def statistics_browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    catalogue = load_catalogue(STATISTICS)
    observations = read_observations(catalogue)
    data = build_report(catalogue, observations, as_at_period(catalogue, observations),
                        {}, generator="kpirules test", benchmarks=read_benchmarks(catalogue))
    path = tmp_path_factory.mktemp("statistics") / "statistics.html"
    path.write_text(render_html(data.view), encoding="utf-8")
    yield from _open(path)


def test_no_console_errors(browser: Any) -> None:
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []


def test_no_network_requests(browser: Any, report_file: Path) -> None:
    """The only thing loaded is the file itself: nothing is fetched."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    assert urls, "the performance log recorded no request at all"
    assert set(urls) == {report_file.as_uri()}


def test_every_card_with_its_charts_visible(browser: Any) -> None:
    """49 cards, each with a chart per measure drawn at a non-zero size."""
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    cards = browser.find_elements(By.CSS_SELECTOR, "article.card")
    assert len(cards) == 49
    for card in cards:
        charts = card.find_elements(By.CSS_SELECTOR, "section.measure svg.chart")
        measures = card.find_elements(By.CSS_SELECTOR, "section.measure")
        assert len(charts) == len(measures) >= 1, card.get_attribute("id")
        for chart in charts:
            size = chart.size
            assert size["width"] > 100 and size["height"] > 50, card.get_attribute("id")
            assert chart.is_displayed()


def test_every_chart_has_an_accessible_name(browser: Any) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert len(charts) >= 50
    for chart in charts:
        assert chart.accessible_name.strip(), chart.get_attribute("aria-labelledby")
        assert chart.aria_role in ("img", "image")  # Chromium reports ARIA 1.3's name


def test_keyboard_reaches_the_contents(browser: Any) -> None:
    """Tab goes to the skip link first, then through the contents' links."""
    from selenium.webdriver.common.action_chains import ActionChains  # noqa: PLC0415
    from selenium.webdriver.common.keys import Keys  # noqa: PLC0415

    browser.execute_script("document.activeElement && document.activeElement.blur();"
                           "window.scrollTo(0, 0);")
    actions = ActionChains(browser)
    actions.send_keys(Keys.TAB).perform()
    first = browser.switch_to.active_element
    assert first.get_attribute("class") == "skip"
    actions.send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element.get_attribute("href").endswith("#summary")


def test_print_to_pdf_gives_pages(browser: Any) -> None:
    from selenium.webdriver.common.print_page_options import PrintOptions  # noqa: PLC0415

    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7  # A4, in centimetres
    pdf = base64.b64decode(browser.print_page(options))
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages >= 20


def _pixels(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines of a PNG."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    position, idat = 8, b""
    width = height = 0
    while position < len(png):
        (length,) = struct.unpack(">I", png[position:position + 4])
        kind = png[position + 4:position + 8]
        body = png[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    return width, height, zlib.decompress(idat)


def test_screenshot_is_not_blank(browser: Any, tmp_path: Path) -> None:
    browser.execute_script("document.activeElement && document.activeElement.blur();"
                           "window.scrollTo(0, 0);")
    png = browser.get_screenshot_as_png()
    width, height, data = _pixels(png)
    assert (width, height) == (1280, 900) or (width > 0 and height > 0)
    assert len(set(data)) > 50, "the screenshot is blank"
    (tmp_path / "report-screenshot.png").write_bytes(png)
    if os.environ.get("KPIRULES_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.write_bytes(png)


def test_confidence_intervals_and_benchmarks_are_visible(statistics_browser: Any) -> None:
    """The statistics example's cards: every error bar and benchmark line is displayed
    at a non-zero height, within its chart; 2 + 2 bars for self-harm's two years, 2 for
    breastfeeding's one, 5 for physical activity's five; none for decent homes."""
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    errors = [e for e in statistics_browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    expected = {"self-harm-admissions": (4, 1), "breastfeeding": (2, 1),
                "physically-active-adults": (5, 0), "decent-homes": (0, 0)}
    for indicator, (bars, benchmarks) in expected.items():
        card = statistics_browser.find_element(
            By.CSS_SELECTOR, f'article[data-indicator="{indicator}"]')
        chart = card.find_element(By.CSS_SELECTOR, "section.measure .measure-chart svg.chart")
        assert chart.is_displayed() and chart.accessible_name.strip()
        box = chart.rect
        found = chart.find_elements(By.CSS_SELECTOR, "path.ci")
        lines = chart.find_elements(By.CSS_SELECTOR, "g.benchmark path")
        assert (len(found), len(lines)) == (bars, benchmarks), indicator
        for element in (*found, *lines):
            assert element.is_displayed(), indicator
            rect = element.rect
            assert rect["height"] > 0 or rect["width"] > 0, indicator
            assert box["y"] <= rect["y"] and rect["y"] + rect["height"] <= box["y"] + box[
                "height"], indicator
        for bar in found:
            assert bar.rect["height"] > 5, indicator  # a whisker, not a dot
