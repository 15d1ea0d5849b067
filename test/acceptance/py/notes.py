"""Lists the cells that carry a note (comment) in each annotated copy: [[file, sheet, cell], …].

Usage: notes.py DIR — run with `python3 -W error`: the copies must read without a warning.
"""
import json
import os
import sys

import openpyxl


def main(folder):
    out = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith('.xlsx'):
            continue
        wb = openpyxl.load_workbook(os.path.join(folder, name))
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                out += [[name, ws.title, c.coordinate] for c in row if c.comment is not None]
    print(json.dumps(out, ensure_ascii=False))


if __name__ == '__main__':
    main(sys.argv[1])
