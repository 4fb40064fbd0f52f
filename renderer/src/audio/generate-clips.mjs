/**
 * Makes the audio guidance clips: one Ogg Opus file per clip key and language, spoken by
 * espeak-ng from the very text the screen shows (renderer/src/i18n), so there is no cloud speech
 * service and nothing to keep in step by hand. Run after changing a spoken message:
 *
 *   node --import tsx renderer/src/audio/generate-clips.mjs
 *
 * Needs `espeak-ng` and `opus-tools` (apt). Writes renderer/public/audio/<lang>/<key>.ogg and
 * renderer/src/audio/clips-manifest.json (the text each file was made from; a unit test compares
 * it with the current messages). Not part of the renderer bundle: nothing imports this file.
 *
 * espeak-ng guesses the short vowels of unvocalised Arabic, often wrongly (تمت comes out as
 * "tmt"), so each Arabic clip is spoken from a copy of the screen text with vowel marks where
 * they help. Not everywhere: espeak-ng mishandles shadda and the -iyya ending when they are
 * marked (العملية, البنكية, الرقم read better bare), so those words stay bare; the choice was made
 * word by word from `espeak-ng -v ar -x`. The copy must match the screen text letter for letter
 * once the marks are removed, or generation stops.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ar } from '../i18n/ar.ts';
import { en } from '../i18n/en.ts';
import { CLIP_KEYS } from './clips.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const publicAudio = join(here, '..', '..', 'public', 'audio');

/** Vocalised Arabic for the speech engine only; the screen keeps the plain spelling. */
const SPOKEN_AR = {
  'attract.title': 'أَدْخِلْ بِطَاقَتَكَ الشخصية',
  'reading.title': 'جَارٍ قِرَاءَةُ البطاقة',
  'pin.title': 'أَدْخِلِ الرقم السري لِبِطَاقَتِكَ الشخصية',
  'welcome.choose': 'اِخْتَرِ الْخِدْمَةَ',
  'form.instruction': 'أَدْخِلِ الْبَيَانَاتِ الْمَطْلُوبَةَ',
  'beneficiary.title': 'لِمَنْ هٰذِهِ الْخِدْمَةُ؟',
  'permit.title': 'صَلَاحِيَةُ الْإِقَامَةِ',
  'visa.title': 'تَأْشِيرَةُ الزَّائِرِ',
  'residency.title': 'الْإِقَامَةُ الدَّائِمَةُ',
  'fines.instruction': 'اِخْتَرِ الْمُخَالَفَاتِ التي تُرِيدُ سَدَادَهَا',
  'claims.instruction': 'اِخْتَرِ الْمُطَالَبَاتِ التي تُرِيدُ سَدَادَهَا',
  'confirm.title': 'تَأْكِيدُ الدَّفْعِ',
  'paying.title': 'الدَّفْعُ بالبطاقة البنكية',
  'requests.title': 'طَلَبَاتِي',
  'goodbye.title': 'يُرْجَى سَحْبُ بِطَاقَتِكَ',
  'error.title': 'عُذْرًا، تَعَذَّرَ إِكْمَالُ طَلَبِكَ',
  'prompt.insert-card': 'أَدْخِلْ بِطَاقَتَكَ البنكية أَوْ قَرِّبْهَا مِنْ جِهَازِ الدَّفْعِ',
  'prompt.enter-pin': 'أَدْخِلِ الرقم السري لِبِطَاقَتِكَ البنكية عَلَى جِهَازِ الدَّفْعِ',
  'prompt.wrong-pin': 'الرقم السري لِبِطَاقَتِكَ البنكية غَيْرُ صَحِيحٍ، يُرْجَى المحاولة مرة أخرى',
  'prompt.processing': 'جَارٍ مُعَالَجَةُ الدَّفْعِ',
  'prompt.waiting-for-host': 'جَارٍ الاِتِّصَالُ بالبنك',
  'prompt.remove-card': 'اِسْحَبْ بِطَاقَتَكَ البنكية مِنْ جِهَازِ الدَّفْعِ',
  'prompt.card-not-readable': 'تَعَذَّرَتْ قِرَاءَةُ البطاقة البنكية، يُرْجَى المحاولة مرة أخرى',
  'prompt.please-wait': 'يُرْجَى الاِنْتِظَارُ',
  'result.approved': 'تَمَّ الدَّفْعُ بِنَجَاحٍ',
  'result.declined': 'رُفِضَتْ عملية الدَّفْعِ',
  'result.aborted': 'أُلْغِيَتْ عملية الدَّفْعِ',
  'result.failed': 'تَعَذَّرَ إِتْمَامُ عملية الدَّفْعِ',
  'result.pending': 'جَارٍ إِتْمَامُ العملية',
  'timeout.title': 'هَلْ مَا زِلْتَ هُنَا؟',
  'tech.pin.title': 'دُخُولُ الفني',
  'tech.title': 'وَضْعُ التشخيص',
  'oos.title': 'الْجِهَازُ خَارِجَ الْخِدْمَةِ مؤقتًا',
};

/** Vowel marks, shadda, sukun, superscript alef; and the wasla form of alef back to plain alef. */
const bare = (text) => text.replace(/[\u064B-\u0652\u0670]/g, '').replace(/\u0671/g, 'ا');

const VOICES = {
  // Slower than espeak's default 175 words a minute: many shoppers are elderly, none in a hurry.
  ar: { voice: 'ar', speed: '135', text: (key) => spokenArabic(key) },
  en: { voice: 'en-gb', speed: '150', text: (key) => en[key] },
};

function spokenArabic(key) {
  const spoken = SPOKEN_AR[key];
  if (!spoken) throw new Error(`no vocalised Arabic for clip "${key}": add it to SPOKEN_AR`);
  if (bare(spoken) !== bare(ar[key])) {
    throw new Error(`vocalised Arabic for "${key}" no longer matches the screen text "${ar[key]}": update SPOKEN_AR`);
  }
  return spoken;
}

const work = mkdtempSync(join(tmpdir(), 'kiosk-clips-'));
const manifest = { generator: execFileSync('espeak-ng', ['--version']).toString().trim(), clips: { ar: {}, en: {} } };
try {
  for (const [lang, { voice, speed, text }] of Object.entries(VOICES)) {
    const out = join(publicAudio, lang);
    mkdirSync(out, { recursive: true });
    for (const key of CLIP_KEYS) {
      const wav = join(work, `${lang}-${key}.wav`);
      execFileSync('espeak-ng', ['-v', voice, '-s', speed, '-w', wav, text(key)]);
      // Mono speech at 16 kb/s: a few KB a clip, clear enough on a kiosk speaker.
      // A fixed stream serial (opusenc picks a random one) makes rerunning byte-identical, so
      // only clips whose text changed show up in a diff.
      const serial = String(createHash('sha256').update(`${lang}/${key}`).digest().readUInt32BE(0));
      execFileSync('opusenc', ['--quiet', '--serial', serial, '--bitrate', '16', '--downmix-mono', '--comment', `TITLE=${key}`, wav, join(out, `${key}.ogg`)]);
      manifest.clips[lang][key] = lang === 'ar' ? ar[key] : en[key];
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
writeFileSync(join(here, 'clips-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
process.stdout.write(`${CLIP_KEYS.length} clips per language in ${publicAudio}\n`);
