// KakaoTalk simulator: sends skill requests exactly as Kakao i OpenBuilder does (with a one-time
// callback URL from the local sink) and renders the SkillResponse: bubbles, cards, quick replies,
// the waiting bubble of a deferred answer and the callback that completes it.
import { consoleConfig, el, getJson, postJson, request } from './api.js';

const PROFILES = {
  coaching: { title: '코칭 봇', hint: '교사·학부모·학생을 위한 코칭 대화. 먼저 사용자 유형을 고르고 고민을 이야기해 보세요.' },
  service: { title: '고객센터 봇', hint: '주문·배송·환불 등 고객센터 문의. 상담원 연결과 콜백 안내도 해 줍니다.' },
};

const state = {
  profile: 'coaching',
  logs: { coaching: [], service: [] },
  quick: { coaching: [], service: [] },
  busy: false,
};

const userIdFor = (profile) => {
  const key = `aicc.kakao.user.${profile}`;
  let id = sessionStorage.getItem(key);
  if (!id) {
    id = `console-${profile}-${crypto.randomUUID().slice(0, 12)}`;
    sessionStorage.setItem(key, id);
  }
  return id;
};

const $ = (id) => document.getElementById(id);

function skillRequest(profile, utterance, callbackUrl) {
  return {
    intent: { id: 'console-fallback', name: '폴백 블록' },
    userRequest: {
      timezone: 'Asia/Seoul',
      lang: 'ko',
      utterance,
      ...(callbackUrl ? { callbackUrl } : {}),
      block: { id: 'console-block', name: '스킬 블록' },
      user: { id: userIdFor(profile), type: 'botUserKey', properties: {} },
    },
    bot: { id: `console-${profile}`, name: PROFILES[profile].title },
    action: { id: 'console-action', name: 'skill', params: {}, detailParams: {}, clientExtra: {} },
    contexts: [],
  };
}

/** One rendered item of the chat: { who: 'user'|'bot', node }. */
function botItem(node) {
  return el('li', { class: 'bot' }, el('div', { class: 'sender' }, PROFILES[state.profile].title), node);
}

function renderOutputs(response) {
  const items = [];
  for (const output of response.template?.outputs ?? []) {
    if (output.simpleText) items.push(el('div', { class: 'bubble' }, output.simpleText.text));
    else if (output.textCard) {
      const card = output.textCard;
      items.push(
        el(
          'div',
          { class: 'kcard' },
          card.title ? el('div', { class: 'title' }, card.title) : null,
          card.description ? el('div', { class: 'desc' }, card.description) : null,
          card.buttons?.length
            ? el(
                'div',
                { class: 'buttons' },
                card.buttons.map((b) => el('button', { type: 'button', onclick: () => cardButton(b) }, b.label)),
              )
            : null,
        ),
      );
    }
  }
  return items;
}

function cardButton(button) {
  if (button.action === 'webLink' && button.webLinkUrl) window.open(button.webLinkUrl, '_blank', 'noopener');
  else if (button.action === 'phone' && button.phoneNumber) alert(`전화 걸기: ${button.phoneNumber}`);
  else if (button.action === 'operator') appendBot(el('div', { class: 'bubble' }, '(상담원 연결 요청: 카카오 상담톡으로 전환됩니다)'));
  else send(button.messageText ?? button.label);
}

function appendUser(text) {
  const node = el('li', { class: 'user' }, el('div', { class: 'bubble' }, text));
  state.logs[state.profile].push(node);
  $('kakao-chat').append(node);
  scroll();
}

function appendBot(node) {
  const item = botItem(node);
  state.logs[state.profile].push(item);
  $('kakao-chat').append(item);
  scroll();
  return item;
}

const scroll = () => {
  const chat = $('kakao-chat');
  chat.scrollTop = chat.scrollHeight;
};

function showQuickReplies(list) {
  state.quick[state.profile] = list;
  const box = $('kakao-quick');
  box.replaceChildren(...list.map((q) => el('button', { type: 'button', onclick: () => send(q.messageText ?? q.label) }, q.label)));
}

function renderResponse(response) {
  for (const node of renderOutputs(response)) appendBot(node);
  showQuickReplies(response.template?.quickReplies ?? []);
}

async function waitForCallback(token, waitingItem) {
  for (let i = 0; i < 6; i++) {
    const result = await getJson(`/local/kakao-callbacks/${token}?wait=25`);
    if (result.status === 'DELIVERED') {
      waitingItem.querySelector('.bubble')?.classList.remove('waiting');
      renderResponse(result.body);
      return;
    }
    if (result.status !== 'PENDING') break;
  }
  appendBot(el('div', { class: 'bubble error' }, '답변이 도착하지 않았습니다. 다시 말씀해 주세요.'));
}

async function send(text) {
  const utterance = String(text ?? '').trim();
  if (!utterance || state.busy) return;
  state.busy = true;
  $('kakao-input').value = '';
  showQuickReplies([]);
  appendUser(utterance);
  const profile = state.profile;
  try {
    const config = await consoleConfig();
    const { token, callbackUrl } = await postJson('/local/kakao-callbacks');
    const response = await request('POST', `/kakao/${profile}`, {
      body: skillRequest(profile, utterance, callbackUrl),
      headers: { [config.kakao.secretHeader]: config.kakao.secret },
    });
    if (profile !== state.profile) return;
    if (response.useCallback) {
      const waiting = appendBot(el('div', { class: 'bubble waiting' }, response.data?.text ?? '답변을 준비하고 있어요.'));
      await waitForCallback(token, waiting);
    } else renderResponse(response);
  } catch (error) {
    appendBot(el('div', { class: 'bubble error' }, `오류: ${error.message}`));
  } finally {
    state.busy = false;
    $('kakao-input').focus();
  }
}

function selectProfile(profile) {
  state.profile = profile;
  for (const b of document.querySelectorAll('#kakao-profiles button')) b.setAttribute('aria-pressed', String(b.dataset.profile === profile));
  $('kakao-title').textContent = PROFILES[profile].title;
  $('kakao-profile-hint').textContent = PROFILES[profile].hint;
  $('kakao-user-id').textContent = userIdFor(profile);
  $('kakao-chat').replaceChildren(...state.logs[profile]);
  showQuickReplies(state.quick[profile]);
  if (state.logs[profile].length === 0) appendBot(el('div', { class: 'bubble' }, '메시지를 보내 대화를 시작해 보세요. (예: 안녕하세요)'));
}

export function initKakao() {
  for (const b of document.querySelectorAll('#kakao-profiles button')) b.addEventListener('click', () => selectProfile(b.dataset.profile));
  $('kakao-form').addEventListener('submit', (event) => {
    event.preventDefault();
    send($('kakao-input').value);
  });
  $('kakao-new-user').addEventListener('click', () => {
    sessionStorage.removeItem(`aicc.kakao.user.${state.profile}`);
    state.logs[state.profile] = [];
    state.quick[state.profile] = [];
    selectProfile(state.profile);
  });
  selectProfile('coaching');
}
