// Call simulator: drives POST /local/calls (the flow simulator with the real Lambdas) one caller move
// at a time, and shows prompts as played, attributes, the path through the flow and the outcome.
import { consoleConfig, el, getJson, postJson, seoulDateTime } from './api.js';

const $ = (id) => document.getElementById(id);

const state = {
  callers: [],
  presets: [],
  caller: 'vip',
  channel: 'VOICE',
  preset: 'in-hours',
  call: undefined,
  busy: false,
  dtmf: '',
  dtmfTimer: undefined,
};

const OUTCOME_TEXT = {
  DISCONNECTED: '통화 종료 (시스템이 끊음)',
  FLOW_ENDED: '흐름 종료',
  CALLER_HUNG_UP: '고객이 전화를 끊음',
  STEP_LIMIT: '흐름이 멈춤 (단계 한도 초과)',
};

function setBusy(busy) {
  state.busy = busy;
  const live = state.call && state.call.status === 'awaiting-input';
  for (const id of ['call-input', 'call-say', 'call-silence', 'call-hangup']) $(id).disabled = busy || !live;
  for (const b of document.querySelectorAll('#call-keypad button')) b.disabled = busy || !live;
  $('call-start').disabled = busy;
}

function transcriptItem(event) {
  switch (event.kind) {
    case 'prompt':
      return el('li', { class: 'prompt', dataset: { action: event.actionId } }, event.text);
    case 'input':
      return el('li', { class: 'input' }, event.text);
    case 'silence':
      return el('li', { class: 'silence' }, '(무응답)');
    case 'lambda':
      return el('li', { class: `lambda${event.ok ? '' : ' failed'}` }, `λ ${event.name} ${event.ok ? '→' : '✗'} ${event.detail}`);
    case 'event':
      return el('li', { class: 'event' }, `· ${event.text}`);
    default:
      return null;
  }
}

async function playEvents(events) {
  const list = $('call-transcript');
  for (const event of events) {
    const item = transcriptItem(event);
    if (!item) continue;
    list.append(item);
    list.scrollTop = list.scrollHeight;
    // Prompts appear one after another, as a caller would hear them.
    if (event.kind === 'prompt') await new Promise((r) => setTimeout(r, 120));
  }
}

async function renderOutcome(call) {
  const box = $('call-outcome');
  const config = await consoleConfig();
  const lines = [];
  let cls = 'outcome';
  if (!call) {
    box.className = cls;
    box.textContent = '통화 전';
    return;
  }
  if (call.status === 'awaiting-input') lines.push(el('div', {}, '통화 중'));
  const o = call.outcome;
  if (o?.kind === 'QUEUED') {
    cls += ' queued';
    const q = config.queues[o.queue];
    lines.push(el('div', { dataset: { outcome: 'queued', queue: o.queue } }, el('strong', {}, `상담원 대기열 연결: ${o.queueName}`), el('div', {}, `${q?.description ?? o.queue} · 우선순위 ${o.priority}`)));
  } else if (o?.kind === 'TRANSFERRED_TO_FLOW') lines.push(el('div', {}, `다른 흐름으로 전환: ${o.flow}`));
  else if (o?.kind === 'ERROR') lines.push(el('div', { class: 'error' }, `시뮬레이터 오류: ${o.message}`));
  else if (o) {
    cls += ' ended';
    lines.push(el('div', { dataset: { outcome: o.kind.toLowerCase() } }, el('strong', {}, OUTCOME_TEXT[o.kind] ?? o.kind)));
  }
  if (call.callback) {
    cls += ' callback';
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date(call.callback.scheduledAt));
    lines.push(
      el(
        'div',
        { dataset: { outcome: 'callback', callbackId: call.callback.callbackId } },
        el('strong', {}, '콜백 예약됨'),
        el('div', {}, `${call.callback.scheduledAtText} (${call.callback.callbackId})`),
        el('button', { type: 'button', class: 'secondary', id: 'call-open-callback', onclick: () => document.dispatchEvent(new CustomEvent('aicc:show-callbacks', { detail: { day } })) }, '운영 화면에서 보기'),
      ),
    );
  }
  box.className = cls;
  box.replaceChildren(...lines);
}

function renderSide(call) {
  $('call-attributes').replaceChildren(...Object.entries(call.attributes ?? {}).map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', {}, v))));
  $('call-path').replaceChildren(...(call.path ?? []).map((p) => el('li', {}, p)));
  $('call-lambdas').replaceChildren(
    ...(call.lambdaCalls ?? []).map((c) =>
      el('li', { class: c.error ? 'failed' : '' }, `${c.name}${c.parameters?.operation ? ` (${c.parameters.operation})` : ''}: ${c.error ? `오류 ${c.error}` : JSON.stringify(c.result ?? {})}`),
    ),
  );
  renderOutcome(call);
  const status = $('call-status');
  if (call.status === 'awaiting-input') {
    status.className = 'call-status awaiting';
    status.textContent =
      call.awaiting?.kind === 'dtmf'
        ? `키패드 입력을 기다리는 중${state.channel === 'CHAT' ? ' (번호를 입력해도 됩니다)' : ''}`
        : state.channel === 'CHAT'
          ? '고객 메시지를 기다리는 중'
          : '고객 발화를 기다리는 중 (입력하면 말한 것으로 처리됩니다)';
  } else {
    status.className = 'call-status';
    status.textContent = `통화 종료 · ${seoulDateTime(call.at)}`;
  }
}

async function apply(call) {
  state.call = call;
  await playEvents(call.events ?? []);
  renderSide(call);
  setBusy(false);
  if (call.status === 'awaiting-input') (call.awaiting?.kind === 'dtmf' ? $('call-keypad').querySelector('button') : $('call-input'))?.focus();
}

async function start() {
  if (state.busy) return;
  clearTimeout(state.dtmfTimer);
  state.dtmf = '';
  $('call-dtmf').textContent = '-';
  $('call-transcript').replaceChildren();
  state.call = undefined;
  renderOutcome(undefined);
  setBusy(true);
  const caller = state.callers.find((c) => c.id === state.caller);
  const custom = $('call-at').value;
  const at = custom ? new Date(`${custom}:00+09:00`).toISOString() : state.presets.find((p) => p.id === state.preset)?.at;
  $('call-status').textContent = '전화를 거는 중…';
  try {
    await apply(
      await postJson('/local/calls', {
        caller: caller?.number ?? null,
        channel: state.channel,
        at,
        ...($('call-queues-full').checked ? { queuesFull: Object.keys((await consoleConfig()).queues) } : {}),
      }),
    );
  } catch (error) {
    $('call-status').textContent = `전화를 걸 수 없습니다: ${error.message}`;
    setBusy(false);
  }
}

async function sendInput(input) {
  if (!state.call || state.busy || state.call.status !== 'awaiting-input') return;
  setBusy(true);
  try {
    await apply(await postJson(`/local/calls/${state.call.callId}/input`, input));
  } catch (error) {
    $('call-status').textContent = `입력을 보낼 수 없습니다: ${error.message}`;
    setBusy(false);
  }
}

function pressKey(key) {
  clearTimeout(state.dtmfTimer);
  state.dtmf += key;
  $('call-dtmf').textContent = state.dtmf;
  const flush = () => {
    const digits = state.dtmf.replace(/#$/, '') || state.dtmf;
    state.dtmf = '';
    $('call-dtmf').textContent = '-';
    sendInput({ dtmf: digits });
  };
  if (key === '#') flush();
  else state.dtmfTimer = setTimeout(flush, 1200);
}

function renderChoices() {
  $('call-callers').replaceChildren(
    ...state.callers.map((c) =>
      el('button', { type: 'button', 'aria-pressed': String(c.id === state.caller), dataset: { caller: c.id }, onclick: () => ((state.caller = c.id), renderChoices()) }, c.label, el('small', {}, `${c.display} · ${c.description}`)),
    ),
  );
  $('call-clock').replaceChildren(
    ...state.presets.map((p) =>
      el(
        'button',
        { type: 'button', 'aria-pressed': String(p.id === state.preset && !$('call-at').value), dataset: { preset: p.id }, onclick: () => (($('call-at').value = ''), (state.preset = p.id), renderChoices()) },
        p.label,
        el('small', {}, p.text),
      ),
    ),
  );
}

export async function initCalls() {
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
  $('call-keypad').replaceChildren(...keys.map((k) => el('button', { type: 'button', dataset: { key: k }, 'aria-label': `키 ${k}`, onclick: () => pressKey(k) }, k)));
  for (const b of document.querySelectorAll('#call-channel button')) {
    b.addEventListener('click', () => {
      state.channel = b.dataset.channel;
      for (const x of document.querySelectorAll('#call-channel button')) x.setAttribute('aria-pressed', String(x === b));
    });
  }
  $('call-at').addEventListener('change', renderChoices);
  $('call-start').addEventListener('click', start);
  $('call-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('call-input').value.trim();
    if (!text) return;
    $('call-input').value = '';
    sendInput({ utterance: text });
  });
  $('call-silence').addEventListener('click', () => sendInput({ silence: true }));
  $('call-hangup').addEventListener('click', () => sendInput({ hangup: true }));
  const [callers, presets] = await Promise.all([getJson('/local/calls/callers'), getJson('/local/calls/clock-presets')]);
  state.callers = callers.callers;
  state.presets = presets.presets;
  renderChoices();
  setBusy(false);
}
