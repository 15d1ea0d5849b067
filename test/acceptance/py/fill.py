"""Fills the branch workbooks made by `review-forms template` as a secretary would (openpyxl),
plants problems in separate files, and computes the expected 汇总 figures independently.

Usage: fill.py TEMPLATE_DIR OUT_DIR
Writes OUT_DIR/clean/*.xlsx (nothing to report), OUT_DIR/planted/*.xlsx + OUT_DIR/manifest.json
(every planted problem: file, sheet, cell, severity, keyword), OUT_DIR/merge/*.xlsx +
OUT_DIR/expected.json (汇总 per branch, rows per file, 未覆盖 entries).
Columns are found by header text in row 1, member rows by 姓名.
"""
import copy
import datetime as dt
import json
import os
import sys
import warnings

import openpyxl

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(__file__))
from roster import BRANCHES, MEMBERS, SECRETARY, STAGE, STAGE_ISO, UNIT  # noqa: E402

warnings.simplefilter('ignore')  # openpyxl drops extensions it does not know; irrelevant here
REF = STAGE_ISO['reportDue'] or STAGE_ISO['end']
LEADER = {b: l for b, l, _ in BRANCHES}
LIAISON = {b: k for b, _, k in BRANCHES}
POST = {m[0]: m[2] for m in MEMBERS}


def members_of(branch):
    return [m[0] for m in MEMBERS if m[1] == branch]


def template_path(tdir, branch):
    return os.path.join(tdir, f'{UNIT}-{branch}-{STAGE}-点评表.xlsx')


# ── dates: a secretary types them in many ways ─────────────────────────────────
def date_cell(iso, style):
    y, m, d = (int(x) for x in iso.split('-'))
    return [dt.datetime(y, m, d), f'{y}年{m}月{d}日', f'{y}/{m}/{d}', f'{y}.{m}.{d}', f'{m}/{d}/{y}', iso][style % 6]


# ── sheet helpers ──────────────────────────────────────────────────────────────
def headers(ws):
    return {c.value: c.column for c in ws[1] if c.value is not None}


def cell_ref(ws, row, header):
    return ws.cell(row=row, column=headers(ws)[header]).coordinate


def put(ws, row, values):
    h = headers(ws)
    for k, v in values.items():
        ws.cell(row=row, column=h[k]).value = v


def find_row(ws, header, value):
    col = headers(ws)[header]
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=col).value == value:
            return r
    raise KeyError(f'{ws.title}: no {header}={value}')


def next_row(ws, header):
    col = headers(ws)[header]
    r = 2
    while ws.cell(row=r, column=col).value not in (None, ''):
        r += 1
    return r


# ── realistic text ─────────────────────────────────────────────────────────────
def org_text(branch, problem=True):
    return {
        '公开承诺事项及兑现情况': f'{branch}年初公开承诺开展“一帮一”结对帮扶和每周集体备课，已按承诺全部兑现。',
        '组织活动推动业务': f'{branch}把创先争优活动与教研工作结合起来，组织党员上示范课，推动了教学质量的提高。',
        '公开承诺兑现': '公开承诺事项在校务公开栏张贴，逐项对照落实，兑现情况接受师生监督。',
        '服务群众办实事': '组织党员为留守儿童义务辅导功课，走访困难学生家庭，为群众办了一批实事。',
        '履行管党职责': '坚持“三会一课”制度，党员教育管理规范，积极创建“五个好”党小组。',
        '主要成绩': '活动组织有力，党员先锋模范作用发挥明显，本学期教学成绩稳中有升。',
        '存在问题': ('部分党员理论学习流于形式，学习笔记内容单薄，联系实际不够紧密。' if problem else '无'),
        '意见建议及努力方向': '要进一步加强理论学习，把学习成果转化为推动教学工作的实际行动。',
        '群众代表意见': '家长代表认为党员教师责任心强，希望继续加强与家长的沟通。',
    }


def member_text(name, problem=True):
    post = POST.get(name, '教师')
    return {
        '公开承诺事项及践行情况': f'{name}同志承诺本学期帮扶两名学困生、每月上一节公开课，已全部做到。',
        '立足本职争优秀': f'{name}同志立足{post}岗位，工作踏实认真，积极承担急难险重任务。',
        '公开承诺践行': '能够对照公开承诺逐项落实，践诺情况得到师生认可。',
        '为民办实事好事': '主动为学生和家长排忧解难，利用课余时间义务辅导学生。',
        '履行党章义务': '自觉履行党员义务，按时参加组织生活，在本单位发挥了模范带头作用。',
        '主要成绩': '工作责任心强，所带班级成绩进步明显，受到家长好评。',
        '存在问题': ('创新意识不够强，教学方法比较单一，对信息技术运用不够。' if problem else '暂无问题'),
        '努力方向': '今后要加强业务学习，大胆探索新的教学方法，争做优秀共产党员。',
    }


class Branch:
    """One branch workbook being filled; records what a reviewer would count."""

    def __init__(self, tdir, branch):
        self.branch = branch
        self.wb = openpyxl.load_workbook(template_path(tdir, branch))
        self.org = self.wb['党组织点评']
        self.mem = self.wb['党员点评']
        self.led = self.wb['整改台账']
        self.sch = self.wb['点评安排']
        self.style = 0
        # what was written, for the expected figures: dicts with 'accepted'
        self.reviews = []   # {'object','kind','method','problem','example','attM','attP','date'}
        self.ledger = []    # {'status','due','reply','accepted'}
        self.plans = []     # {'object','date','accepted'}
        self.rows = {'read': 0, 'accepted': 0, 'rejected': 0}

    def d(self, iso):
        self.style += 1
        return date_cell(iso, self.style)

    def count(self, accepted):
        self.rows['read'] += 1
        self.rows['accepted' if accepted else 'rejected'] += 1

    def review_org(self, date, method='现场点评', reviewer=None, problem=True, example=False, att=(5, 3), accepted=True, extra=None, row=2):
        values = {'点评人': reviewer or LIAISON[self.branch], '点评人职务': '领导小组成员、副校长', '点评日期': self.d(date),
                  '点评方式': method, **org_text(self.branch, problem), '参加党员人数': att[0], '群众代表人数': att[1],
                  '限期整改': '否', '推荐为典型': '是' if example else '否'}
        if example:
            values['先进事迹'] = f'{self.branch}组织党员开展“结对帮扶”活动，帮助二十余名学困生提高了成绩，事迹突出。'
        values.update(extra or {})
        put(self.org, row, values)
        self.reviews.append({'object': self.branch, 'kind': '党组织', 'method': method, 'problem': problem, 'example': example, 'att': att, 'accepted': accepted})
        self.count(accepted)
        return row

    def review_member(self, name, date, method='集中点评', reviewer=None, problem=True, example=False, deadline=False, accepted=True, extra=None, new_row=False):
        if new_row:
            row = next_row(self.mem, '姓名')
            put(self.mem, row, {'姓名': name, '所在党小组': self.branch, '所属阶段': STAGE})
        else:
            row = find_row(self.mem, '姓名', name)
        if reviewer is None:
            reviewer = SECRETARY if name == LEADER[self.branch] else LEADER[self.branch]
        values = {'点评人': reviewer, '点评人职务': '党组织书记' if reviewer == SECRETARY else '党小组组长', '点评日期': self.d(date),
                  '点评方式': method, **member_text(name, problem), '限期整改': '是' if deadline else '否', '推荐为典型': '是' if example else '否'}
        if example:
            values['先进事迹'] = f'{name}同志扎根教学一线，坚持义务辅导学困生三年，所带班级连续获评优秀班集体。'
        values.update(extra or {})
        put(self.mem, row, values)
        self.reviews.append({'object': name, 'kind': '党员', 'method': method, 'problem': problem, 'example': example, 'att': (0, 0), 'accepted': accepted})
        self.count(accepted)
        return row

    def ledger_item(self, obj, status, due, done=None, reply=None, accepted=True, extra=None):
        row = next_row(self.led, '整改对象')
        kind = '党组织' if obj == self.branch else '党员'
        values = {'对象类型': kind, '整改对象': obj, '问题': '理论学习联系实际不够紧密，学习笔记内容单薄。',
                  '整改措施': '制定个人学习计划，每月撰写一篇学习心得并在组织生活会上交流。',
                  '责任人': LEADER[self.branch], '整改时限': self.d(due), '状态': status,
                  '来源': '党组织点评' if kind == '党组织' else '党员点评'}
        if done:
            values['完成日期'] = self.d(done)
        if reply:
            values['书面回复日期'] = self.d(reply)
        values.update(extra or {})
        put(self.led, row, values)
        self.ledger.append({'status': status, 'due': due, 'reply': reply, 'accepted': accepted})
        self.count(accepted)
        return row

    def plan(self, obj, date, accepted=True, extra=None, new_row=False):
        if new_row:
            row = next_row(self.sch, '点评对象')
            put(self.sch, row, {'点评对象': obj, '点评人': LEADER[self.branch], '点评方式': '集中点评'})
        else:
            row = find_row(self.sch, '点评对象', obj)
        put(self.sch, row, {'计划日期': self.d(date), **(extra or {})})
        self.plans.append({'object': obj, 'date': date, 'accepted': accepted})
        self.count(accepted)
        return row

    def save(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.wb.save(path)

    def summary(self):
        acc = [r for r in self.reviews if r['accepted']]
        ms = set(members_of(self.branch))
        reviewed_members = {r['object'] for r in acc if r['kind'] == '党员' and r['object'] in ms}
        objects = {r['object'] for r in acc}
        led = [l for l in self.ledger if l['accepted']]
        plans = [p for p in self.plans if p['accepted']]
        return {
            '学校': UNIT, '党小组': self.branch,
            '应点评党员数': len(ms), '已点评党员数': len(reviewed_members),
            '党组织点评': '已' if any(r['kind'] == '党组织' for r in acc) else '未',
            '集中点评': sum(r['method'] == '集中点评' for r in acc),
            '现场点评': sum(r['method'] == '现场点评' for r in acc),
            '谈话点评': sum(r['method'] == '谈话点评' for r in acc),
            '问题条数': sum(r['problem'] for r in acc),
            '整改事项数': len(led), '已整改': sum(l['status'] == '已整改' for l in led),
            '逾期未整改': sum(l['status'] != '已整改' and l['due'] < REF for l in led),
            '书面回复数': sum(bool(l['reply']) for l in led),
            '参加党员人数': sum(r['att'][0] for r in acc if r['kind'] == '党组织'),
            '群众代表人数': sum(r['att'][1] for r in acc if r['kind'] == '党组织'),
            '推荐典型数': sum(r['example'] for r in acc),
            '计划点评数': len(plans),
            '已按计划完成': sum(p['object'] in objects for p in plans),
            '逾期未点评': sum(p['object'] not in objects and p['date'] < REF for p in plans),
        }

    def uncovered(self):
        objects = {r['object'] for r in self.reviews if r['accepted']}
        out = [] if self.branch in objects else [('党组织', self.branch, self.branch)]
        return out + [('党员', self.branch, m) for m in members_of(self.branch) if m not in objects]


# ── the clean files: everything filled, nothing to report ──────────────────────
def fill_clean(tdir, branch):
    b = Branch(tdir, branch)
    ms = members_of(branch)
    b.plan(branch, '2010-09-06')
    b.review_org('2010-09-08', example=True)
    for i, m in enumerate(ms):
        day = f'2010-09-{10 + i:02d}'
        b.plan(m, day)
        b.review_member(m, f'2010-09-{12 + i:02d}', deadline=(i == 1), example=(i == 0))
    b.ledger_item(branch, '已整改', '2010-09-25', done='2010-09-20', reply='2010-09-22')
    b.ledger_item(ms[1], '整改中', '2010-11-30')
    return b


def build_clean(tdir, out):
    for branch, _, _ in BRANCHES:
        fill_clean(tdir, branch).save(os.path.join(out, 'clean', f'{branch}.xlsx'))


# ── planted problems ───────────────────────────────────────────────────────────
class Manifest:
    def __init__(self):
        self.entries = []

    def add(self, file, sheet, cell, severity, keyword):
        self.entries.append({'file': file, 'sheet': sheet, 'cell': cell, 'severity': severity, 'keyword': keyword})


def build_planted(tdir, out):
    man = Manifest()
    pdir = os.path.join(out, 'planted')
    br = BRANCHES[0][0]          # 语文党小组
    ms = members_of(br)          # 李明 张晓燕 刘洋 黄丽
    other_member = members_of(BRANCHES[1][0])[0]

    def base():
        return fill_clean(tdir, br)

    # file 1: single-cell errors of 党员点评, one per member row
    b = base()
    f = 'p1-cells.xlsx'
    mem = b.mem
    r = find_row(mem, '姓名', ms[0]); put(mem, r, {'点评人': None}); man.add(f, '党员点评', cell_ref(mem, r, '点评人'), '错误', '点评人')
    r = find_row(mem, '姓名', ms[1]); put(mem, r, {'点评方式': '座谈点评'}); man.add(f, '党员点评', cell_ref(mem, r, '点评方式'), '错误', '下拉列表')
    r = find_row(mem, '姓名', ms[2]); put(mem, r, {'点评日期': '九月中旬'}); man.add(f, '党员点评', cell_ref(mem, r, '点评日期'), '错误', '不是有效日期')
    r = find_row(mem, '姓名', ms[3]); put(mem, r, {'点评日期': date_cell('2010-10-05', 0)}); man.add(f, '党员点评', cell_ref(mem, r, '点评日期'), '错误', '不在「全面争创」阶段')
    # the org review dated after the as-of day (check runs with --as-of the reference date)
    put(b.org, 2, {'点评日期': '2010年9月29日'}); man.add(f, '党组织点评', cell_ref(b.org, 2, '点评日期'), '错误', '晚于检查基准日')
    man.add(f, '党组织点评', cell_ref(b.org, 2, '点评日期'), '提示', '相差 23 天')   # planned 9-06
    man.add(f, '党员点评', cell_ref(mem, find_row(mem, '姓名', ms[3]), '点评日期'), '提示', '相差 22 天')  # planned 9-13
    b.save(os.path.join(pdir, f))

    # file 2: aspects and elements missing; added rows for strangers and a duplicate
    b = base()
    f = 'p2-rows.xlsx'
    mem = b.mem
    r = find_row(mem, '姓名', ms[0]); put(mem, r, {'公开承诺践行': None}); man.add(f, '党员点评', cell_ref(mem, r, '公开承诺践行'), '错误', '四个方面')
    r = find_row(mem, '姓名', ms[1]); put(mem, r, {'主要成绩': None}); man.add(f, '党员点评', cell_ref(mem, r, '主要成绩'), '错误', '主要成绩')
    r = find_row(mem, '姓名', ms[2]); put(mem, r, {'存在问题': None}); man.add(f, '党员点评', cell_ref(mem, r, '存在问题'), '错误', '存在问题')
    r = find_row(mem, '姓名', ms[3]); put(mem, r, {'努力方向': None}); man.add(f, '党员点评', cell_ref(mem, r, '努力方向'), '错误', '努力方向')
    put(b.org, 2, {'服务群众办实事': None}); man.add(f, '党组织点评', cell_ref(b.org, 2, '服务群众办实事'), '错误', '服务群众办实事')
    r = b.review_member('钱多多', '2010-09-15', new_row=True); man.add(f, '党员点评', cell_ref(mem, r, '姓名'), '错误', '不在名单')
    r = b.review_member(other_member, '2010-09-15', new_row=True); man.add(f, '党员点评', cell_ref(mem, r, '姓名'), '错误', '数学党小组')
    # 张晓燕 again, while her first row (above) lacks 主要成绩: both are reported at once
    r = b.review_member(ms[1], '2010-09-16', new_row=True); man.add(f, '党员点评', cell_ref(mem, r, '姓名'), '错误', '只点评一次')
    # added rows are not in 点评安排 either: a 提示 beside the error
    for r in (find_row(mem, '姓名', '钱多多'), find_row(mem, '姓名', other_member)):
        man.add(f, '党员点评', cell_ref(mem, r, '姓名'), '提示', '没有列入')
    b.save(os.path.join(pdir, f))

    # file 3: the org row names an unknown branch; the ledger's own errors
    b = base()
    f = 'p3-ledger.xlsx'
    put(b.org, 2, {'党组织名称': '英语党小组'}); man.add(f, '党组织点评', cell_ref(b.org, 2, '党组织名称'), '错误', '英语党小组')
    man.add(f, '党组织点评', cell_ref(b.org, 2, '党组织名称'), '提示', '没有列入')
    r = b.ledger_item(ms[2], '已整改', '2010-09-25'); man.add(f, '整改台账', cell_ref(b.led, r, '完成日期'), '错误', '完成日期')
    r = b.ledger_item('王小二', '整改中', '2010-11-30'); man.add(f, '整改台账', cell_ref(b.led, r, '整改对象'), '错误', '王小二')
    r = b.ledger_item(other_member, '整改中', '2010-11-30'); man.add(f, '整改台账', cell_ref(b.led, r, '整改对象'), '错误', '数学党小组')
    # the ledger's row 2 stays about 语文党小组, still this file's branch (_meta): no problem there
    b.save(os.path.join(pdir, f))

    # file 4: the org row names another branch of the roster
    b = base()
    f = 'p4-branch.xlsx'
    put(b.org, 2, {'党组织名称': BRANCHES[1][0]}); man.add(f, '党组织点评', cell_ref(b.org, 2, '党组织名称'), '错误', '不符')
    man.add(f, '党组织点评', cell_ref(b.org, 2, '党组织名称'), '提示', '没有列入')
    r = b.review_member(ms[1], '2010-09-16', new_row=True); man.add(f, '党员点评', cell_ref(b.mem, r, '姓名'), '错误', '只点评一次')
    b.save(os.path.join(pdir, f))

    # file 5: warnings only
    b = base()
    f = 'p5-hints.xlsx'
    mem = b.mem
    put(b.org, 2, {'点评人': ms[0], '点评方式': '集中点评'})
    man.add(f, '党组织点评', cell_ref(b.org, 2, '点评人'), '提示', '联系领导')
    man.add(f, '党组织点评', cell_ref(b.org, 2, '点评方式'), '提示', '现场点评')
    put(b.org, 2, {'先进事迹': None}); man.add(f, '党组织点评', cell_ref(b.org, 2, '先进事迹'), '提示', '先进事迹')
    # a formula, which openpyxl writes without a cached result: said so, not read as blank silently
    put(b.org, 2, {'群众代表人数': '=1+2'}); man.add(f, '党组织点评', cell_ref(b.org, 2, '群众代表人数'), '提示', '是公式')
    r = find_row(mem, '姓名', ms[0]); put(mem, r, {'点评人': '赵刚'}); man.add(f, '党员点评', cell_ref(mem, r, '点评人'), '提示', '组长或党组织书记')
    r = find_row(mem, '姓名', ms[2]); put(mem, r, {'点评方式': '谈话点评', '存在问题': '无', '限期整改': '是'})
    man.add(f, '党员点评', cell_ref(mem, r, '点评方式'), '提示', '集中点评')
    man.add(f, '党员点评', cell_ref(mem, r, '存在问题'), '提示', '过于简单')
    man.add(f, '党员点评', cell_ref(mem, r, '限期整改'), '提示', '整改台账')
    r = find_row(mem, '姓名', ms[3]); put(mem, r, {'努力方向': '同上', '主要成绩': '好'})
    man.add(f, '党员点评', cell_ref(mem, r, '努力方向'), '提示', '过于简单')
    man.add(f, '党员点评', cell_ref(mem, r, '主要成绩'), '提示', '过于简单')
    b.save(os.path.join(pdir, f))

    # file 6: 点评安排 rules, and reviews against the plan
    b = base()
    f = 'p6-schedule.xlsx'
    sch, mem = b.sch, b.mem
    r = find_row(sch, '点评对象', ms[1]); put(sch, r, {'点评人': '马云'}); man.add(f, '点评安排', cell_ref(sch, r, '点评人'), '错误', '马云')
    r = find_row(sch, '点评对象', ms[2]); put(sch, r, {'计划日期': date_cell('2010-07-15', 1)}); man.add(f, '点评安排', cell_ref(sch, r, '计划日期'), '错误', '不在「全面争创」阶段')
    # with their plan rows rejected above, 张晓燕's and 刘洋's reviews have no plan
    man.add(f, '党员点评', cell_ref(mem, find_row(mem, '姓名', ms[1]), '姓名'), '提示', '没有列入')
    man.add(f, '党员点评', cell_ref(mem, find_row(mem, '姓名', ms[2]), '姓名'), '提示', '没有列入')
    r = b.plan('王小二', '2010-09-20', new_row=True); man.add(f, '点评安排', cell_ref(sch, r, '点评对象'), '错误', '王小二')
    r = b.plan(ms[0], '2010-09-21', new_row=True); man.add(f, '点评安排', cell_ref(sch, r, '点评对象'), '错误', '安排过')
    r = find_row(sch, '点评对象', ms[3]); put(sch, r, {'计划日期': None, '点评人': None, '点评人职务': None, '点评方式': None, '参加范围': None})
    man.add(f, '党员点评', cell_ref(mem, find_row(mem, '姓名', ms[3]), '姓名'), '提示', '没有列入')
    r = find_row(mem, '姓名', ms[0]); put(mem, r, {'点评日期': '2010-09-28'}); man.add(f, '党员点评', cell_ref(mem, r, '点评日期'), '提示', '相差 18 天')
    b.save(os.path.join(pdir, f))

    # file 7: the sheets and columns moved about by a secretary
    b = base()
    f = 'p7-shape.xlsx'
    b.led.title = '整改台帐'
    man.add(f, '整改台帐', None, '提示', '整改台账')
    b.wb['点评安排'].sheet_state = 'hidden'
    man.add(f, '点评安排', None, '提示', '隐藏')
    org = b.org
    hc = headers(org)
    a, c = hc['主要成绩'], hc['存在问题']
    for row in range(1, org.max_row + 1):
        x, y = org.cell(row=row, column=a), org.cell(row=row, column=c)
        x.value, y.value = y.value, x.value
    man.add(f, '党组织点评', 'A1', '提示', '顺序')
    mem = b.mem
    mem.cell(row=1, column=headers(mem)['点评日期']).value = '点评日其'
    man.add(f, '党员点评', cell_ref(mem, 1, '点评日其'), '提示', '点评日其')
    b.save(os.path.join(pdir, f))

    with open(os.path.join(out, 'manifest.json'), 'w', encoding='utf-8') as fh:
        json.dump(man.entries, fh, ensure_ascii=False, indent=1)


# ── the set to merge: accepted, rejected, unplanned, late, unreviewed ──────────
def build_merge(tdir, out):
    mdir = os.path.join(out, 'merge')
    expected = {'branches': [], 'files': {}, 'uncovered': [], 'reference': REF}

    # 语文: a rejected review (date outside the stage), a rejected ledger row, late and unplanned reviews
    br = BRANCHES[0][0]; ms = members_of(br)
    b = Branch(tdir, br)
    b.plan(br, '2010-09-10'); b.review_org('2010-09-12', att=(4, 6), example=True)
    b.plan(ms[0], '2010-09-01'); b.review_member(ms[0], '2010-09-20')               # late: 19 days
    b.plan(ms[1], '2010-09-15'); b.review_member(ms[1], '2010-09-15', example=True)
    b.review_member(ms[2], '2010-09-16', method='谈话点评', problem=False)          # unplanned, placeholder problem
    b.plan(ms[3], '2010-09-20'); b.review_member(ms[3], '2010-10-05', accepted=False)  # outside the stage: rejected
    b.ledger_item(br, '整改中', '2010-09-27')                                        # overdue (before 9-28)
    b.ledger_item(ms[2], '已整改', '2010-09-20', done='2010-09-18', reply='2010-09-19')
    b.ledger_item(ms[1], '未整改', '2010-09-29')                                     # not overdue vs 上报截止
    b.ledger_item(ms[0], '已整改', '2010-09-20', accepted=False)                     # no 完成日期: rejected
    files = [(b, f'{br}.xlsx')]

    # 数学 (re-saved by LibreOffice): one member unreviewed but planned after the reference date
    br = BRANCHES[1][0]; ms = members_of(br)
    b = Branch(tdir, br)
    b.review_org('2010-09-09', att=(3, 2))
    b.review_member(ms[0], '2010-09-10')
    b.review_member(ms[1], '2010-09-11', method='现场点评')
    b.plan(ms[2], '2010-09-29')
    b.ledger_item(ms[1], '已整改', '2010-09-30', done='2010-09-25')
    files.append((b, f'{br}.xlsx'))

    # 后勤: org review rejected (aspect missing), a stranger, a duplicate, an old overdue item
    br = BRANCHES[2][0]; ms = members_of(br)
    b = Branch(tdir, br)
    b.review_org('2010-09-05', att=(7, 4), accepted=False, extra={'公开承诺兑现': None})
    for i, m in enumerate(ms):
        b.review_member(m, f'2010-09-{14 + i:02d}', example=(i == 2))
    b.review_member('钱多多', '2010-09-20', new_row=True, accepted=False)
    b.review_member(ms[1], '2010-09-21', new_row=True, accepted=False)
    b.ledger_item(br, '未整改', '2010-09-01')
    b.ledger_item(ms[3], '整改中', '2010-10-15')
    files.append((b, f'{br}.xlsx'))

    for b, name in files:
        b.save(os.path.join(mdir, name))
        expected['branches'].append(b.summary())
        expected['files'][name] = b.rows
        expected['uncovered'] += [list(u) for u in b.uncovered()]
    expected['libreoffice'] = [f'{BRANCHES[1][0]}.xlsx']
    expected['memberProblems'] = [member_text(m)['存在问题'] for m in members_of(BRANCHES[0][0])]
    with open(os.path.join(out, 'expected.json'), 'w', encoding='utf-8') as fh:
        json.dump(expected, fh, ensure_ascii=False, indent=1)


if __name__ == '__main__':
    tdir, out = sys.argv[1], sys.argv[2]
    build_clean(tdir, out)
    build_planted(tdir, out)
    build_merge(tdir, out)
