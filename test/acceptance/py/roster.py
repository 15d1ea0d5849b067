"""Writes the reviewer's own 名单.xlsx from scratch, per README's layout (not via `init`).

Usage: roster.py OUT.xlsx   — also prints the roster as JSON on stdout for the other scripts.
       roster.py OUT.xlsx --planted — the same roster with README's roster errors planted; prints
       the expected [sheet, cell, keyword] of each as JSON.
Some stage dates are real date cells, others typed text in the formats README lists.
"""
import datetime as dt
import json
import sys

import openpyxl

UNIT = '阳光中心学校'
REPORT_TO = '县教育局'
SECRETARY = '王建国'
STAGE = '全面争创'
# (name, start, end, 安排报送截止, 上报截止) — the cells as written; ISO values for the scripts.
STAGES = [
    ('动员部署', dt.datetime(2010, 5, 1), dt.datetime(2010, 7, 31), '2010/6/30', None),
    ('全面争创', dt.datetime(2010, 8, 1), '2010-09-30', dt.datetime(2010, 8, 20), '2010年9月28日'),
    ('整改提升', '2010.10.1', dt.datetime(2011, 6, 30), None, '7/15/2011'),
    ('总结表彰', dt.datetime(2011, 7, 20), dt.datetime(2011, 12, 31), None, None),
]
STAGE_ISO = {'name': STAGE, 'start': '2010-08-01', 'end': '2010-09-30', 'planDue': '2010-08-20', 'reportDue': '2010-09-28'}
BRANCHES = [
    ('语文党小组', '李明', '赵刚'),
    ('数学党小组', '陈静', '孙伟'),
    ('后勤党小组', '周强', '赵刚'),
]
MEMBERS = [
    ('李明', '语文党小组', '语文教研组长', '教师'),
    ('张晓燕', '语文党小组', '语文教师', '教师'),
    ('刘洋', '语文党小组', '语文教师', '教师'),
    ('黄丽', '语文党小组', '教务主任', '管理'),
    ('陈静', '数学党小组', '数学教研组长', '教师'),
    ('吴海涛', '数学党小组', '数学教师', '教师'),
    ('郑敏', '数学党小组', '数学教师', '教师'),
    ('周强', '后勤党小组', '总务主任', '后勤'),
    ('何建华', '后勤党小组', '食堂管理员', '后勤'),
    ('林秀英', '后勤党小组', '退休教师', '离退休'),
    ('赵刚', '后勤党小组', '副校长', '管理'),
]


def main(out):
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = '基本信息'
    info.append(['项目', '内容'])
    info.append(['单位名称', UNIT])
    info.append(['上报单位', REPORT_TO])
    info.append(['党组织书记', SECRETARY])
    st = wb.create_sheet('阶段')
    st.append(['阶段名称', '开始日期', '结束日期', '安排报送截止', '上报截止'])
    for row in STAGES:
        st.append(list(row))
    for r in st.iter_rows(min_row=2):
        for c in r:
            if isinstance(c.value, dt.datetime):
                c.number_format = 'yyyy-mm-dd'
    br = wb.create_sheet('党小组')
    br.append(['名称', '组长', '联系领导'])
    for row in BRANCHES:
        br.append(list(row))
    me = wb.create_sheet('党员')
    me.append(['姓名', '所在党小组', '职务/岗位', '岗位类别'])
    for row in MEMBERS:
        me.append(list(row))
    wb.save(out)


def roster_json():
    return {
        'unit': UNIT, 'secretary': SECRETARY, 'stage': STAGE_ISO,
        'branches': [{'name': n, 'leader': l, 'liaison': k} for n, l, k in BRANCHES],
        'members': [{'name': n, 'branch': b, 'post': p, 'category': c} for n, b, p, c in MEMBERS],
    }


def planted(out):
    """README: a member in an unknown branch, a name twice in one branch, a branch or stage twice,
    overlapping stage windows — each an error at its cell."""
    main(out)
    wb = openpyxl.load_workbook(out)
    me, br, st = wb['党员'], wb['党小组'], wb['阶段']
    expected = []
    me.append(['孙悟空', '英语党小组', '英语教师', '教师'])
    expected.append(['党员', f'B{me.max_row}', '英语党小组'])
    me.append(['张 晓燕', '语文党小组', '语文教师', '教师'])  # the same name once whitespace is removed
    expected.append(['党员', f'A{me.max_row}', '两次'])
    br.append(['数学党小组', '陈静', '孙伟'])
    expected.append(['党小组', f'A{br.max_row}', '两次'])
    st.append(['总结表彰', '2012-01-01', '2012-06-30'])
    expected.append(['阶段', f'A{st.max_row}', '两次'])
    st.append(['暑期活动', '2011/6/20', '2011/7/10'])  # overlaps 整改提升 (to 2011-06-30) only
    expected.append(['阶段', f'B{st.max_row}', '重叠'])
    wb.save(out)
    return expected


if __name__ == '__main__':
    if '--planted' in sys.argv[2:]:
        print(json.dumps(planted(sys.argv[1]), ensure_ascii=False))
    else:
        main(sys.argv[1])
        print(json.dumps(roster_json(), ensure_ascii=False))
