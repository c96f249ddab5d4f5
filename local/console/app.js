// Console entry: tabs, engine badges, and the three tools.
import { consoleConfig, el } from './api.js';
import { initCalls } from './calls.js';
import { initKakao } from './kakao.js';
import { initOps, showCallbacksFor, showOps } from './ops.js';

const ENGINE_LABEL = { offline: '오프라인', bedrock: 'Bedrock', lex: 'Lex V2', upstage: 'Upstage' };

function showTab(id, refresh = true) {
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const selected = tab.id === id;
    tab.setAttribute('aria-selected', String(selected));
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !selected;
  }
  if (id === 'tab-ops' && refresh) showOps();
  location.hash = id.replace('tab-', '');
}

async function main() {
  for (const tab of document.querySelectorAll('[role="tab"]')) tab.addEventListener('click', () => showTab(tab.id));
  const config = await consoleConfig();
  initOps(config);
  initKakao();
  // The call simulator's "booked callback" links to the operations view of that day.
  document.addEventListener('aicc:show-callbacks', (event) => {
    showTab('tab-ops', false);
    showCallbacksFor(event.detail.day);
  });
  const { nlu, coaching } = config.engines;
  document.getElementById('engines').replaceChildren(
    el('span', { class: `badge${nlu.engine === 'offline' ? '' : ' remote'}`, title: nlu.detail }, `대화 이해: ${ENGINE_LABEL[nlu.engine] ?? nlu.engine}`),
    el('span', { class: `badge${coaching.engine === 'offline' ? '' : ' remote'}`, title: coaching.detail }, `코칭: ${ENGINE_LABEL[coaching.engine] ?? coaching.engine}`),
    el('span', { class: 'badge', title: config.dataDir ?? '' }, config.dataDir ? '데이터: 디스크에 저장' : '데이터: 메모리 (종료 시 삭제)'),
  );
  await initCalls();
  const initial = `tab-${location.hash.slice(1)}`;
  if (document.getElementById(initial)?.getAttribute('role') === 'tab') showTab(initial);
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  document.body.prepend(el('div', { class: 'error', role: 'alert' }, `콘솔을 시작하지 못했습니다: ${error.message}`));
});
