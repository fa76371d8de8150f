#!/usr/bin/env python3
"""Opens a review link in headless Chromium (Debian's chromium and chromedriver, driven by PyPI's selenium), as
a client's approver would: reads the page, optionally decides, and prints what it saw as one JSON object.

Usage: review.py URL [--do approve|request-changes|acknowledge|comment] [--text T] [--shots DIR --name N]
                 [--lang de|en] [--whole]

--whole saves each screenshot the page's whole height, for the documentation; otherwise what fits the window.
"""
import argparse, json, sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from chromium import headless, submit

ap = argparse.ArgumentParser()
ap.add_argument("url")
ap.add_argument("--do")
ap.add_argument("--text", default="")
ap.add_argument("--shots")
ap.add_argument("--name", default="page")
ap.add_argument("--lang")
ap.add_argument("--whole", action="store_true")
args = ap.parse_args()


def shoot(path, width, height):
    driver.set_window_size(width, height)
    if args.whole:
        whole = driver.execute_script("return document.documentElement.scrollHeight")
        # The window is a little taller than its viewport: the margin keeps the page's foot in the picture.
        driver.set_window_size(width, max(height, whole + 150))
    driver.save_screenshot(path)
    driver.set_window_size(width, height)


driver = headless(args.lang)
try:
    seen = {}
    for label, (width, height) in [("phone", (390, 844)), ("desktop", (1280, 900))]:
        driver.set_window_size(width, height)
        driver.get(args.url)
        if args.shots:
            shoot(f"{args.shots}/{args.name}-{label}.png", width, height)
    seen["lang"] = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
    seen["h1"] = driver.find_element(By.TAG_NAME, "h1").text
    seen["text"] = driver.find_element(By.TAG_NAME, "main").text
    seen["forms"] = len(driver.find_elements(By.TAG_NAME, "form"))
    if args.do:
        form = driver.find_element(By.CSS_SELECTOR, {
            "approve": "form.approve", "request-changes": "form.changes", "acknowledge": "form.ack",
            "comment": "form.comment-form"}[args.do])
        if args.do in ("request-changes", "comment"):
            form.find_element(By.TAG_NAME, "textarea").send_keys(args.text)
        if args.do == "acknowledge":
            Select(form.find_element(By.TAG_NAME, "select")).select_by_index(0)
        submit(driver, form.find_element(By.TAG_NAME, "button"))
        seen["after"] = {"url": driver.current_url, "h1": driver.find_element(By.TAG_NAME, "h1").text,
                         "text": driver.find_element(By.TAG_NAME, "main").text}
        if args.shots:
            shoot(f"{args.shots}/{args.name}-after.png", 390, 844)
    print(json.dumps(seen))
finally:
    driver.quit()
