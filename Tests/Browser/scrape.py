#!/usr/bin/env python3
"""Scrapes a Prometheus endpoint and parses it with prometheus_client's text parser (the reference parser):
prints every sample as one JSON object {"name{label=value,...}": value}. A malformed exposition fails here.

Usage: scrape.py URL [TOKEN_FILE]   (with TOKEN_FILE, sends its content as Authorization: Bearer, as Prometheus'
                                    authorization: { credentials_file: ... } does)
"""
import json, sys, urllib.request

from prometheus_client.parser import text_string_to_metric_families

request = urllib.request.Request(sys.argv[1])
if len(sys.argv) > 2:
    with open(sys.argv[2]) as f:
        request.add_header("Authorization", "Bearer " + f.read().strip())
text = urllib.request.urlopen(request, timeout=10).read().decode()
samples = {}
for family in text_string_to_metric_families(text):
    for sample in family.samples:
        labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
        samples[f"{sample.name}{{{labels}}}"] = sample.value
print(json.dumps(samples))
