import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/**
 * Words of the hotline's trade that the general dictionary cuts apart (公租房 → 公/租房), added
 * with a high frequency so that they stay whole; search mode still yields their two- and
 * three-character parts (租房). Only words whose parts are such words: a longer part would be lost.
 */
const HOTLINE_WORDS = ['公租房', '一网通办', '接诉即办', '跨省通办', '异地就医'];

/** Particles and question words that say nothing about what is asked (怎么, 需要, 吗 …). */
const STOP_WORDS = new Set([
  '的', '了', '是', '在', '和', '与', '及', '或', '也', '都', '就', '吗', '呢', '吧', '啊', '呀',
  '我', '你', '他', '她', '我们', '您', '请问', '请', '怎么', '怎样', '怎么办', '如何', '什么', '哪些', '哪里', '哪个', '多少',
  '需要', '可以', '能', '能否', '是否', '有', '没有', '要', '会', '这', '那', '个', '一个', '对', '为', '把', '被', '从', '到',
]);

let jieba: Jieba | undefined;

/** The segmenter, loaded once per process (its dictionary takes about a third of a second). */
function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(HOTLINE_WORDS.map((w) => `${w} 100000 n`).join('\n')));
  }
  return jieba;
}

/** Full-width letters and digits as ASCII, Latin in lower case: １２３４５ and 12345 are one word. */
export const normalized = (text: string) => text.normalize('NFKC').toLowerCase();

/**
 * The words of a text for the index and for a query (分词). Search mode gives a long word and
 * the words inside it (营业执照 → 营业, 执照, 营业执照), so "执照" finds "营业执照" and a
 * query cut differently from the article still meets it. Punctuation and stop words are dropped.
 */
export function chineseWords(text: string): string[] {
  return segmenter()
    .cutForSearch(normalized(text), true)
    .map((w) => w.trim())
    .filter((w) => w !== '' && /[\p{L}\p{N}]/u.test(w) && !STOP_WORDS.has(w));
}
