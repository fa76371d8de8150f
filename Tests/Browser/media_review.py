#!/usr/bin/env python3
"""Opens a review link with media in headless Chromium at a phone's size (390×844, as an iPhone 12 to 15 shows a
page), waits until every picture has loaded or failed, reads what the reviewer sees of the media and of each
channel's preview frame, saves a screenshot of the whole page and one of each frame, optionally approves, and
prints what it saw as one JSON object.

Usage: media_review.py URL --shots DIR --name N [--approve]
"""
import argparse, base64, json

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from chromium import headless, submit

ap = argparse.ArgumentParser()
ap.add_argument("url")
ap.add_argument("--shots", required=True)
ap.add_argument("--name", required=True)
ap.add_argument("--approve", action="store_true")
args = ap.parse_args()

# What the page shows of each picture and video, read in the page itself: a picture that did not load has
# naturalWidth 0, one cut off by the layout is wider than its box.
READ = """
const box = e => { const r = e.getBoundingClientRect(); return {width: r.width, height: r.height}; };
const medium = e => e.tagName === 'IMG'
  ? {tag: 'img', src: e.getAttribute('src'), alt: e.alt, natural_width: e.naturalWidth,
     natural_height: e.naturalHeight, box: box(e)}
  : {tag: 'video', src: e.getAttribute('src'), alt: e.getAttribute('aria-label') || '', controls: e.controls,
     ready_state: e.readyState, video_width: e.videoWidth, box: box(e)};
return {
  media: [...document.querySelectorAll('figure.medium')].map(f => ({
    element: medium(f.querySelector('img, video')), caption: f.querySelector('figcaption').innerText})),
  feeds: [...document.querySelectorAll('.feed')].map(f => ({
    name: f.querySelector('.feed-name b').innerText, frame_class: f.querySelector('.frame').className,
    frame: box(f.querySelector('.frame')), element: medium(f.querySelector('.frame img, .frame video')),
    text: f.querySelector('.feed-text').innerText})),
  page_width: document.documentElement.scrollWidth, viewport_width: window.innerWidth,
};
"""

driver = headless()
shots = []


def shoot(name, png):
    path = f"{args.shots}/{args.name}-{name}.png"
    with open(path, "wb") as out:
        out.write(png)
    shots.append(path)


try:
    driver.set_window_size(390, 844)
    driver.get(args.url)
    # Loaded or failed, every picture is "complete"; a video has its first frame's size once its metadata came.
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "return [...document.images].every(i => i.complete)"
        " && [...document.querySelectorAll('video')].every(v => v.readyState >= 1 || v.error)"))
    seen = driver.execute_script(READ)
    seen["h1"] = driver.find_element(By.TAG_NAME, "h1").text
    seen["text"] = driver.find_element(By.TAG_NAME, "main").text
    # The whole page as one picture, as tall as its content, at the phone's width.
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    whole = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": 390, "height": metrics["height"], "scale": 1}})
    shoot("phone", base64.b64decode(whole["data"]))
    for index, feed in enumerate(driver.find_elements(By.CSS_SELECTOR, ".feed")):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", feed)
        shoot(f"feed-{seen['feeds'][index]['name'].lower()}", feed.screenshot_as_png)
    if args.approve:
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form.approve button"))
        seen["after"] = {"url": driver.current_url, "h1": driver.find_element(By.TAG_NAME, "h1").text,
                         "text": driver.find_element(By.TAG_NAME, "main").text}
        shoot("after", driver.get_screenshot_as_png())
    seen["shots"] = shots
    print(json.dumps(seen))
finally:
    driver.quit()
