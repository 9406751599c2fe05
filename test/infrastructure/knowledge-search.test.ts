import { beforeEach, describe, expect, it } from 'vitest';
import type { ArticleHit } from '../../application/ports/article-search.js';
import { PublishedArticles, type IndexedArticle } from '../../infrastructure/search/article-index.js';
import { chineseWords } from '../../infrastructure/search/chinese-words.js';

/** Articles as the `articles` view holds them; the bodies are short versions of real guides. */
const ARTICLES: IndexedArticle[] = [
  {
    id: 'guide-DJ00100001',
    kind: 'service_guide',
    status: 'published',
    version: 2,
    title: '企业设立登记（营业执照办理）',
    body: '事项名称：企业设立登记\n实施部门：市场监督管理局\n设定依据：《中华人民共和国市场主体登记管理条例》第三条\n申请材料：\n  1. 公司登记（备案）申请书\n  2. 公司章程\n  3. 法定代表人、股东身份证明\n办理时限：承诺 1 个工作日内核发营业执照，电子营业执照同步发放。',
    tags: ['DJ00100001', '市场监督管理局'],
  },
  {
    id: 'guide-XK00101001',
    kind: 'service_guide',
    status: 'published',
    version: 1,
    title: '食品经营许可',
    body: '事项名称：食品经营许可\n实施部门：市场监督管理局\n申请材料：\n  1. 食品经营许可申请书（原件 1 份）\n  2. 营业执照（复印件 1 份；证照库已有的可免提交）\n  3. 食品安全管理制度文本\n办理时限：承诺 10 个工作日',
    tags: ['XK00101001', '市场监督管理局'],
  },
  {
    id: 'faq-card',
    kind: 'faq',
    status: 'published',
    version: 1,
    title: '社保卡丢失了怎么补办？',
    body: '社会保障卡丢失后，请先拨打 12333 挂失，再持本人身份证到服务网点补办；即时制卡网点可当场领卡。',
    tags: ['社保卡'],
  },
  {
    id: 'faq-fund',
    kind: 'faq',
    status: 'published',
    version: 3,
    title: '公积金提取条件',
    body: '购买自住住房、偿还购房贷款本息、租房、离休退休的职工，可以申请提取住房公积金账户内的存储余额。',
    tags: ['公积金'],
  },
  {
    id: 'policy-noise',
    kind: 'policy',
    status: 'published',
    version: 1,
    title: '噪音投诉处理时限',
    body: '紧急诉求 2 小时内签收、1 日内办结；一般诉求 1 个工作日内签收、5 个工作日内办结。拨打１２３４５热线即可投诉。',
    tags: ['噪音', '投诉'],
  },
  {
    id: 'faq-draft',
    kind: 'faq',
    status: 'draft',
    version: null,
    title: '营业执照遗失了怎么补领？（草稿）',
    body: '营业执照遗失的，可在国家企业信用信息公示系统公告作废后申请补领营业执照。',
    tags: ['营业执照'],
  },
];

let index: PublishedArticles;
beforeEach(() => {
  index = new PublishedArticles();
  for (const article of ARTICLES) index.apply(article, article.id);
});

const ids = (hits: readonly ArticleHit[]) => hits.map((h) => h.id);
const marked = (text: string, hit: { start: number; length: number }) => text.slice(hit.start, hit.start + hit.length);

describe('Chinese word segmentation (分词)', () => {
  it('cuts a query into words, and a long word also into the words inside it', () => {
    expect(chineseWords('营业执照怎么办理')).toEqual(['营业', '执照', '营业执照', '办理']);
    expect(chineseWords('社保卡丢失了，怎么补办？')).toEqual(['社保', '社保卡', '丢失', '补办']);
  });

  it('keeps the hotline’s own words whole, with the words inside them', () => {
    expect(chineseWords('公租房申请条件')).toEqual(['租房', '公租房', '申请', '条件']);
  });

  it('reads full-width digits and capitals as the same words', () => {
    expect(chineseWords('１２３４５热线')).toEqual(chineseWords('12345热线'));
    expect(chineseWords('ＸＫ００１０１００１')).toEqual(['xk00101001']);
  });
});

describe('searching the knowledge base (知识库检索)', () => {
  it('ranks the business-licence guide first for 营业执照, above a guide that only lists it among its materials', () => {
    const hits = index.search('营业执照', { limit: 10 });
    expect(ids(hits)).toEqual(['guide-DJ00100001', 'guide-XK00101001']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits[0]).toMatchObject({ version: 2, kind: 'service_guide', title: '企业设立登记（营业执照办理）' });
  });

  it('finds the same guide when the word is split across two segments of the query', () => {
    expect(ids(index.search('营业 执照', { limit: 10 }))[0]).toBe('guide-DJ00100001');
    expect(ids(index.search('怎么办营业的执照', { limit: 10 }))[0]).toBe('guide-DJ00100001');
  });

  it('finds a long word from a word inside it, not from a character scan', () => {
    expect(ids(index.search('执照', { limit: 10 }))[0]).toBe('guide-DJ00100001');
    // 业执 is no word: a substring scan would find both guides, segmentation finds neither.
    expect(index.search('业执', { limit: 10 })).toEqual([]);
  });

  it('meets an article written with other word boundaries than the question', () => {
    expect(ids(index.search('住房公积金怎么提取', { limit: 10 }))[0]).toBe('faq-fund');
    expect(ids(index.search('社保卡掉了要补办', { limit: 10 }))[0]).toBe('faq-card');
    expect(ids(index.search('噪音扰民投诉多久处理', { limit: 10 }))[0]).toBe('policy-noise');
  });

  it('counts a word in the title above the same word in the body', () => {
    const same = 'XX 市政务服务中心受理各类申请。';
    index.apply({ id: 'in-title', kind: 'faq', status: 'published', version: 1, title: '居住证', body: same }, 'in-title');
    index.apply({ id: 'in-body', kind: 'faq', status: 'published', version: 1, title: '办事须知', body: `${same}居住证` }, 'in-body');
    expect(ids(index.search('居住证', { limit: 10 }))).toEqual(['in-title', 'in-body']);
  });

  it('shows a snippet of the body around the matched words, with where they stand', () => {
    const [hit] = index.search('社保卡补办', { limit: 1 });
    expect(hit!.snippet).toContain('补办');
    expect(hit!.highlights.map((h) => marked(hit!.snippet, h))).toEqual(['补办']);
    expect(hit!.titleHighlights.map((h) => marked(hit!.title, h))).toEqual(['社保卡', '补办']);
    expect(hit!.terms).toEqual(expect.arrayContaining(['社保卡', '补办']));

    const [guide] = index.search('营业执照', { limit: 1 });
    // The longest matching word is marked whole, not its halves.
    expect(guide!.highlights.map((h) => marked(guide!.snippet, h))).toEqual(['营业执照', '营业执照']);
    expect(guide!.snippet.startsWith('…')).toBe(true);
    expect(guide!.snippet).not.toContain('\n');
  });

  it('marks a full-width word in the snippet where the query was typed half-width', () => {
    const [hit] = index.search('12345', { limit: 1 });
    expect(hit!.id).toBe('policy-noise');
    expect(hit!.highlights.map((h) => marked(hit!.snippet, h))).toEqual(['１２３４５']);
  });

  it('searches the published version only: drafts never, retired articles no longer, revised ones by their new text', () => {
    expect(ids(index.search('补领', { limit: 10 }))).toEqual([]);
    index.apply({ ...ARTICLES[2]!, status: 'retired' }, 'faq-card');
    expect(index.search('社保卡', { limit: 10 })).toEqual([]);
    index.apply({ ...ARTICLES[3]!, version: 4, title: '住房公积金租房提取', body: '租房提取每月可提取一次。' }, 'faq-fund');
    expect(index.search('离休', { limit: 10 })).toEqual([]);
    expect(index.search('租房', { limit: 10 })).toEqual([expect.objectContaining({ id: 'faq-fund', version: 4 })]);
    index.apply(undefined, 'faq-fund');
    expect(index.search('租房', { limit: 10 })).toEqual([]);
    expect(index.size).toBe(3);
  });

  it('filters by kind and keeps to the limit', () => {
    expect(ids(index.search('市场监督管理局', { limit: 10, kinds: ['faq', 'policy'] }))).toEqual([]);
    expect(index.search('市场监督管理局', { limit: 1, kinds: ['service_guide'] })).toHaveLength(1);
  });

  it('answers nothing to a query of particles and punctuation', () => {
    expect(index.search('怎么 办？的了吗', { limit: 10 })).toEqual([]);
    expect(index.search('   ', { limit: 10 })).toEqual([]);
  });
});
