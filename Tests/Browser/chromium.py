"""What the browser tests share: headless Chromium (Debian's chromium and chromedriver, driven by PyPI's selenium)
and a form submitted the way a person does, waiting for the page the POST answers with."""
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait


def headless(language=None):
    """`language` (de, en) is what the browser asks pages in: its Accept-Language."""
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"]:
        options.add_argument(flag)
    if language:
        options.add_argument(f"--lang={language}")
        options.add_experimental_option("prefs", {"intl.accept_languages": language})
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def submit(driver, button):
    """Clicks `button` and returns once the page the POST answers with has loaded."""
    # A mark on the old document: the next one, loaded after the POST, does not have it. Polling an old
    # element instead races with the navigation (Chromium answers "node does not belong to the document").
    driver.execute_script("window.flowdBeforeSubmit = true")
    button.click()
    WebDriverWait(driver, 10, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return !window.flowdBeforeSubmit && document.readyState === 'complete'"))
