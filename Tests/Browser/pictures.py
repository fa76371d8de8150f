#!/usr/bin/env python3
"""Writes test pictures with Pillow: each a baseline JPEG of the given size, a diagonal gradient with a frame, a
circle in the middle and its label large, so a screenshot shows at a glance how a page cropped and scaled it.

Usage: pictures.py PATH=WIDTHxHEIGHT:LABEL ...
"""
import sys

from PIL import Image, ImageDraw, ImageFont

for spec in sys.argv[1:]:
    path, rest = spec.split("=", 1)
    size, label = rest.split(":", 1)
    width, height = (int(n) for n in size.split("x"))
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = y * 255 // max(1, height - 1)
        draw.line([(0, y), (width, y)], fill=(40 + shade // 2, 90, 200 - shade // 2))
    edge = max(4, min(width, height) // 40)
    draw.rectangle([0, 0, width - 1, height - 1], outline=(255, 200, 0), width=edge)
    radius = min(width, height) // 4
    draw.ellipse([width // 2 - radius, height // 2 - radius, width // 2 + radius, height // 2 + radius],
                 outline=(255, 255, 255), width=edge)
    font = ImageFont.load_default(size=max(12, min(width, height) // 8))
    draw.text((width // 2, height // 2), label, fill=(255, 255, 255), font=font, anchor="mm")
    image.save(path, "JPEG", quality=85)
