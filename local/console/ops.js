// Operations: the supervisors' view over the operations API (/admin, bearer token), plus the calls
// the local callback dispatcher would have placed. Customer text is shown only as the API returns
// it (masked); crisis alerts show categories and times, never what the user wrote.
import { ApiError, el, getJson, request, seoulDateTime, seoulToday } from './api.js';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'aicc.admin.token';

/** The operations API routes the console uses (issue 8: /admin, OpenAPI at /admin/openapi.json). */
export const OPS_API = {
  conversations: (day, cursor) => `/admin/conversations?${new URLSearchParams({ day, limit: '25', ...(cursor ? { cursor } : {}) })}`,
  conversation: (id) => `/admin/conversations/${encodeURIComponent(id)}`,
  callbacks: (day) => `/admin/callbacks?${new URLSearchParams({ day, limit: '200' })}`,
  cancelCallback: (id) => `/admin/callbacks/${encodeURIComponent(id)}/cancel`,
  escalations: (day, cursor) => `/admin/escalations?${new URLSearchParams({ day, limit: '25', ...(cursor ? { cursor } : {}) })}`,
  faqs: (cursor) => `/admin/faq?${new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) })}`,
  createFaq: () => '/admin/faq',
  faq: (id) => `/admin/faq/${encodeURIComponent(id)}`,
  statistics: (from, to) => `/admin/statistics?${new URLSearchParams({ from, to })}`,
};

const STATUS_TEXT = { PENDING: '대기', DIALING: '발신 중', COMPLETED: '완료', FAILED: '실패', CANCELLED: '취소됨' };
const OUTCOME_TEXT = { answered: '답변 완료', escalated: '상담원 연결', callback: '콜백', abandoned: '중단', open: '진행 중', ongoing: '진행 중' };
const CATEGORY_TEXT = { general: '일반', order: '주문', delivery: '배송', payment: '결제', account: '계정', return: '반품·환불' };

const state = { view: 'conversations', defaultToken: '' };

/** The token typed in (or passed as #admin-token=…), else the local runtime's documented default. */
const token = () => sessionStorage.getItem(TOKEN_KEY) || state.defaultToken;
const admin = (method, path, body) => request(method, path, { body, headers: token() ? { authorization: `Bearer ${token()}` } : {} });
const itemsOf = (page, ...keys) => {
  for (const k of ['items', ...keys]) if (Array.isArray(page?.[k])) return page[k];
  return Array.isArray(page) ? page : [];
};
const nextOf = (page) => page?.nextCursor ?? page?.cursor ?? null;
const day = () => $('ops-day').value || seoulToday();
const message = (text, isError = false) => {
  const m = $('ops-message');
  m.textContent = text;
  m.className = isError ? 'hint error' : 'hint';
};

function table(columns, rows, onSelect) {
  if (rows.length === 0) return el('div', { class: 'empty' }, '표시할 항목이 없습니다.');
  return el(
    'table',
    { class: 'list' },
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', {}, c.title)))),
    el(
      'tbody',
      {},
      rows.map((row) =>
        el(
          'tr',
          { class: onSelect ? 'clickable' : undefined, dataset: { id: row.__id ?? '' }, onclick: onSelect ? () => onSelect(row) : undefined },
          columns.map((c) => el('td', {}, c.render(row))),
        ),
      ),
    ),
  );
}

function pager(view, page) {
  const next = nextOf(page);
  if (!next) return null;
  return el('div', { class: 'pager' }, el('button', { type: 'button', class: 'secondary', onclick: () => load(view, next) }, '다음 페이지'));
}

const status = (s) => el('span', { class: `status ${s}` }, STATUS_TEXT[s] ?? s);

async function conversations(cursor) {
  const page = await admin('GET', OPS_API.conversations(day(), cursor));
  const rows = itemsOf(page, 'conversations').map((c) => ({ ...c, __id: c.conversationId }));
  const detail = el('div', { class: 'detail', id: 'ops-detail' });
  const open = async (row) => {
    const d = await admin('GET', OPS_API.conversation(row.conversationId));
    detail.replaceChildren(
      el('h2', {}, `대화 ${d.conversationId} · ${d.channel} · ${OUTCOME_TEXT[d.outcome] ?? d.outcome ?? ''} · ${d.turnCount}턴`),
      el(
        'ol',
        { class: 'turns' },
        (d.turns ?? []).map((t) =>
          el(
            'li',
            {},
            el('div', { class: 'meta' }, `#${t.turn} · ${seoulDateTime(t.at)} · 의도 ${t.intent ?? '-'} · ${t.action ?? ''}${t.faqId ? ` · FAQ ${t.faqId}` : ''}`),
            el('div', {}, el('strong', {}, '고객 '), t.userText ?? ''),
            el('div', {}, el('strong', {}, '봇 '), t.answer ?? ''),
            t.escalation ? el('div', { class: 'meta' }, `상담원 연결: ${t.escalation.queue} · ${t.escalation.reasonCode ?? t.escalation.reason ?? ''} · ${t.escalation.summary ?? ''}`) : null,
          ),
        ),
      ),
    );
  };
  return [
    table(
      [
        { title: '시작', render: (c) => seoulDateTime(c.startedAt) },
        { title: '채널', render: (c) => c.channel ?? '' },
        { title: '고객', render: (c) => c.customerId ?? '미확인' },
        { title: '등급', render: (c) => c.tier ?? '-' },
        { title: '첫 문의', render: (c) => c.firstIntent ?? '-' },
        { title: '처리', render: (c) => c.firstAction ?? '' },
      ],
      rows,
      open,
    ),
    pager('conversations', page),
    detail,
  ];
}

async function callbacks() {
  const page = await admin('GET', OPS_API.callbacks(day()));
  const rows = itemsOf(page, 'callbacks').map((c) => ({ ...c, __id: c.callbackId }));
  const cancel = async (row) => {
    if (!confirm(`콜백 ${row.callbackId}을(를) 취소할까요?`)) return;
    try {
      await admin('POST', OPS_API.cancelCallback(row.callbackId), { operatorId: 'console', detail: '콘솔에서 취소' });
      await load('callbacks');
      message('콜백을 취소했습니다.');
    } catch (error) {
      message(`취소하지 못했습니다: ${error.message}`, true);
    }
  };
  return [
    table(
      [
        { title: '예약 시각', render: (c) => seoulDateTime(c.scheduledAt) },
        { title: '전화번호', render: (c) => c.phoneMasked ?? c.phone ?? c.phoneE164 ?? '' },
        { title: '상태', render: (c) => status(c.status) },
        { title: '시도', render: (c) => `${c.attempts ?? 0}${c.maxAttempts ? ` / ${c.maxAttempts}` : ''}` },
        { title: '출처', render: (c) => c.source ?? '' },
        { title: '사유', render: (c) => c.reason ?? '' },
        { title: '최근 결과', render: (c) => c.lastOutcome ?? '-' },
        {
          title: '',
          render: (c) => (['PENDING', 'DIALING'].includes(c.status) ? el('button', { type: 'button', class: 'danger', onclick: (e) => (e.stopPropagation(), cancel(c)) }, '취소') : ''),
        },
      ],
      rows,
    ),
    page.truncated ? el('p', { class: 'hint' }, '목록이 200건에서 잘렸습니다.') : null,
  ];
}

async function escalations(cursor) {
  const page = await admin('GET', OPS_API.escalations(day(), cursor));
  const rows = itemsOf(page, 'escalations');
  return [
    table(
      [
        { title: '시각', render: (e) => seoulDateTime(e.at ?? e.escalatedAt) },
        { title: '대기열', render: (e) => e.queue ?? '' },
        { title: '우선순위', render: (e) => String(e.priority ?? '') },
        { title: '사유', render: (e) => e.reasonCode ?? e.reason ?? '' },
        { title: '요약', render: (e) => e.summary ?? '' },
        { title: '대화', render: (e) => e.conversationId ?? '' },
      ],
      rows,
    ),
    pager('escalations', page),
  ];
}

function faqEditor(entry, onSaved) {
  const form = el('form', { class: 'faq-editor', id: 'faq-editor' });
  const category = el('select', { name: 'category' }, Object.entries(CATEGORY_TEXT).map(([k, v]) => el('option', { value: k, selected: entry?.category === k }, v)));
  const question = el('input', { name: 'question', value: entry?.question ?? '', required: true, 'aria-label': '질문' });
  const answer = el('textarea', { name: 'answer', required: true, 'aria-label': '답변' }, entry?.answer ?? '');
  const spoken = el('textarea', { name: 'spokenAnswer', 'aria-label': '음성 답변' }, entry?.spokenAnswer ?? '');
  const paraphrases = el('textarea', { name: 'paraphrases', 'aria-label': '다른 표현' }, (entry?.paraphrases ?? []).join('\n'));
  const keywords = el('input', { name: 'keywords', value: (entry?.keywords ?? []).join(', '), 'aria-label': '키워드' });
  form.append(
    el('h2', {}, entry ? `FAQ 수정 · ${entry.faqId} (버전 ${entry.version})` : '새 FAQ'),
    el('label', { class: 'field' }, '분류', category),
    el('label', { class: 'field' }, '질문', question),
    el('label', { class: 'field' }, '답변 (채팅·카카오)', answer),
    el('label', { class: 'field' }, '음성 답변 (비우면 답변을 읽어 줍니다)', spoken),
    el('label', { class: 'field' }, '다른 표현 (한 줄에 하나)', paraphrases),
    el('label', { class: 'field' }, '키워드 (쉼표로 구분)', keywords),
    el(
      'div',
      { class: 'row' },
      el('button', { type: 'submit', class: 'secondary', id: 'faq-save' }, '저장'),
      entry ? el('button', { type: 'button', class: 'danger', onclick: () => remove() }, '삭제') : null,
    ),
  );
  const body = () => ({
    category: category.value,
    question: question.value.trim(),
    answer: answer.value.trim(),
    ...(spoken.value.trim() ? { spokenAnswer: spoken.value.trim() } : {}),
    paraphrases: paraphrases.value.split('\n').map((s) => s.trim()).filter(Boolean),
    keywords: keywords.value.split(',').map((s) => s.trim()).filter(Boolean),
    ...(entry ? { version: entry.version } : {}),
  });
  const remove = async () => {
    if (!confirm('이 FAQ를 삭제할까요? 봇이 더 이상 답하지 않습니다.')) return;
    try {
      await admin('DELETE', `${OPS_API.faq(entry.faqId)}?version=${entry.version}`);
      await onSaved();
      message('FAQ를 삭제했습니다.');
    } catch (error) {
      message(`삭제하지 못했습니다: ${error.message}`, true);
    }
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      if (entry) await admin('PUT', OPS_API.faq(entry.faqId), body());
      else await admin('POST', OPS_API.createFaq(), body());
      await onSaved();
      message('FAQ를 저장했습니다. 봇이 바로 새 답변을 사용합니다.');
    } catch (error) {
      message(error instanceof ApiError && error.status === 409 ? '다른 사람이 먼저 수정했습니다. 새로고침 후 다시 수정해 주세요.' : `저장하지 못했습니다: ${error.message}`, true);
    }
  });
  return form;
}

async function faq(cursor) {
  const page = await admin('GET', OPS_API.faqs(cursor));
  const rows = itemsOf(page, 'faqs', 'entries').map((f) => ({ ...f, __id: f.faqId }));
  const editorBox = el('div', { id: 'faq-editor-box' });
  const reload = () => load('faq');
  const edit = async (row) => {
    const entry = await admin('GET', OPS_API.faq(row.faqId));
    editorBox.replaceChildren(faqEditor(entry.item ?? entry, reload));
  };
  return [
    el('div', { class: 'row' }, el('button', { type: 'button', class: 'secondary', id: 'faq-new', onclick: () => editorBox.replaceChildren(faqEditor(undefined, reload)) }, '새 FAQ')),
    table(
      [
        { title: 'ID', render: (f) => f.faqId },
        { title: '분류', render: (f) => CATEGORY_TEXT[f.category] ?? f.category },
        { title: '질문', render: (f) => f.question },
        { title: '답변', render: (f) => f.answer },
        { title: '버전', render: (f) => String(f.version ?? '') },
      ],
      rows,
      edit,
    ),
    pager('faq', page),
    editorBox,
  ];
}

const shiftDay = (dayKey, days) => new Date(Date.parse(`${dayKey}T12:00:00+09:00`) + days * 86_400_000).toISOString().slice(0, 10);

async function crisis() {
  // The week up to the chosen day: counts only (the statistics never hold what anyone wrote).
  const to = day();
  const stats = await admin('GET', OPS_API.statistics(shiftDay(to, -6), to));
  const rows = (stats.days ?? []).filter((d) => (d.total?.crisisDetections ?? 0) > 0).reverse();
  return [
    el('p', { class: 'hint' }, '코칭 봇이 위기 신호(자해·자살·폭력 등)를 감지해 상담 기관 안내(109, 1388 등)를 보낸 건수입니다. 사용자가 쓴 내용은 표시하지 않습니다.'),
    table(
      [
        { title: '날짜', render: (d) => d.day },
        { title: '위기 감지', render: (d) => `${d.total.crisisDetections}건` },
        { title: '카카오 대화', render: (d) => String(d.channels?.KAKAO?.conversations ?? 0) },
        { title: '조치', render: () => '상담 기관 안내 발송, 세션에 표시' },
      ],
      rows,
    ),
  ];
}

async function dialer() {
  const { calls } = await getJson('/local/callbacks/outbound-calls');
  return [
    el('p', { class: 'hint' }, '로컬 콜백 발신기는 실제로 전화를 걸지 않고, 걸었을 전화를 기록합니다.'),
    table(
      [
        { title: '콜백', render: (c) => c.callbackId ?? '' },
        { title: '시도', render: (c) => String(c.attempt ?? '') },
        { title: '전화번호', render: (c) => c.destinationMasked ?? '' },
        { title: '연락 ID', render: (c) => c.contactId ?? '' },
        { title: '시각', render: (c) => seoulDateTime(c.at) },
      ],
      [...calls].reverse(),
    ),
  ];
}

const VIEWS = { conversations, callbacks, escalations, faq, crisis, dialer };

async function load(view = state.view, cursor) {
  state.view = view;
  for (const b of document.querySelectorAll('#ops-tabs button')) b.setAttribute('aria-pressed', String(b.dataset.view === view));
  const box = $('ops-view');
  message('불러오는 중…');
  try {
    const nodes = await VIEWS[view](cursor);
    box.replaceChildren(...nodes.filter(Boolean));
    box.dataset.view = view;
    message('');
  } catch (error) {
    box.replaceChildren();
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) message('운영 API 토큰이 없거나 맞지 않습니다. 위에 토큰을 입력해 주세요.', true);
    else if (error instanceof ApiError && error.status === 404) message('운영 API가 아직 이 런타임에 없습니다.', true);
    else message(`불러오지 못했습니다: ${error.message}`, true);
  }
}

export function initOps(config) {
  state.defaultToken = config?.admin?.token ?? '';
  // A token in the URL fragment (#admin-token=…) is taken once and removed from the address bar.
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('admin-token')) {
    sessionStorage.setItem(TOKEN_KEY, fragment.get('admin-token'));
    history.replaceState(null, '', location.pathname);
  }
  $('ops-token').value = token();
  $('ops-day').value = seoulToday();
  $('ops-token-save').addEventListener('click', () => {
    sessionStorage.setItem(TOKEN_KEY, $('ops-token').value.trim());
    load();
  });
  for (const b of document.querySelectorAll('#ops-tabs button')) b.addEventListener('click', () => load(b.dataset.view));
  $('ops-refresh').addEventListener('click', () => load());
  $('ops-day').addEventListener('change', () => load());
}

export const showOps = () => load();

/** Opens the callbacks of a Seoul day (from the call simulator's "booked" outcome). */
export const showCallbacksFor = (dayKey) => {
  $('ops-day').value = dayKey;
  return load('callbacks');
};
