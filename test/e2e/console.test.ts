import type { Page } from 'playwright-core';
import { startRuntime, type Runtime } from '../../local/runtime';
import { launchBrowser, screenshot, type Browser } from './browser';

/**
 * The web console in real headless Chromium against the real local runtime (in-memory store, real
 * handlers, offline engines): what a person evaluating the product would click through.
 */
// The few DOM calls the page functions below make (they run in the browser, not in node).
interface DomNode {
  readonly textContent: string | null;
}
declare const document: {
  querySelectorAll(selector: string): { readonly length: number };
  querySelector(selector: string): DomNode | null;
  getElementById(id: string): DomNode | null;
};

let runtime: Runtime;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  runtime = await startRuntime({ inMemory: true, port: 0, callbackDispatchIntervalMs: 0 });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

beforeEach(async () => {
  page = await browser.newPage();
  await page.goto(`${runtime.url}/`);
  await page.waitForSelector('body[data-ready="true"]');
});
afterEach(async () => {
  await page?.close();
});

const botBubbles = () => page.locator('#kakao-chat li.bot .bubble, #kakao-chat li.bot .kcard');

/** Sends a chat message and waits for the bot's answer (a new bot item after it). */
const say = async (text: string) => {
  const before = await botBubbles().count();
  await page.fill('#kakao-input', text);
  await page.click('#kakao-form button[type="submit"]');
  await page.waitForFunction((n) => document.querySelectorAll('#kakao-chat li.bot .bubble:not(.waiting), #kakao-chat li.bot .kcard').length > n, before);
};

const startCall = async (caller: string, preset: string, channel: 'VOICE' | 'CHAT' = 'VOICE') => {
  await page.click('#tab-calls');
  await page.click(`#call-callers button[data-caller="${caller}"]`);
  await page.click(`#call-channel button[data-channel="${channel}"]`);
  await page.click(`#call-clock button[data-preset="${preset}"]`);
  await page.click('#call-start');
  await page.waitForSelector('#call-status.awaiting');
};

/** Closed: 1 = book a callback, then 1 = as soon as possible (each key sent after the inter-digit pause). */
const bookCallbackOnKeypad = async () => {
  await page.click('#call-keypad button[data-key="1"]');
  await page.waitForFunction(() => document.querySelector('#call-transcript')?.textContent?.includes('원하시는 통화 시간을 선택해 주세요'));
  await page.waitForSelector('#call-status.awaiting');
  await page.click('#call-keypad button[data-key="1"]');
};

describe('KakaoTalk simulator', () => {
  it('coaching bot: user-type selection by quick reply, then two turns of conversation', async () => {
    await say('안녕하세요');
    const quick = page.locator('#kakao-quick button');
    await expect(quick.allTextContents()).resolves.toEqual(expect.arrayContaining(['교사', '학생', '일반인']));
    await page.click('#kakao-quick button:has-text("교사")');
    await page.waitForFunction(() => document.querySelector('#kakao-chat')?.textContent?.includes('교사로 등록되었습니다'));
    await expect(page.locator('#kakao-chat li.user .bubble').last().textContent()).resolves.toBe('교사');

    const before = await botBubbles().count();
    await say('요즘 학생들이 수업 시간에 너무 떠들어서 수업 진행이 힘들어요');
    const first = await botBubbles().last().textContent();
    await say('규칙을 정해도 잘 지켜지지 않아요. 어떻게 하면 좋을까요?');
    const second = await botBubbles().last().textContent();
    expect(await botBubbles().count()).toBeGreaterThanOrEqual(before + 2);
    expect(first?.trim().length).toBeGreaterThan(10);
    expect(second?.trim().length).toBeGreaterThan(10);
    await screenshot(page, 'kakao-coaching-two-turns');
  }, 60_000);

  it('service bot answers an FAQ as a card with quick replies, in its own conversation', async () => {
    await page.click('#kakao-profiles button[data-profile="service"]');
    await say('배송 조회하고 싶어요');
    // The FAQ answer comes as a card, with quick replies to go on.
    await expect(page.locator('#kakao-chat .kcard .title').last().textContent()).resolves.toContain('배송 조회');
    await expect(page.locator('#kakao-quick button').allTextContents()).resolves.toContain('상담원 연결');
    await screenshot(page, 'kakao-service');
  }, 60_000);
});

describe('call simulator', () => {
  it('a VIP calling in hours who asks for an agent is queued to the VIP queue at top priority', async () => {
    await startCall('vip', 'in-hours');
    await expect(page.locator('#call-transcript li.prompt').allTextContents()).resolves.toContain('김민수 고객님, 다시 찾아 주셔서 감사합니다.');
    await page.fill('#call-input', '상담원 연결해 주세요');
    await page.click('#call-say');
    const outcome = page.locator('#call-outcome [data-outcome="queued"]');
    await outcome.waitFor();
    await expect(outcome.getAttribute('data-queue')).resolves.toBe('vip');
    await expect(outcome.textContent()).resolves.toContain('AICC-VIP');
    await expect(outcome.textContent()).resolves.toContain('우선순위 1');
    await expect(page.locator('#call-attributes').textContent()).resolves.toContain('C-1001');
    await expect(page.locator('#call-path li').allTextContents()).resolves.toContain('transfer-to-queue');
    await screenshot(page, 'call-vip-escalation');
  }, 60_000);

  it('after hours the caller books a callback on the keypad', async () => {
    await startCall('regular', 'after-hours');
    await bookCallbackOnKeypad();
    await page.locator('#call-outcome [data-outcome="callback"]').waitFor();
    await expect(page.locator('#call-transcript').textContent()).resolves.toContain('콜백 예약이 완료되었습니다');
    await screenshot(page, 'call-after-hours-callback');
  }, 60_000);

  it('an after-hours callback then appears in the operations view, and can be cancelled', async () => {
    await startCall('regular', 'after-hours');
    await bookCallbackOnKeypad();
    const booked = page.locator('#call-outcome [data-outcome="callback"]');
    await booked.waitFor();
    const callbackId = (await booked.getAttribute('data-callback-id')) ?? '';
    expect(callbackId).not.toBe('');
    await page.click('#call-open-callback');
    const row = page.locator(`#ops-view tr[data-id="${callbackId}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('대기');
    await expect(row.textContent()).resolves.toContain('010-****');
    page.once('dialog', (dialog) => void dialog.accept());
    await row.locator('button.danger').click();
    await page.locator(`#ops-view tr[data-id="${callbackId}"] .status.CANCELLED`).waitFor();
    await screenshot(page, 'ops-callback-cancelled');
  }, 60_000);

  it('an FAQ edited in the console is answered differently afterwards', async () => {
    const ask = async () => {
      await startCall('unknown', 'in-hours', 'CHAT');
      await page.fill('#call-input', '고객센터 운영시간이 어떻게 되나요?');
      await page.click('#call-say');
      await page.waitForFunction(() => document.querySelectorAll('#call-transcript li.prompt').length > 2);
      return (await page.locator('#call-transcript li.prompt').allTextContents()).join('\n');
    };
    const before = await ask();
    await page.click('#tab-ops');
    await page.click('#ops-tabs button[data-view="faq"]');
    await page.click('#ops-view tr[data-id="faq-business-hours"]');
    await page.fill('#faq-editor textarea[name="answer"]', '상담 시간은 평일 오전 8시부터 오후 8시까지로 늘었습니다.');
    await page.click('#faq-save');
    await page.waitForFunction(() => document.getElementById('ops-message')?.textContent?.includes('저장했습니다'));
    const after = await ask();
    expect(before).not.toContain('오전 8시부터 오후 8시까지');
    expect(after).toContain('오전 8시부터 오후 8시까지');
    await screenshot(page, 'faq-edited-answer');
  }, 90_000);
});
