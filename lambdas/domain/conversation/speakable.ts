/**
 * Text for Polly and for Connect's `responseText`: no emoji, no markdown, no symbols a voice
 * would read literally. Times like 09:00–18:00 are rewritten in words.
 */
/** Pictographs plus the joiners and variation selectors that glue them (each removed on its own). */
const EMOJI = /\p{Extended_Pictographic}|\u{FE0F}|\u{200D}|\u{20E3}/gu;

const hourWords = (h: number, m: number): string => {
  const period = h < 12 ? '오전' : '오후';
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${period} ${h12}시${m ? ` ${m}분` : ''}`;
};

export const stripMarkup = (text: string): string =>
  text
    .replace(EMOJI, '')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/^\s*>+\s?/gm, '')
    .replace(/^\s*#+\s*/gm, '')
    .replace(/\*\*([^*\n]+)\*\*|__([^_\n]+)__|`([^`\n]+)`/g, (_m, a?: string, b?: string, c?: string) => a ?? b ?? c ?? '')
    .replace(/(^|\s)\*(\S[^*\n]*\S|\S)\*(?=\s|$)/g, '$1$2')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();

export const toSpeakable = (text: string): string =>
  stripMarkup(text)
    // A masked number is read as its ends: "010으로 시작해 7890으로 끝나는 번호".
    .replace(/(\d{2,3})-\*{3,4}-(\d{4})/g, '$1으로 시작해 $2로 끝나는 번호')
    .replace(/\*+/g, '')
    .replace(/\b([01]?\d|2[0-3]):([0-5]\d)\s*[–~-]\s*([01]?\d|2[0-4]):([0-5]\d)\b/g, (_m, h1: string, m1: string, h2: string, m2: string) =>
      `${hourWords(Number(h1), Number(m1))}부터 ${hourWords(Number(h2), Number(m2))}까지`,
    )
    .replace(/\b([01]?\d|2[0-3]):([0-5]\d)\b/g, (_m, h: string, m: string) => hourWords(Number(h), Number(m)))
    .replace(/(\d+)\s*[–~]\s*(\d+)/g, '$1에서 $2')
    .replace(/\s*>\s*/g, ', ')
    .replace(/[·•]/g, ', ')
    .replace(/['"“”‘’()[\]{}]/g, '')
    .replace(/\n+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Cuts at a sentence end when possible so a capped answer never stops mid-word. */
export const capText = (text: string, max: number): string => {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('요. '), cut.lastIndexOf('\n'));
  return `${end > max * 0.6 ? cut.slice(0, end + 1) : cut}…`.trim();
};
