"""What a PDF holds, as pdfminer.six reads it, printed as JSON for the Rust tests: the pages'
sizes, each character with its font size, in drawing order, each picture's box, each box a
picture drawn as vectors is clipped to (krilla-svg clips an SVG to its frame; nothing else iep
draws is clipped), the lowest line drawn, and the colours filled. Sizes are in millimetres from the bottom-left corner of the page, font sizes in
points.

    python3 tests/pdf_facts.py FILE.pdf
"""

import json
import sys

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTLine, LTRect, LTTextContainer
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.utils import apply_matrix_pt

MM = 25.4 / 72


def walk(item, page):
    if isinstance(item, LTChar):
        page["chars"].append([item.get_text(), round(item.size, 2), item.fontname])
        return
    if isinstance(item, LTImage):
        page["images"].append([round(v * MM, 2) for v in item.bbox])
        return
    if isinstance(item, (LTRect, LTLine, LTCurve)):
        x0, y0, x1, y1 = (v * MM for v in item.bbox)
        if item.stroke:
            page["lines"].append([round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2)])
        if item.fill and item.non_stroking_color is not None:
            colour = item.non_stroking_color
            colour = list(colour) if isinstance(colour, (list, tuple)) else [colour]
            page["fills"].append([round(x1 - x0, 1), round(y1 - y0, 1), colour])
    if isinstance(item, (LTTextContainer, LTFigure)) or hasattr(item, "__iter__"):
        for child in item:
            walk(child, page)


class Interpreter(PDFPageInterpreter):
    """pdfminer's interpreter, noting the box of each rectangle a page is clipped to."""

    clips = []

    def do_W(self):
        points = []
        for segment in self.curpath:
            if segment[0] == "re":
                x, y, w, h = segment[1:]
                points += [(x, y), (x + w, y + h)]
            else:
                points += list(zip(segment[1::2], segment[2::2]))
        if points:
            points = [apply_matrix_pt(self.ctm, p) for p in points]
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            box = (min(xs), min(ys), max(xs), max(ys))
            Interpreter.clips.append([round(v * MM, 2) for v in box])
        super().do_W()


def layouts(path):
    """Each page's objects in the order the content stream draws them: no layout analysis, which
    would join the lines of cells side by side."""
    resources = PDFResourceManager()
    device = PDFPageAggregator(resources, laparams=None)
    interpreter = Interpreter(resources, device)
    with open(path, "rb") as file:
        for page in PDFPage.get_pages(file):
            Interpreter.clips = []
            interpreter.process_page(page)
            yield device.get_result(), Interpreter.clips


pages = []
for layout, clips in layouts(sys.argv[1]):
    page = {
        "width": round(layout.width * MM, 2),
        "height": round(layout.height * MM, 2),
        "chars": [],
        "images": [],
        "figures": clips,
        "lines": [],
        "fills": [],
    }
    for item in layout:
        walk(item, page)
    pages.append(page)
print(json.dumps(pages))
