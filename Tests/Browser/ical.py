#!/usr/bin/env python3
"""Fetches an iCalendar feed and parses it with the icalendar package (RFC 5545): prints its name and events as
JSON. A feed that icalendar cannot read fails here.

Usage: ical.py URL
"""
import json, sys, urllib.request

from icalendar import Calendar

response = urllib.request.urlopen(sys.argv[1], timeout=10)
calendar = Calendar.from_ical(response.read())
events = []
for event in calendar.walk("VEVENT"):
    events.append({
        "uid": str(event.get("UID")),
        "summary": str(event.get("SUMMARY")),
        "description": str(event.get("DESCRIPTION")),
        "start": event.decoded("DTSTART").isoformat(),
        "duration": event.decoded("DURATION").total_seconds(),
        "status": str(event.get("STATUS")),
        "url": str(event.get("URL")) if event.get("URL") else None,
    })
print(json.dumps({
    "content_type": response.headers.get("Content-Type"),
    "name": str(calendar.get("X-WR-CALNAME")),
    "events": events,
}))
