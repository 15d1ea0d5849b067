"""An independent reader of a report workbook: prints every visible sheet as JSON rows
(cached values of formulas). Run with `python3 -W error` so any openpyxl warning fails.

Usage: read_report.py FILE.xlsx
"""
import datetime as dt
import json
import sys

import openpyxl


def plain(v):
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()[:10]
    return v


def main(path):
    wb = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path)  # also parses the formulas themselves
    out = {'sheets': {}, 'states': {}, 'formulaCells': {}}
    for ws in wb.worksheets:
        out['states'][ws.title] = ws.sheet_state
        out['sheets'][ws.title] = [[plain(v) for v in row] for row in ws.iter_rows(values_only=True)]
        f = formulas[ws.title]
        out['formulaCells'][ws.title] = [c.coordinate for row in f.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith('=')]
    print(json.dumps(out, ensure_ascii=False))


if __name__ == '__main__':
    main(sys.argv[1])
