#!/usr/bin/env python3
"""Reads an HTML document on standard input with Python's own parser (independent of flowd's escaping) and prints,
as JSON, every start tag with its attribute names, and how many comments and declarations the document holds.

Usage: markup.py < page.html
"""
import html.parser, json, sys


class Reader(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.comments, self.declarations = [], 0, 0

    def handle_starttag(self, tag, attrs):
        self.tags.append([tag] + sorted(name for name, _ in attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data):
        self.comments += 1

    def handle_decl(self, decl):
        self.declarations += 1


reader = Reader()
reader.feed(sys.stdin.read())
reader.close()
print(json.dumps({"tags": reader.tags, "comments": reader.comments, "declarations": reader.declarations}))
