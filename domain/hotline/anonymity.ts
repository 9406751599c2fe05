/**
 * Personal data in text meant for the public (published replies, the public status page): phone
 * numbers, citizen ID numbers, and the caller's own name, phone and address (DOMAIN.md §3).
 */
import { isValidCitizenId } from '../shared/identity-numbers.js';
import { maskIdNumber, maskName, maskPhone } from '../shared/masking.js';
import type { Caller } from './events.js';

export type PersonalDataKind = 'phone' | 'id_number' | 'caller_name' | 'address';

export interface PersonalDataFound {
  readonly kind: PersonalDataKind;
  /** The text found, masked: an error message must not repeat what it refuses. */
  readonly masked: string;
  readonly index: number;
  readonly length: number;
}

/** Digit runs that may be split by single spaces or dashes (138 1234 5678, 0591-8765 4321), with an ID's final X. */
const DIGIT_RUN = /\d(?:[ \-]?\d)*[Xx]?/g;
const MOBILE = /^(?:86)?1[3-9]\d{9}$/;
/** A landline with its area code: 0 and 9 to 11 more digits. */
const LANDLINE = /^0\d{9,11}$/;

/** Who the text must not name: the caller and the address they gave. */
export interface PrivateFacts {
  readonly caller?: Caller;
  readonly address?: string;
}

export function findPersonalData(text: string, facts: PrivateFacts = {}): PersonalDataFound[] {
  const found: PersonalDataFound[] = [];
  const callerPhone = facts.caller?.phone?.replace(/\D/g, '');
  for (const match of text.matchAll(DIGIT_RUN)) {
    const compact = match[0].replace(/[ \-]/g, '').toUpperCase();
    const digits = compact.replace(/X$/, '');
    const at = { index: match.index, length: match[0].length };
    if (compact.length === 18 && isValidCitizenId(compact)) found.push({ kind: 'id_number', masked: maskIdNumber(compact), ...at });
    else if (MOBILE.test(digits) || LANDLINE.test(digits) || (callerPhone && callerPhone.length >= 5 && digits.endsWith(callerPhone))) {
      found.push({ kind: 'phone', masked: maskPhone(digits), ...at });
    }
  }
  const name = facts.caller?.name?.trim();
  if (name && [...name].length >= 2) {
    for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) found.push({ kind: 'caller_name', masked: maskName(name), index: i, length: name.length });
  }
  const address = facts.address?.trim();
  if (address && [...address].length >= 4) {
    for (let i = text.indexOf(address); i >= 0; i = text.indexOf(address, i + address.length)) found.push({ kind: 'address', masked: maskName(address, 'enterprise'), index: i, length: address.length });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The text with every piece of personal data found replaced by its mask, for showing to the public. */
export function redactPersonalData(text: string, facts: PrivateFacts = {}): string {
  let out = '';
  let from = 0;
  for (const f of findPersonalData(text, facts)) {
    if (f.index < from) continue;
    out += text.slice(from, f.index) + f.masked;
    from = f.index + f.length;
  }
  return out + text.slice(from);
}

/** Three decimals of a degree: about 100 m, enough to see where in the city, not which door. */
const COARSE_DEGREES = 1_000;

/** A point rounded to about 100 m, for whoever may not see where exactly the caller is. */
export function coarseLocation(location: { readonly lat: number; readonly long: number }): { lat: number; long: number } {
  const round = (degrees: number) => Math.round(degrees * COARSE_DEGREES) / COARSE_DEGREES;
  return { lat: round(location.lat), long: round(location.long) };
}

/**
 * A road (路, 街, 大道, 大街) named right after the district, taken only when a house number or
 * nothing follows it: in 五四路 1 号 the road is plain, in 东街口 or 某巷 3 号 it is not, and
 * then only the district is given. No administrative suffix (区, 镇, 村…) or building may be in it.
 */
const ROAD = /^((?:(?![区县市镇乡村号栋楼室巷弄])\p{Script=Han}){1,10}?(?:大道|大街|路|街))(?=\s*(?:[0-9０-９]+\s*号|$))/u;

/**
 * The place of a request at district level, for the public: the district, and the road when it
 * can be told safely from the address (高新区科技路88号 → 高新区科技路); never a house number,
 * a building or a neighbourhood.
 */
export function coarseAddress(address: string, districtName: string): string {
  const at = address.indexOf(districtName);
  const rest = (at >= 0 ? address.slice(at + districtName.length) : address).trim();
  const road = ROAD.exec(rest)?.[1];
  return road ? `${districtName}${road}` : districtName;
}
