/**
 * The rules of 好差评, the rating of government services, each named once with its source.
 * *(default)* marks a city setting, passed in through the decide context.
 */
import type { Role } from '../identity/roles.js';
import type { Bilingual } from '../shared/messages.js';

/** 国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见（国办发〔2019〕51号）. */
const GOOD_BAD_RATING_OPINION = '国办发〔2019〕51号';

/** Five levels, from 非常不满意 (1) to 非常满意 (5). */
export const RATING_SCALE = { min: 1, max: 5, source: GOOD_BAD_RATING_OPINION } as const;

export type Score = 1 | 2 | 3 | 4 | 5;

export const RATING_LEVELS: Readonly<Record<Score, Bilingual>> = {
  5: { zh: '非常满意', en: 'very satisfied' },
  4: { zh: '满意', en: 'satisfied' },
  3: { zh: '基本满意', en: 'basically satisfied' },
  2: { zh: '不满意', en: 'dissatisfied' },
  1: { zh: '非常不满意', en: 'very dissatisfied' },
};

/** 差评: 不满意 and 非常不满意 are bad ratings; each is verified, rectified and called back. */
export const BAD_RATING = { maxScore: 2, source: GOOD_BAD_RATING_OPINION } as const;

/** *(default)* A bad rating is verified and rectified within 15 working days (差评整改反馈). */
export const DEFAULT_RECTIFICATION_WORKING_DAYS = 15;

/** Where a rating is given: online (portal), on the window's tablet (评价器), or by replying to an SMS. */
export const RATING_CHANNELS = ['portal', 'window_tablet', 'sms'] as const;
export type RatingChannel = (typeof RATING_CHANNELS)[number];

/** The longest comment, finding, measure or callback note kept. */
export const MAX_RATING_TEXT_LENGTH = 1000;

/**
 * Who acts on a rating. The applicant rates; window staff of the case's department may record a
 * rating given on the window tablet on the applicant's behalf. The department head answers a bad
 * rating for the department: verifies it, rectifies, and has the applicant called back.
 */
export const RATING_ROLES = {
  rate: ['applicant', 'window_staff'],
  verify: ['department_head'],
  rectify: ['department_head'],
  callBack: ['department_head'],
} as const satisfies Record<string, readonly Role[]>;

export const isBadRating = (score: number) => score <= BAD_RATING.maxScore;

export const ratingLevel = (score: Score): Bilingual => RATING_LEVELS[score];
