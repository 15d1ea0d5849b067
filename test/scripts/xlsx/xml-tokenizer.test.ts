/**
 * Our XML tokenizer (scripts/lib/xlsx/xml.ts) against saxes, a well-tried parser: the same events
 * on every part of every workbook the tests make (exceljs-written, filled with awkward text, and
 * re-saved by LibreOffice where it is installed), whole and fed in random small chunks; and the
 * strictness the robustness tests rely on, rule by rule.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { WorkbookError } from '../../../scripts/lib/errors';
import { type XmlHandlers, parseXml, xmlParser } from '../../../scripts/lib/xlsx/xml';
import { libreOfficeResave, tempDir } from '../../helpers/workbooks';
import { type Fixture, filled, fixture } from '../../robustness/helpers/corpus';
import { unzipEntries } from '../../helpers/zip';
import { rng } from '../../../scripts/lib/demo/sample';

jest.setTimeout(300_000);

type XmlEvent = ['open', string, Record<string, string>] | ['close', string] | ['text', string];

/** Adjacent text pieces merged, empty ones dropped: callers concatenate, so pieces are no contract. */
function merged(events: readonly XmlEvent[]): XmlEvent[] {
  const out: XmlEvent[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e[0] === 'text') {
      if (e[1] === '') continue;
      if (last?.[0] === 'text') {
        last[1] += e[1];
        continue;
      }
    }
    out.push(e[0] === 'open' ? ['open', e[1], { ...e[2] }] : [...e]);
  }
  return out;
}

function recorder(): { events: XmlEvent[]; handlers: XmlHandlers } {
  const events: XmlEvent[] = [];
  return {
    events,
    handlers: {
      open: (name, attrs) => events.push(['open', name, attrs]),
      close: (name) => events.push(['close', name]),
      text: (text) => events.push(['text', text]),
    },
  };
}

/** Deterministic chunk sizes in 1..max (the demo's seeded PRNG). */
function seededSizes(seed: number, max = 7): () => number {
  const next = rng(seed);
  return () => 1 + Math.floor(next() * max);
}

function ours(buf: Buffer, sizes?: () => number): XmlEvent[] {
  const { events, handlers } = recorder();
  const sink = xmlParser('part', handlers);
  if (!sizes) sink.write(buf);
  else for (let i = 0; i < buf.length;) i += writeSome(sink, buf, i, sizes());
  sink.close();
  return merged(events);
}

function writeSome(sink: { write(chunk: Buffer): void }, buf: Buffer, at: number, size: number): number {
  sink.write(buf.subarray(at, at + size));
  return size;
}

function saxes(xml: string): XmlEvent[] {
  const events: XmlEvent[] = [];
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('error', (err) => {
    throw err;
  });
  parser.on('opentag', (tag: SaxesTagPlain) => events.push(['open', tag.name, tag.attributes as Record<string, string>]));
  parser.on('closetag', (tag) => events.push(['close', tag.name]));
  parser.on('text', (text) => events.push(['text', text]));
  parser.on('cdata', (text) => events.push(['text', text]));
  parser.write(xml);
  parser.close();
  return merged(events);
}

function reasonOf(run: () => void): string {
  try {
    run();
  } catch (err) {
    if (err instanceof WorkbookError) return err.reason;
    throw err;
  }
  return 'no error';
}

function reasonChunked(xml: string | Buffer, seed: number): string {
  const buf = Buffer.isBuffer(xml) ? xml : Buffer.from(xml, 'utf8');
  return reasonOf(() => ours(buf, seededSizes(seed)));
}

/** Every .xml/.rels part of `files`, by "file: part". */
async function partsOf(files: Record<string, Buffer>): Promise<[string, Buffer][]> {
  const out: [string, Buffer][] = [];
  for (const [file, data] of Object.entries(files)) {
    for (const [name, part] of await unzipEntries(data)) if (/\.(xml|rels)$/i.test(name)) out.push([`${file}: ${name}`, part]);
  }
  return out;
}

/** Text a secretary may type that XML must escape or keep exactly. */
const AWKWARD = ' 前后有空格 <b>粗</b> & &amp; "双引号" \'单引号\' ]]> 换行\n回车换行\r\n制表\t表情😀 _x000D_ ';

async function workbooks(fx: Fixture): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {};
  fx.templates.forEach((b, i) => (files[`template-${i}.xlsx`] = b));
  fx.good.forEach((b, i) => (files[`good-${i}.xlsx`] = b));
  files['awkward.xlsx'] = await filled(fx, 0, (input) => {
    input.member[0].achievements = AWKWARD;
    input.member[1].achievements = '   ';
    input.org[0].method = '&#10;<![CDATA[x]]>';
  });
  return files;
}

const soffice = (process.env.PATH ?? '').split(path.delimiter).some((d) => existsSync(path.join(d, 'soffice')));

describe('the same events as saxes on every part of the test workbooks', () => {
  let parts: [string, Buffer][] = [];

  beforeAll(async () => {
    const fx = await fixture();
    const files = await workbooks(fx);
    // LibreOffice is a test requirement (.ci/run installs it); 'the corpus is what it claims' fails without it.
    if (soffice) {
      const dir = await tempDir('xml-lo');
      try {
        const sources = await Promise.all(
          ['good-0.xlsx', 'awkward.xlsx'].map(async (n) => (await fs.writeFile(path.join(dir, n), files[n]), path.join(dir, n))),
        );
        const resaved = await libreOfficeResave(sources, path.join(dir, 'lo'));
        for (const f of resaved) files[`libreoffice-${path.basename(f)}`] = await fs.readFile(f);
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    }
    parts = await partsOf(files);
  });

  test('the corpus is what it claims', () => {
    expect(parts.length).toBeGreaterThan(40);
    const all = parts.map(([, b]) => b.toString('utf8')).join('');
    expect(all).toContain('&lt;b&gt;粗&lt;/b&gt; &amp; &amp;amp;');
    expect(all).toMatch(/<row[ >]/);
    expect(soffice).toBe(true);
    expect(parts.some(([n, b]) => n.startsWith('libreoffice-') && /<Application>LibreOffice/.test(b.toString('utf8')))).toBe(true);
  });

  test('whole parts', () => {
    for (const [name, buf] of parts) expect([name, ours(buf)]).toEqual([name, saxes(buf.toString('utf8'))]);
  });

  test('parts in random chunks of 1–7 bytes (every split point, inside Chinese characters too)', () => {
    let seed = 1;
    for (const [name, buf] of parts) {
      const expected = saxes(buf.toString('utf8'));
      expect([name, ours(buf, seededSizes(seed++))]).toEqual([name, expected]);
    }
  });

  test('the awkward text comes through exactly', () => {
    const texts = parts
      .filter(([n]) => n.startsWith('awkward.xlsx: xl/sharedStrings'))
      .flatMap(([, b]) =>
        ours(b)
          .filter((e) => e[0] === 'text')
          .map((e) => e[1]),
      );
    expect(texts).toContain(AWKWARD.replace('\r\n', '\n'));
    expect(texts).toContain('   ');
  });
});

describe('hand-written documents: the same events as saxes, whole and chunked', () => {
  const DOCS = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<a/>',
    '\uFEFF<?xml version="1.0"?>\n<a b="x\ty\r\nz&#10;&#9;" c=\'say "hi"\'/>\n',
    '<a>\n <b/> x\r\ny\rz</a>',
    '<a>&amp;&lt;&gt;&quot;&apos;&#x41;&#65;&#x4e2d;&#x1F600;&#13;</a>',
    '<a><![CDATA[x<y & "z"]]>尾<![CDATA[]]></a>',
    '<a><!-- 注释 --><?pi 内容?>中<!----><?x?>文</a>',
    '<x:row r="1" x14ac:dyDescent="0.25"><x:c r="A1" s="3" t="s"><x:v>12</x:v></x:c></x:row>',
    '<a __proto__="x" constructor="y" toString="z"/>',
    '<a ></a >',
    '<中文 属性="值">文本</中文>',
    '<t xml:space="preserve"> a </t>',
    '<a>]]</a>',
    '<a/><!-- after --> <?pi after?>\n',
  ];
  test.each(DOCS.map((d, i) => [i, d]))('document %i', (_i, doc) => {
    const buf = Buffer.from(doc, 'utf8');
    const expected = saxes(doc);
    expect(ours(buf)).toEqual(expected);
    for (let seed = 1; seed <= 20; seed++) expect(ours(buf, seededSizes(seed, 3))).toEqual(expected);
  });

  test('self-closing tags are an open then a close; attribute values are decoded and normalized', () => {
    expect(ours(Buffer.from('<r><c r="A1" t="s" v="a&lt;b&#10;c\td"/></r>'))).toEqual([
      ['open', 'r', {}],
      ['open', 'c', { r: 'A1', t: 's', v: 'a<b\nc d' }],
      ['close', 'c'],
      ['close', 'r'],
    ]);
  });

  test('CDATA is text, verbatim; comments and processing instructions are skipped', () => {
    expect(ours(Buffer.from('<?xml version="1.0"?><a><!--c--><?p q?><![CDATA[&amp;<x>]]></a>'))).toEqual([
      ['open', 'a', {}],
      ['text', '&amp;<x>'],
      ['close', 'a'],
    ]);
  });
});

describe('strictness: refused with the right reason, whole and chunked', () => {
  const INVALID: [string, string][] = [
    ['empty document', ''],
    ['only whitespace', '  \n '],
    ['unclosed tag', '<a><b></b>'],
    ['mismatched tags', '<a><b></a></b>'],
    ['close without open', '</a>'],
    ['text after the root', '<a/>x'],
    ['text before the root', 'x<a/>'],
    ['a second root element', '<a/><b/>'],
    ['unknown entity', '<a>&foo;</a>'],
    ['a lone ampersand', '<a>AT&T</a>'],
    ['an ampersand at the end', '<a>x&'],
    ['bad hex reference', '<a>&#xZZ;</a>'],
    ['upper-case X reference', '<a>&#X41;</a>'],
    ['reference to U+0000', '<a>&#0;</a>'],
    ['reference to U+0001', '<a>&#1;</a>'],
    ['reference to a surrogate', '<a>&#xD800;</a>'],
    ['reference beyond Unicode', '<a>&#x110000;</a>'],
    ['unknown entity in an attribute', '<a b="&nbsp;"/>'],
    ['< in an attribute value', '<a b="<"/>'],
    ['unquoted attribute', '<a b=c/>'],
    ['attribute without a value', '<a b/>'],
    ['duplicate attributes', '<a b="1" b="2"/>'],
    ['duplicate attributes among many', `<a ${Array.from({ length: 30 }, (_v, i) => `k${i}="${i}"`).join(' ')} k29="x"/>`],
    ['no space between attributes', '<a b="1"c="2"/>'],
    ['bad tag name', '<1a/>'],
    ['bad attribute name', '<a -b="1"/>'],
    ['space after </', '<a></ a>'],
    ['slash not closing', '<a/ >'],
    ['unterminated comment', '<a/><!-- x'],
    ['-- inside a comment', '<a><!-- a -- b --></a>'],
    ['unterminated CDATA', '<a><![CDATA[x</a>'],
    ['CDATA outside the root', '<![CDATA[x]]><a/>'],
    ['unterminated processing instruction', '<a/><?pi x'],
    ['XML declaration not at the start', ' <?xml version="1.0"?><a/>'],
    ['XML declaration without a version', '<?xml?><a/>'],
    ['unterminated start tag', '<a b="1"'],
    ['unterminated attribute value', '<a b="1/>'],
    [']]> in text', '<a>]]></a>'],
    ['U+0000 in text', '<a>\u0000</a>'],
    ['U+0008 in text', '<a>\u0008</a>'],
    ['U+000B in text', '<a>\u000B</a>'],
    ['U+000C in an attribute', '<a b="\u000C"/>'],
    ['U+001F in text', '<a>\u001F</a>'],
    ['U+FFFE in text', '<a>\uFFFE</a>'],
    ['U+FFFF in an attribute', '<a b="\uFFFF"/>'],
    ['U+0001 in a comment', '<a><!--\u0001--></a>'],
    ['unknown markup declaration', '<a><!ELEMENT a ANY></a>'],
  ];
  test.each(INVALID)('%s → xml-invalid', (_name, xml) => {
    expect(reasonOf(() => parseXml(Buffer.from(xml, 'utf8'), 'part', {}))).toBe('xml-invalid');
    for (let seed = 1; seed <= 5; seed++) expect(reasonChunked(xml, seed)).toBe('xml-invalid');
  });

  test.each([
    ['DOCTYPE', '<!DOCTYPE a><a/>'],
    ['ENTITY', '<a><!ENTITY x "y"></a>'],
    ['DOCTYPE after the root', '<a/><!DOCTYPE a>'],
  ])('%s → xml-doctype', (_name, xml) => {
    expect(reasonOf(() => parseXml(Buffer.from(xml, 'utf8'), 'part', {}))).toBe('xml-doctype');
    for (let seed = 1; seed <= 5; seed++) expect(reasonChunked(xml, seed)).toBe('xml-doctype');
  });

  test('the messages are the Chinese ones the reports show', () => {
    expect(() => parseXml(Buffer.from('<a>'), 'xl/workbook.xml', {})).toThrow(
      '工作簿的 xl/workbook.xml 不是有效的 XML（文件已损坏）。请在 Excel 中打开后另存为 .xlsx 再发送。',
    );
    expect(() => parseXml(Buffer.from('<!DOCTYPE a><a/>'), 'xl/workbook.xml', {})).toThrow(
      /工作簿的 xl\/workbook.xml 含有 DOCTYPE\/实体声明.*已拒收，未展开任何实体/,
    );
  });

  test('stops at the first error, and says so again on every later call', () => {
    let opened = 0;
    const sink = xmlParser('part', { open: () => opened++ });
    const zeros = Buffer.alloc(1024 * 1024);
    let first: unknown;
    try {
      sink.write(Buffer.concat([Buffer.from('<a><b/>'), zeros]));
    } catch (err) {
      first = err;
    }
    expect(first).toBeInstanceOf(WorkbookError);
    expect((first as WorkbookError).reason).toBe('xml-invalid');
    expect(opened).toBe(2);
    expect(() => sink.write(Buffer.from('</a>'))).toThrow(first as Error);
    expect(() => sink.close()).toThrow(first as Error);
  });

  test("a handler's WorkbookError passes through unchanged", () => {
    const own = new WorkbookError('too-many-cells', { sheet: '表', limit: 1 });
    expect(() =>
      parseXml(Buffer.from('<a><b/></a>'), 'part', {
        close: () => {
          throw own;
        },
      }),
    ).toThrow(own);
  });
});

describe('size: long documents and long tokens, split anywhere', () => {
  test('a 10 MB worksheet parses, every cell seen', () => {
    const rows: string[] = [];
    let cells = 0;
    for (let r = 1; cells < 250_000; r++) {
      const cs: string[] = [];
      for (let c = 0; c < 20; c++, cells++) cs.push(`<c r="${String.fromCharCode(65 + c)}${r}" s="3" t="s"><v>${(r * 20 + c) % 1000}</v></c>`);
      rows.push(`<row r="${r}" spans="1:20">${cs.join('')}</row>`);
    }
    const xml = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`,
    );
    expect(xml.length).toBeGreaterThan(10_000_000);
    let seen = 0;
    let values = 0;
    let inV = false;
    const sink = xmlParser('xl/worksheets/sheet1.xml', {
      open: (name, attrs) => {
        if (name === 'c' && attrs.t === 's' && attrs.s === '3') seen++;
        if (name === 'v') inV = true;
      },
      close: (name) => {
        if (name === 'v') inV = false;
      },
      text: (text) => {
        if (inV) values += text.length;
      },
    });
    for (let i = 0; i < xml.length; i += 16_384) sink.write(xml.subarray(i, i + 16_384));
    sink.close();
    expect(seen).toBe(cells);
    expect(values).toBeGreaterThan(cells);
  });

  test('megabytes of whitespace before the root, a long comment, attribute, CDATA and text, in small chunks', () => {
    const long = '长'.repeat(300_000);
    const xml = Buffer.from(`${' '.repeat(2_000_000)}<a b="${long}"><!--${long}--><![CDATA[${long}]]>${long}&amp;</a>`);
    const { events, handlers } = recorder();
    const sink = xmlParser('part', handlers);
    for (let i = 0; i < xml.length; i += 1000) sink.write(xml.subarray(i, i + 1000));
    sink.close();
    const got = merged(events).filter((e) => e[0] !== 'text' || e[1].trim() !== '');
    expect(got).toEqual([
      ['open', 'a', { b: long }],
      ['text', `${long}${long}&`],
      ['close', 'a'],
    ]);
  });
});
