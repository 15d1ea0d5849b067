"""Prints, per visible form sheet, the list dropdowns of a workbook as {sheet: {header: source}}.

Usage: validations.py FILE.xlsx — used to see that dropdowns survive a LibreOffice re-save.
"""
import json
import sys
import warnings

import openpyxl
from openpyxl.utils import range_boundaries


def main(path):
    warnings.simplefilter('ignore')
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        if ws.sheet_state != 'visible':
            continue
        heads = {c.column: c.value for c in ws[1] if c.value is not None}
        lists = {}
        for dv in ws.data_validations.dataValidation:
            if dv.type != 'list':
                continue
            for rng in str(dv.sqref).split():
                min_col, _, max_col, _ = range_boundaries(rng)
                for col in range(min_col, max_col + 1):
                    if col in heads:
                        lists[heads[col]] = dv.formula1
        if lists:
            out[ws.title] = lists
    print(json.dumps(out, ensure_ascii=False))


if __name__ == '__main__':
    main(sys.argv[1])
