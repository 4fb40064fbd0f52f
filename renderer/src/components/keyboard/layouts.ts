/**
 * Key layouts of the on-screen keyboard, as data.
 *
 * Why our own and not simple-keyboard: the kiosk needs four small layouts, keys that are plain
 * React buttons (so focus, aria labels, test ids and the 64 px target rule are ours to enforce),
 * and no second DOM tree managed outside React. simple-keyboard 3.8.192 measured 11 KB gzip
 * (its modern ESM build; 33 KB for the default one) plus its stylesheet and a React wrapper,
 * most of it options we would override; this folder is 2.8 KB gzip (minified, without React and
 * the message tables).
 *
 * Rows are listed left to right as the physical keys sit: the Arabic PC layout puts ض where Q is
 * on every keyboard sold in the region, in either page direction, so the component lays keys out
 * left to right always.
 */

export type KeyboardLayoutId = 'ar' | 'en' | 'email' | 'numeric';

export type KeySpec =
  /** Types `text` (one character, or two for the lam-alef keys). `label` when it must look different. */
  | { kind: 'char'; text: string; label?: string }
  | { kind: 'shift' }
  | { kind: 'backspace' }
  | { kind: 'clear' }
  | { kind: 'space' }
  | { kind: 'switch-layout' };

export type KeyRow = readonly KeySpec[];

const chars = (keys: string): KeySpec[] => Array.from(keys.split(' ').filter(Boolean), (text) => ({ kind: 'char', text }));

const DIGITS = '1 2 3 4 5 6 7 8 9 0';

/**
 * The standard Arabic (101) PC layout. Base layer: ذ on the key left of 1, then the three letter
 * rows (لا types lam then alef, as the PC key does). Shift layer: the PC's shifted keys: the
 * hamza alef forms إ أ آ and their lam ligatures in their PC positions, tatweel, Arabic
 * punctuation, and the short vowel marks; keys the PC leaves on brackets stay brackets.
 */
const AR_BASE: readonly KeyRow[] = [
  [...chars(`ذ ${DIGITS}`), { kind: 'backspace' }],
  chars('ض ص ث ق ف غ ع ه خ ح ج د'),
  chars('ش س ي ب ل ا ت ن م ك ط'),
  [{ kind: 'shift' }, ...chars('ئ ء ؤ ر لا ى ة و ز ظ')],
];

/** A combining mark on a dotted circle, so the key shows something a person can see. */
const mark = (text: string): KeySpec => ({ kind: 'char', text, label: `\u25CC${text}` });

const AR_SHIFT: readonly KeyRow[] = [
  // The PC mirrors ( and ) on this layout: shift+9 types ")" which an RTL line shows as "(".
  [mark('\u0651'), ...chars('! @ # $ % ^ & * ) ('), { kind: 'backspace' }],
  [mark('\u064E'), mark('\u064B'), mark('\u064F'), mark('\u064C'), ...chars('لإ إ ‘ ÷ × ؛ < >')],
  [mark('\u0650'), mark('\u064D'), ...chars('] [ لأ أ ـ ، / : "')],
  [{ kind: 'shift' }, { kind: 'char', text: '~' }, mark('\u0652'), ...chars("} { لآ آ ' , . ؟")],
];

const EN_BASE: readonly KeyRow[] = [
  [...chars(DIGITS), { kind: 'backspace' }],
  chars('q w e r t y u i o p'),
  chars('a s d f g h j k l'),
  [{ kind: 'shift' }, ...chars("z x c v b n m - ' .")],
];

const EN_SHIFT: readonly KeyRow[] = [
  // @ and _ for e-mail addresses; the rest as on a PC's shifted digits.
  [...chars('! @ # _ % & * ( ) /'), { kind: 'backspace' }],
  chars('Q W E R T Y U I O P'),
  chars('A S D F G H J K L'),
  [{ kind: 'shift' }, ...chars('Z X C V B N M , ? :')],
];

/**
 * An e-mail address needs "@" and "." on the first layer: a shopper who has to find shift to
 * type "@" gives up. The apostrophe makes room for "@"; "_" stays on shift, as on a phone.
 */
const EMAIL_BASE: readonly KeyRow[] = [...EN_BASE.slice(0, 3), [{ kind: 'shift' }, ...chars('z x c v b n m - @ .')]];

/** Phone order (1 top-left) in both languages: shoppers find digits by position. */
const NUMERIC: readonly KeyRow[] = [chars('1 2 3'), chars('4 5 6'), chars('7 8 9'), [{ kind: 'clear' }, ...chars('0'), { kind: 'backspace' }]];

const TEXT_BOTTOM: KeyRow = [{ kind: 'switch-layout' }, { kind: 'space' }, { kind: 'clear' }];

export function keyRows(layout: KeyboardLayoutId, shifted: boolean): readonly KeyRow[] {
  if (layout === 'numeric') return NUMERIC;
  const latinBase = layout === 'email' ? EMAIL_BASE : EN_BASE;
  const rows = layout === 'ar' ? (shifted ? AR_SHIFT : AR_BASE) : shifted ? EN_SHIFT : latinBase;
  return [...rows, TEXT_BOTTOM];
}

/** Every character a layout can type (both layers), for tests and for validation hints. */
export function layoutCharacters(layout: KeyboardLayoutId): Set<string> {
  const out = new Set<string>();
  for (const shifted of [false, true]) {
    for (const row of keyRows(layout, shifted)) for (const key of row) if (key.kind === 'char') out.add(key.text);
  }
  return out;
}
