// A stand-in for the Nest API, for looking at the UI without the server: serves ui/build at "/"
// (index.html for unknown paths, as Nest's static module does) and answers /api/* with sample data
// in memory. Every user's password is "pass".
//
//   node ui/dev/stub-server.mjs            # http://localhost:4173
//   PORT=5000 node ui/dev/stub-server.mjs
//
// Extra, for tests of live updates: POST /api/__stub/touch/:caseId moves a case one step on as
// "someone else" would; POST /api/__stub/new files a new case. Both announce it on the SSE stream.
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PORT = Number(process.env.PORT ?? 4173);
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../build');
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// ---------------------------------------------------------------- sample data

const DEPARTMENTS = [
  { code: 'SCJG', name: '市场监督管理局' },
  { code: 'ZJJ', name: '住房和城乡建设局' },
  { code: 'WJW', name: '卫生健康委员会' },
  { code: 'GAJ', name: '公安局' },
  { code: 'JTJ', name: '交通运输局' },
  { code: 'RSJ', name: '人力资源和社会保障局' },
];
const deptName = (code) => DEPARTMENTS.find((d) => d.code === code)?.name ?? code;

const USERS = [
  { id: 'u-window', username: 'window', displayName: '王晓燕', roles: ['window_staff'], department: 'SCJG' },
  { id: 'u-reviewer', username: 'reviewer', displayName: '李建国', roles: ['reviewer'], department: 'SCJG' },
  { id: 'u-head', username: 'head', displayName: '陈志明', roles: ['department_head', 'reviewer'], department: 'SCJG' },
  { id: 'u-supervisor', username: 'supervisor', displayName: '赵敏', roles: ['supervisor'] },
  { id: 'u-leader', username: 'leader', displayName: '周国强', roles: ['leader'] },
  { id: 'u-auditor', username: 'auditor', displayName: '孙丽', roles: ['auditor'] },
  { id: 'u-admin', username: 'admin', displayName: '系统管理员', roles: ['admin'] },
  { id: 'u-legal', username: 'legal', displayName: '吴法', roles: ['legal_office'] },
  { id: 'u-applicant', username: 'applicant', displayName: '张伟', roles: ['applicant'] },
  { id: 'u-hotline', username: 'hotline', displayName: '刘芳', roles: ['hotline_operator'] },
].map((u) => ({ ...u, departmentName: u.department ? deptName(u.department) : undefined }));

const ITEMS = [
  { code: '11330100MB0000001A1', name: '食品经营许可', type: '行政许可', department: 'SCJG', promisedLimitDays: 10, statutoryLimitDays: 20 },
  { code: '11330100MB0000001A2', name: '药品零售企业许可', type: '行政许可', department: 'SCJG', promisedLimitDays: 15, statutoryLimitDays: 20 },
  { code: '11330100MB0000002B1', name: '建筑工程施工许可证核发', type: '行政许可', department: 'ZJJ', promisedLimitDays: 5, statutoryLimitDays: 15 },
  { code: '11330100MB0000003C1', name: '医疗机构执业登记', type: '行政许可', department: 'WJW', promisedLimitDays: 20, statutoryLimitDays: 45 },
  { code: '11330100MB0000004D1', name: '户口迁移登记', type: '行政确认', department: 'GAJ', promisedLimitDays: 3, statutoryLimitDays: 20 },
  { code: '11330100MB0000005E1', name: '道路货物运输经营许可', type: '行政许可', department: 'JTJ', promisedLimitDays: 10, statutoryLimitDays: 20 },
  { code: '11330100MB0000006F1', name: '人力资源服务许可', type: '行政许可', department: 'RSJ', promisedLimitDays: 10, statutoryLimitDays: 20 },
  { code: '11330100MB0000006F2', name: '失业保险金申领', type: '公共服务', department: 'RSJ', promisedLimitDays: 5, statutoryLimitDays: 20 },
];
const CATALOG = ITEMS.map((item, i) => ({
  ...item,
  departmentName: deptName(item.department),
  status: ['published', 'published', 'published', 'in_review', 'published', 'published', 'suspended', 'drafted'][i],
  version: i === 0 ? 3 : i === 3 ? 2 : 1,
}));

const APPLICANTS = [
  { kind: 'person', name: '张伟', idNumber: '330102198803154512', userId: 'u-applicant' },
  { kind: 'enterprise', name: '杭州明远餐饮管理有限公司', creditCode: '91330100MA2H3K7X1P' },
  { kind: 'person', name: '刘海燕', idNumber: '330106199205203327' },
  { kind: 'enterprise', name: '浙江安泰建设集团有限公司', creditCode: '913301007046842957' },
  { kind: 'person', name: '欧阳明', idNumber: '11010119850707203X' },
  { kind: 'enterprise', name: '杭州康宁大药房连锁有限公司', creditCode: '91330105MA27XQ2L5D' },
  { kind: 'person', name: '黄晓东', idNumber: '330104197611052216' },
];

const maskName = (name) => (name.length <= 2 ? `${name[0]}*` : `${name[0]}${'*'.repeat(name.length - 2)}${name.at(-1)}`);
const maskId = (id) => (id ? `${id.slice(0, 6)}********${id.slice(-4)}` : undefined);

// Working days, Monday to Friday (the real server uses the holiday calendar).
function addWorkingDays(date, n) {
  const d = new Date(date);
  let left = n;
  while (left > 0) {
    d.setDate(d.getDate() + 1);
    if (d.getDay() !== 0 && d.getDay() !== 6) left -= 1;
  }
  return d;
}
function workingDaysBetween(from, to) {
  let n = 0;
  const d = new Date(from);
  d.setHours(0, 0, 0, 0);
  const end = new Date(to);
  end.setHours(0, 0, 0, 0);
  while (d < end) {
    d.setDate(d.getDate() + 1);
    if (d.getDay() !== 0 && d.getDay() !== 6) n += 1;
  }
  return n;
}
const ymd = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

function lightOf(c) {
  // The clock runs from acceptance to decision.
  if (!c.dueDate || c.status !== 'accepted') return null;
  const today = new Date();
  const due = new Date(`${c.dueDate}T23:59:59`);
  if (due < today) return 'red';
  return workingDaysBetween(today, due) <= 2 ? 'yellow' : 'green';
}

const SUMMARIES = {
  CaseSubmitted: { zh: '申请人提交申请材料', en: 'The applicant submitted the application' },
  CaseAccepted: { zh: '窗口受理，开始计时', en: 'Accepted at the window; the clock started' },
  CaseGranted: { zh: '审批通过，准予许可', en: 'Approved: license granted' },
  CaseDenied: { zh: '不予许可，已告知理由及救济途径', en: 'Denied, with reasons and appeal rights' },
  CaseCompleted: { zh: '证照已送达，办件办结', en: 'Certificate delivered; case completed' },
};
const event = (type, at, actorRole) => ({ at: new Date(at).toISOString(), type, actorRole, summary: SUMMARIES[type] });

const cases = [];
let seq = 0;
function fileCase({ item, applicant, status, daysAgo, channel, acceptedDaysAgo, limitDays }) {
  seq += 1;
  const now = Date.now();
  const submittedAt = new Date(now - daysAgo * 86_400_000 - seq * 3_613_000);
  const c = {
    caseId: randomUUID(),
    caseNo: `ZW${ymd(submittedAt).replaceAll('-', '')}${String(1000 + seq).padStart(5, '0')}`,
    itemCode: item.code,
    itemName: item.name,
    department: item.department,
    departmentName: deptName(item.department),
    applicant,
    status: 'submitted',
    channel,
    submittedAt: submittedAt.toISOString(),
    formData: sampleForm(item, applicant),
    timeline: [event('CaseSubmitted', submittedAt, channel === 'window' ? 'window_staff' : 'applicant')],
    updatedAt: submittedAt.toISOString(),
  };
  const order = ['submitted', 'accepted', status === 'denied' ? 'denied' : 'granted', 'completed'];
  const target = order.indexOf(status === 'denied' || status === 'granted' ? order[2] : status);
  const acceptedAt = new Date(now - (acceptedDaysAgo ?? Math.max(daysAgo - 1, 0)) * 86_400_000 - seq * 1_000_000);
  if (target >= 1) {
    c.status = 'accepted';
    c.acceptedAt = acceptedAt.toISOString();
    c.dueDate = ymd(addWorkingDays(acceptedAt, limitDays ?? item.promisedLimitDays));
    c.timeline.push(event('CaseAccepted', acceptedAt, 'window_staff'));
  }
  if (target >= 2) {
    const at = new Date(acceptedAt.getTime() + 2 * 86_400_000);
    c.status = order[2];
    c.decision =
      c.status === 'granted'
        ? { granted: true }
        : { granted: false, reasons: '经营场所与申请材料所载不一致，不符合许可条件。', appealRights: '如不服本决定，可在收到之日起六十日内申请行政复议，或六个月内提起行政诉讼。' };
    c.timeline.push(event(c.status === 'granted' ? 'CaseGranted' : 'CaseDenied', at, 'reviewer'));
  }
  if (target >= 3) {
    const at = new Date(acceptedAt.getTime() + 3 * 86_400_000);
    c.status = 'completed';
    c.timeline.push(event('CaseCompleted', at, 'window_staff'));
  }
  c.updatedAt = c.timeline.at(-1).at;
  cases.push(c);
  return c;
}

function sampleForm(item, applicant) {
  const base = { 申请事项: item.name, 联系电话: '138****6620', 办理方式: '窗口领取' };
  if (item.department === 'SCJG') return { ...base, 经营场所: '杭州市上城区解放路 188 号', 经营项目: ['预包装食品销售', '热食类食品制售'], 从业人员数: 12 };
  if (item.department === 'ZJJ') return { ...base, 项目名称: '城东新城 3 号地块安置房', 建筑面积: '52,300 平方米', 合同价格: '2.86 亿元' };
  return { ...base, 申请人: applicant.name };
}

const STATUSES = ['submitted', 'submitted', 'accepted', 'accepted', 'accepted', 'granted', 'denied', 'completed', 'completed'];
const CHANNELS = ['online', 'window', 'kiosk'];
for (let i = 0; i < 46; i += 1) {
  const item = ITEMS[i % 3 === 0 ? 0 : i % ITEMS.length];
  const status = STATUSES[i % STATUSES.length];
  fileCase({
    item,
    applicant: APPLICANTS[(i + 1) % APPLICANTS.length],
    status,
    daysAgo: Math.floor(i / 2),
    channel: CHANNELS[i % 3],
    // A few accepted cases near or past their due date, to show the yellow and red lights.
    ...(status === 'accepted' && i % 4 === 0 ? { acceptedDaysAgo: 14, limitDays: 9 } : {}),
    ...(status === 'accepted' && i % 4 === 1 ? { acceptedDaysAgo: 30, limitDays: 10 } : {}),
  });
}
// The applicant's own cases.
fileCase({ item: ITEMS[0], applicant: APPLICANTS[0], status: 'accepted', daysAgo: 3, channel: 'online' });
fileCase({ item: ITEMS[4], applicant: APPLICANTS[0], status: 'completed', daysAgo: 20, channel: 'window' });
fileCase({ item: ITEMS[7], applicant: APPLICANTS[0], status: 'submitted', daysAgo: 0, channel: 'online' });
cases.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));

// ---------------------------------------------------------------- access and views

const CROSS = ['supervisor', 'auditor', 'leader', 'admin'];
const has = (user, ...roles) => user.roles.some((r) => roles.includes(r));

function visible(user, c) {
  if (has(user, ...CROSS)) return true;
  if (has(user, 'window_staff', 'reviewer', 'department_head')) return c.department === user.department;
  if (has(user, 'applicant')) return c.applicant.userId === user.id;
  return false;
}

function allowedActions(user, c) {
  const out = [];
  const own = user.department === c.department;
  if (own && has(user, 'window_staff') && c.status === 'submitted') out.push('accept');
  if (own && has(user, 'reviewer', 'department_head') && c.status === 'accepted') out.push('grant', 'deny');
  if (own && has(user, 'window_staff') && (c.status === 'granted' || c.status === 'denied')) out.push('complete');
  return out;
}

function summary(c) {
  return {
    caseId: c.caseId,
    caseNo: c.caseNo,
    itemCode: c.itemCode,
    itemName: c.itemName,
    department: c.department,
    departmentName: c.departmentName,
    applicantName: maskName(c.applicant.name),
    status: c.status,
    channel: c.channel,
    submittedAt: c.submittedAt,
    acceptedAt: c.acceptedAt,
    dueDate: c.dueDate,
    light: lightOf(c),
    updatedAt: c.updatedAt,
  };
}

function detail(user, c) {
  const full = has(user, 'window_staff', 'reviewer', 'department_head') || c.applicant.userId === user.id;
  const { kind, name, idNumber, creditCode } = c.applicant;
  return {
    ...summary(c),
    applicant: full ? { kind, name, idNumber, creditCode } : { kind, name: maskName(name), idNumber: maskId(idNumber), creditCode: maskId(creditCode) },
    formData: c.formData,
    decision: c.decision,
    timeline: c.timeline,
    allowedActions: allowedActions(user, c),
  };
}

// ---------------------------------------------------------------- http plumbing

const sessions = new Map(); // sid → userId
const failedLogins = new Map(); // username → count
const idempotent = new Map(); // key → [status, body]
const streams = new Set();

function send(res, status, body, headers = {}) {
  if (status === 204) {
    res.writeHead(204, headers);
    return res.end();
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}
const fail = (res, status, code, zh, en, details) => send(res, status, { statusCode: status, code, message: { zh, en }, details });

function currentUser(req) {
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const userId = sid && sessions.get(sid);
  return userId ? USERS.find((u) => u.id === userId) : null;
}

async function readJson(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  if (!raw) return {};
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function announce(collection, id) {
  const frame = `event: view\ndata: ${JSON.stringify({ collection, id })}\n\n`;
  for (const res of streams) res.write(frame);
}

function now() {
  return new Date().toISOString();
}

function advance(c, user, action, body) {
  const role = user ? (user.roles.find((r) => r !== 'department_head') ?? user.roles[0]) : 'window_staff';
  if (action === 'accept') {
    c.status = 'accepted';
    c.acceptedAt = now();
    c.dueDate = ymd(addWorkingDays(new Date(), CATALOG.find((i) => i.code === c.itemCode)?.promisedLimitDays ?? 20));
    c.timeline.push(event('CaseAccepted', c.acceptedAt, 'window_staff'));
  } else if (action === 'decide') {
    c.status = body.granted ? 'granted' : 'denied';
    c.decision = body.granted
      ? { granted: true, reasons: body.reasons }
      : { granted: false, reasons: body.reasons, appealRights: '如不服本决定，可在收到之日起六十日内申请行政复议，或六个月内提起行政诉讼。' };
    c.timeline.push(event(body.granted ? 'CaseGranted' : 'CaseDenied', now(), role));
  } else if (action === 'complete') {
    c.status = 'completed';
    c.timeline.push(event('CaseCompleted', now(), 'window_staff'));
  }
  c.updatedAt = now();
  announce('cases', c.caseId);
}

const ACTION_STATUS = { accept: ['submitted'], decide: ['accepted'], complete: ['granted', 'denied'] };

async function handleApi(req, res, url) {
  const path = url.pathname.slice('/api'.length);
  const method = req.method ?? 'GET';

  if (method === 'POST' && path === '/auth/login') {
    const body = (await readJson(req)) ?? {};
    const name = String(body.username ?? '');
    if ((failedLogins.get(name) ?? 0) >= 5) return fail(res, 429, 'TOO_MANY_ATTEMPTS', '登录失败次数过多，请 15 分钟后再试。', 'Too many attempts. Try again in 15 minutes.');
    const user = USERS.find((u) => u.username === name);
    if (!user || body.password !== 'pass') {
      failedLogins.set(name, (failedLogins.get(name) ?? 0) + 1);
      return fail(res, 401, 'INVALID_CREDENTIALS', '用户名或密码错误。', 'Wrong username or password.');
    }
    failedLogins.delete(name);
    const sid = randomBytes(18).toString('base64url');
    sessions.set(sid, user.id);
    return send(res, 200, { user }, { 'set-cookie': `sid=${sid}; Path=/; HttpOnly; SameSite=Lax` });
  }

  // Test hooks, open without a session so a test runner can call them.
  if (method === 'POST' && path.startsWith('/__stub/touch/')) {
    const c = cases.find((x) => x.caseId === decodeURIComponent(path.slice('/__stub/touch/'.length)));
    if (!c) return fail(res, 404, 'CASE_NOT_FOUND', '办件不存在。', 'Case not found.');
    const step = { submitted: ['accept'], accepted: ['decide', { granted: true }], granted: ['complete'], denied: ['complete'] }[c.status];
    if (step) advance(c, null, step[0], step[1] ?? {});
    else {
      c.updatedAt = now();
      announce('cases', c.caseId);
    }
    return send(res, 200, summary(c));
  }
  if (method === 'POST' && path === '/__stub/new') {
    const c = fileCase({ item: ITEMS[0], applicant: APPLICANTS[2], status: 'submitted', daysAgo: 0, channel: 'online' });
    c.submittedAt = now();
    cases.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
    announce('cases', c.caseId);
    return send(res, 200, summary(c));
  }

  const user = currentUser(req);
  if (!user) return fail(res, 401, 'UNAUTHENTICATED', '请先登录。', 'Please sign in.');

  if (method === 'POST' && path === '/auth/logout') {
    const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    sessions.delete(sid);
    return send(res, 204, null, { 'set-cookie': 'sid=; Path=/; Max-Age=0' });
  }
  if (method === 'GET' && path === '/auth/me') return send(res, 200, { user });
  if (method === 'GET' && path === '/departments') return send(res, 200, { items: DEPARTMENTS });
  if (method === 'GET' && path === '/catalog/items') return send(res, 200, { items: CATALOG });

  if (method === 'GET' && path === '/events/stream') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(ping);
      streams.delete(res);
    });
    return;
  }

  if (method === 'GET' && path === '/analytics/cases-by-department') {
    if (!has(user, 'leader', 'supervisor', 'admin')) return fail(res, 403, 'FORBIDDEN', '无权查看。', 'Not allowed.');
    const days = Number(url.searchParams.get('days') ?? 90);
    if (process.env.STUB_ANALYTICS_EMPTY) return send(res, 200, { rows: [] });
    const base = { SCJG: 420, ZJJ: 186, WJW: 133, GAJ: 512, JTJ: 97, RSJ: 268 };
    const rows = DEPARTMENTS.map((d, i) => {
      const total = Math.round((base[d.code] * days) / 90);
      const completed = Math.round(total * (0.78 + (i % 3) * 0.05));
      const overdue = Math.round(total * [0.02, 0.06, 0.01, 0.004, 0.09, 0.03][i]);
      return { department: d.code, departmentName: d.name, total, completed, onTime: completed - Math.min(overdue, completed), overdue };
    });
    return send(res, 200, { rows });
  }

  if (method === 'GET' && path === '/cases') {
    const q = url.searchParams;
    let list = cases.filter((c) => visible(user, c)).map(summary);
    for (const key of ['status', 'department', 'light']) {
      const v = q.get(key);
      if (v) list = list.filter((c) => c[key] === v);
    }
    const total = list.length;
    const limit = Math.min(Number(q.get('limit') ?? 20) || 20, 100);
    const after = q.get('after');
    const start = after ? list.findIndex((c) => c.caseId === after) + 1 : 0;
    const items = list.slice(start, start + limit);
    const next = start + limit < total ? items.at(-1)?.caseId : undefined;
    return send(res, 200, { items, next, total });
  }

  const one = /^\/cases\/([^/]+)(?:\/(accept|decide|complete))?$/.exec(path);
  if (one) {
    const c = cases.find((x) => x.caseId === decodeURIComponent(one[1]));
    if (!c || !visible(user, c)) return fail(res, 404, 'CASE_NOT_FOUND', '办件不存在。', 'Case not found.');
    const action = one[2];
    if (!action && method === 'GET') return send(res, 200, detail(user, c));
    if (action && method === 'POST') {
      const key = req.headers['idempotency-key'];
      if (key && idempotent.has(key)) return send(res, ...idempotent.get(key));
      const body = await readJson(req);
      if (body === undefined) return fail(res, 400, 'BAD_JSON', '请求格式错误。', 'Malformed request.');
      const wanted = action === 'decide' ? (body.granted ? 'grant' : 'deny') : action;
      const reply = (status, payload) => {
        if (key) idempotent.set(key, [status, payload]);
        return send(res, status, payload);
      };
      if (!allowedActions(user, c).includes(wanted)) {
        if (!ACTION_STATUS[action].includes(c.status)) {
          return reply(409, { statusCode: 409, code: 'CASE_STATUS_CONFLICT', message: { zh: `办件当前状态为“${c.status}”，不能执行该操作。`, en: `The case is ${c.status}; this action is not possible now.` } });
        }
        return reply(403, { statusCode: 403, code: 'FORBIDDEN', message: { zh: '您无权执行该操作。', en: 'You may not do this.' } });
      }
      if (action === 'decide' && !body.granted && !String(body.reasons ?? '').trim()) {
        return reply(422, { statusCode: 422, code: 'REASONS_REQUIRED', message: { zh: '不予许可决定必须说明理由（行政许可法第三十八条）。', en: 'A denial must state its reasons (art. 38).' } });
      }
      await new Promise((r) => setTimeout(r, 300)); // long enough to see the busy state
      advance(c, user, action, body);
      return reply(200, detail(user, c));
    }
  }

  return fail(res, 404, 'NOT_FOUND', '接口不存在。', 'No such endpoint.');
}

function serveStatic(req, res, url) {
  let file = normalize(join(ROOT, decodeURIComponent(url.pathname)));
  if (!file.startsWith(ROOT) || !existsSync(file) || statSync(file).isDirectory()) file = join(ROOT, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    return res.end('ui/build is missing: run `cd ui && npx vite build` first.');
  }
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'cache-control': file.includes('/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(file).pipe(res);
}

createServer((req, res) => {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
    handleApi(req, res, url).catch((error) => {
      console.error(error);
      if (!res.headersSent) fail(res, 500, 'INTERNAL', '服务器内部错误。', 'Internal server error.');
    });
  } else serveStatic(req, res, url);
}).listen(PORT, () => console.log(`stub API and ui/build on http://localhost:${PORT}`));
