/**
 * `review-forms serve`: the office's page, served on 127.0.0.1 only. Every request must carry the
 * random token of the address printed at start (`?token=…`) and name this server as its Host
 * (a page elsewhere cannot reach it by a DNS name that points here); anything else gets 403.
 * The HTTP server is fastify, uploads are parsed by @fastify/multipart with the readers' size
 * limit, and each action runs one at a time (round.ts does the work on the working folder).
 */
import { spawn } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ReviewFormsError } from '../errors';
import { packageRoot } from '../package-info';
import { mb, reasonText } from '../reasons';
import { LIMITS } from '../xlsx/limits';
import type { ErrorBody, RemoveResult, RosterUploadResult, StateView, UploadResult } from './api';
import { zipFiles } from './zip';
import { Round } from './round';
import { replacesSameName } from './same-form';
import { PUBLIC_FILE, REPORT_FILE, Workspace, listFiles, receiveUpload, storeUpload } from './workspace';

export interface ServeOptions {
  dir: string;
  /** 0: any free port. */
  port: number;
  /** Where the built page is (default: build/page of this package). */
  pageDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The address the socket is bound to, as the system reports it. */
  address: string;
  dir: string;
  token: string;
  close(): Promise<void>;
}

export const HOST = '127.0.0.1';
const MAX_FILES_PER_UPLOAD = 5000;
const PAGE_FILES: Record<string, string> = { '/app.js': 'text/javascript; charset=utf-8', '/style.css': 'text/css; charset=utf-8' };

/** The default working folder: 领导点评 in the user's Documents (or home) folder. */
export function defaultWorkDir(): string {
  const documents = path.join(os.homedir(), 'Documents');
  return path.join(existsSync(documents) ? documents : os.homedir(), '领导点评');
}

/** Opens the default browser at `url`; false when no opener could be started. */
export function openBrowser(url: string): boolean {
  const [command, args] =
    process.platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** A file name for Content-Disposition: ASCII fallback plus the UTF-8 name (RFC 6266 / 5987). */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function sameToken(given: unknown, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

type Query = Record<string, string | undefined>;

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const ws = new Workspace(options.dir);
  await fs.mkdir(ws.dir, { recursive: true });
  const round = new Round(ws);
  const pageDir = options.pageDir ?? path.join(packageRoot(), 'build', 'page');
  const token = randomBytes(24).toString('hex');
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: LIMITS.maxFileBytes, files: MAX_FILES_PER_UPLOAD, fields: 10, parts: MAX_FILES_PER_UPLOAD + 10 },
  });

  let port = options.port;
  app.addHook('onRequest', async (request, reply) => {
    const hostOk = request.headers.host === `${HOST}:${port}` || request.headers.host === `localhost:${port}`;
    if (!hostOk || !sameToken((request.query as Query).token, token)) {
      return reply.code(403).type('text/plain; charset=utf-8').send('禁止访问：请使用 review-forms serve 启动时显示的完整地址（含 token）。');
    }
  });

  // One action at a time: uploads, generation and merges all read and write the same folder.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  app.setErrorHandler((thrown, _request, reply) => {
    if (thrown instanceof ReviewFormsError) return reply.code(400).send({ error: thrown.message } satisfies ErrorBody);
    const err = thrown instanceof Error ? thrown : new Error(String(thrown));
    const status = (err as { statusCode?: number }).statusCode;
    // fastify's own answers to a body the page never sends are English: said in Chinese.
    if (status === 415) return reply.code(status).send({ error: reasonText('request-not-json') } satisfies ErrorBody);
    if (status === 400 && /^FST_ERR_CTP_(INVALID_JSON|EMPTY_JSON)/.test((err as { code?: string }).code ?? ''))
      return reply.code(status).send({ error: reasonText('request-bad-json') } satisfies ErrorBody);
    if (status && status >= 400 && status < 500)
      return reply.code(status).send({ error: reasonText('bad-request', { detail: err.message }) } satisfies ErrorBody);
    return reply.code(500).send({ error: reasonText('internal-error', { detail: err.stack ?? err.message }) } satisfies ErrorBody);
  });

  const page = async (reply: FastifyReply, file: string, type: string) => {
    let text: string;
    try {
      text = await fs.readFile(path.join(pageDir, file), 'utf8');
    } catch {
      return reply.code(500).type('text/plain; charset=utf-8').send('页面文件缺失：请先运行 npm run prepare（或重新安装本工具）。');
    }
    return reply.type(type).header('cache-control', 'no-store').send(text.split('%TOKEN%').join(token));
  };
  app.get('/', (_request, reply) => page(reply, 'index.html', 'text/html; charset=utf-8'));
  for (const [route, type] of Object.entries(PAGE_FILES)) app.get(route, (_request, reply) => page(reply, route.slice(1), type));

  const download = async (reply: FastifyReply, file: string, name = path.basename(file)) => {
    const bytes = await fs.readFile(file).catch(() => undefined);
    if (!bytes) return reply.code(404).send({ error: reasonText('not-generated', { name }) } satisfies ErrorBody);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', attachment(name))
      .header('cache-control', 'no-store')
      .send(bytes);
  };
  const stageOf = async (request: FastifyRequest) => (await round.stage((request.query as Query).stage ?? '')).stage;
  const body = (request: FastifyRequest) => (request.body ?? {}) as Query;

  /**
   * Every file part of a multipart request stored in `dir` (a request is read to its end); a
   * different file of a name already there replaces it only when merge would use it in its place
   * (same-form.ts), the old one moved to `removedDir`; otherwise both are kept, the new one
   * numbered, and the page says why. A file that cannot be stored is listed with its reason; the
   * files after it are still stored.
   */
  const upload = async (request: FastifyRequest, dir: string, removedDir: string): Promise<UploadResult> => {
    const result: UploadResult = { stored: [], refused: [], replaced: [], numbered: [] };
    const storedNow = new Set<string>();
    for await (const part of request.files()) {
      const limits = { maxBytes: LIMITS.maxFileBytes, truncated: () => part.file.truncated };
      const kept = await storeUpload(dir, part.filename, part.file, limits, { replace: { into: removedDir, decide: replacesSameName }, storedNow });
      if (kept.file) result.stored.push(kept.file);
      else result.refused.push({ file: part.filename, reason: kept.reason ?? '' });
      if (kept.replaced)
        result.replaced.push({ file: kept.replaced.file, note: reasonText('upload-replaced', { file: kept.replaced.file, folder: removedDir }) });
      if (kept.file && kept.numbered) {
        const { beside, because } = kept.numbered;
        const [id, params] =
          because === 'same-upload'
            ? ['upload-numbered' as const, {}]
            : because === 'different'
              ? ['upload-kept-beside' as const, {}]
              : [because.id, because.params];
        result.numbered.push({ file: kept.file, note: reasonText(id, { ...params, file: beside, as: kept.file }) });
      }
    }
    return result;
  };

  app.get('/api/state', () => serial(() => round.state()));

  app.get('/api/blank-roster', (_request, reply) => serial(async () => download(reply, await round.blankRoster())));
  app.post('/api/roster', (request) =>
    serial(async () => {
      const part = await request.file();
      const none: RosterUploadResult = { stored: [], refused: [], replaced: [], numbered: [], problems: [] };
      if (!part) return { upload: none, state: await round.state() };
      // Received aside and judged first: only a roster may replace 名单.xlsx.
      const got = await receiveUpload(ws.dir, part.file, { maxBytes: LIMITS.maxFileBytes, truncated: () => part.file.truncated });
      // Not received (too large, the folder not writable): said as a roster's refusal, the current one kept.
      const tooLarge = () => reasonText('roster-too-large', { limitMb: mb(LIMITS.maxFileBytes) });
      const upload =
        'reason' in got
          ? { ...none, refused: [{ file: part.filename, reason: reasonText('roster-kept', { detail: part.file.truncated ? tooLarge() : got.reason }) }] }
          : await round.acceptRoster(got.tmp, part.filename);
      return { upload, state: await round.state() } satisfies { upload: RosterUploadResult; state: StateView };
    }),
  );
  app.post('/api/stage', (request) =>
    serial(async () => {
      await round.chooseStage(body(request).stage ?? '');
      return round.state();
    }),
  );

  app.post('/api/issue', (request) =>
    serial(async () => {
      await round.issue(body(request).stage ?? '');
      return round.state();
    }),
  );
  app.get('/api/issued.zip', (request, reply) =>
    serial(async () => {
      const stage = await stageOf(request);
      const dir = ws.issued(stage);
      const files = (await listFiles(dir)).map((f) => path.join(dir, f.name));
      return reply
        .type('application/zip')
        .header('content-disposition', attachment(`${stage}-下发点评表.zip`))
        .send(await zipFiles(files));
    }),
  );
  app.get('/api/issued', (request, reply) =>
    serial(async () => {
      const stage = await stageOf(request);
      const dir = ws.issued(stage);
      // Only a name listed in the folder: the query can never point elsewhere.
      const asked = (request.query as Query).name ?? '';
      const name = (await listFiles(dir)).find((f) => f.name === asked)?.name;
      if (!name) return reply.code(404).send({ error: reasonText('no-such-file', { file: asked, folder: path.basename(dir) }) } satisfies ErrorBody);
      return download(reply, path.join(dir, name));
    }),
  );

  app.post('/api/returned', (request) =>
    serial(async () => {
      const stage = await stageOf(request);
      const result = await upload(request, ws.returned(stage), ws.removed(stage));
      return { upload: result, state: await round.state() };
    }),
  );
  app.post('/api/remove', (request) =>
    serial(async () => {
      const result = await round.remove(body(request).stage ?? '', body(request).file ?? '');
      return { removed: result, state: await round.state() } satisfies { removed: RemoveResult; state: StateView };
    }),
  );
  app.get('/api/annotated.zip', (request, reply) =>
    serial(async () => {
      const stage = await stageOf(request);
      await round.returnsView(stage);
      return reply
        .type('application/zip')
        .header('content-disposition', attachment(`${stage}-退回标注.zip`))
        .send(await zipFiles(await round.annotatedFiles(stage)));
    }),
  );

  app.post('/api/merge', (request) =>
    serial(async () => {
      await round.merge(body(request).stage ?? '');
      return round.state();
    }),
  );
  app.get('/api/report', (request, reply) =>
    serial(async () => {
      const stage = await stageOf(request);
      const isPublic = (request.query as Query).which === 'public';
      const file = isPublic ? ws.publicReport(stage) : ws.report(stage);
      return download(reply, file, `${stage}-${isPublic ? PUBLIC_FILE : REPORT_FILE}`);
    }),
  );

  app.post('/api/bureau/reports', (request) =>
    serial(async () => {
      const result = await upload(request, ws.bureauReports, ws.bureauRemoved);
      return { upload: result, state: await round.state() };
    }),
  );
  app.post('/api/bureau/remove', (request) =>
    serial(async () => {
      const result = await round.bureauRemove(body(request).file ?? '');
      return { removed: result, state: await round.state() } satisfies { removed: RemoveResult; state: StateView };
    }),
  );
  app.post('/api/bureau/merge', (request) =>
    serial(async () => {
      await round.bureauMerge(body(request).unit ?? '');
      return round.state();
    }),
  );
  app.get('/api/bureau/report', (request, reply) =>
    serial(async () => {
      const isPublic = (request.query as Query).which === 'public';
      return download(reply, isPublic ? ws.bureauPublic : ws.bureauReport, `县教育局-${isPublic ? PUBLIC_FILE : REPORT_FILE}`);
    }),
  );

  await app.listen({ host: HOST, port: options.port });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('server has no address');
  port = address.port;
  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    port,
    address: address.address,
    dir: ws.dir,
    token,
    close: () => app.close(),
  };
}
