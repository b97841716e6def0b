"""The structure tree of a tagged PDF as pikepdf reads it, printed as JSON for the Rust tests:
each structure element in reading order as [depth, role, attributes], where the attributes are
its alternative text (/Alt), its heading title (/T), its language (/Lang) and, for table
header cells, their scope; then the document's /Lang, /MarkInfo and the PDF/A and PDF/UA parts
its XMP metadata declares, and the languages spans of text are marked with.

    python3 tests/pdf_structure.py FILE.pdf
"""

import json
import re
import sys

import pikepdf


def text(value):
    return str(value) if value is not None else None


def walk(node, depth, out):
    if not isinstance(node, pikepdf.Dictionary):
        return
    if "/S" in node:
        attributes = {}
        for key in ("/Alt", "/T", "/Lang", "/ActualText"):
            if key in node:
                attributes[key[1:]] = text(node[key])
        found = node.get("/A")
        for attribute in found if isinstance(found, pikepdf.Array) else [found]:
            if isinstance(attribute, pikepdf.Dictionary):
                for key in ("/Scope", "/ColSpan", "/RowSpan"):
                    if key in attribute:
                        attributes[key[1:]] = text(attribute[key])
        out.append([depth, str(node["/S"]), attributes])
    kids = node.get("/K")
    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            walk(kid, depth + 1, out)
    elif isinstance(kids, pikepdf.Dictionary):
        walk(kids, depth + 1, out)


with pikepdf.open(sys.argv[1]) as pdf:
    root = pdf.Root
    elements = []
    if "/StructTreeRoot" in root:
        walk(root.StructTreeRoot, 0, elements)
    # The languages marked content (a span of text) declares, page by page.
    span_langs = set()
    for page in pdf.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and len(operands) > 1:
                properties = operands[1]
                if isinstance(properties, pikepdf.Dictionary) and "/Lang" in properties:
                    span_langs.add(str(properties["/Lang"]))
    xmp = ""
    if "/Metadata" in root:
        xmp = root.Metadata.read_bytes().decode("utf-8", "replace")
    part = lambda name: (re.search(name + r'(?:>|=")([^<"]+)', xmp) or [None, None])[1]
    print(
        json.dumps(
            {
                "lang": text(root.get("/Lang")),
                "marked": bool(root.get("/MarkInfo", {}).get("/Marked", False)),
                "display_title": bool(
                    root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)
                ),
                "outline": "/Outlines" in root,
                "pdfa_part": part("pdfaid:part"),
                "pdfa_conformance": part("pdfaid:conformance"),
                "pdfua_part": part("pdfuaid:part"),
                "span_langs": sorted(span_langs),
                "elements": elements,
            }
        )
    )
