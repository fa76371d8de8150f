#!/usr/bin/env python3
"""Reads an mbox mailbox and prints, as a JSON list, every message whose decoded subject or plain text contains
MARKER: its
headers, its MIME structure and its decoded text and HTML parts.

Usage: read_mailbox.py MBOX MARKER
"""
import email.header, email.policy, json, mailbox, sys

path, marker = sys.argv[1], sys.argv[2]
found = []
for message in mailbox.mbox(path, factory=lambda f: email.message_from_binary_file(f, policy=email.policy.default)):
    subject = str(message["subject"] or "")
    parts = {}
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts[part.get_content_type()] = part.get_content()
    if marker not in subject and marker not in parts.get("text/plain", ""):
        continue
    found.append({
        "subject": subject, "from": str(message["from"]), "to": str(message["to"]),
        "message_id": str(message["message-id"]), "content_type": message.get_content_type(),
        "plain": parts.get("text/plain", ""), "html": parts.get("text/html", ""),
    })
print(json.dumps(found))
