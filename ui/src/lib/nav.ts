import { KNOWLEDGE_STAFF } from '../../../domain/knowledge/rules';
import type { Role, User } from './types';
import { hasAnyRole } from './session.svelte';

const CASE_WORKERS: readonly Role[] = ['window_staff', 'reviewer', 'department_head', 'supervisor', 'auditor', 'admin'];

interface Section {
  href: string;
  label: string;
  roles: readonly Role[];
}

/** The main navigation; each section is shown to, and open to, these roles only. */
export const SECTIONS: readonly Section[] = [
  { href: '/inbox', label: 'nav.inbox', roles: ['window_staff', 'reviewer', 'department_head'] },
  { href: '/cases', label: 'nav.cases', roles: CASE_WORKERS },
  { href: '/guide', label: 'nav.guide', roles: ['applicant'] },
  { href: '/my/cases', label: 'nav.myCases', roles: ['applicant'] },
  { href: '/my/licenses', label: 'nav.myLicenses', roles: ['applicant'] },
  { href: '/catalog', label: 'nav.catalog', roles: [...CASE_WORKERS, 'legal_office', 'leader'] },
  { href: '/leader', label: 'nav.leader', roles: ['leader', 'supervisor', 'admin'] },
  // 12345 hotline: the operator's console and tickets, the department's desk, the center's view.
  { href: '/hotline', label: 'nav.hotline', roles: ['hotline_operator'] },
  { href: '/hotline/tickets', label: 'nav.hotlineTickets', roles: ['hotline_operator', 'supervisor', 'leader', 'admin'] },
  { href: '/hotline/desk', label: 'nav.hotlineDesk', roles: ['department_handler'] },
  { href: '/hotline/center', label: 'nav.hotlineCenter', roles: ['hotline_operator', 'supervisor', 'leader', 'admin'] },
  { href: '/knowledge', label: 'nav.knowledge', roles: KNOWLEDGE_STAFF },
  { href: '/public/hotline', label: 'nav.publicHotline', roles: ['applicant'] },
];

/** Knowledge pages only staff use: writing and the list of drafts. */
const KNOWLEDGE_DESK = ['/knowledge/manage', '/knowledge/new'];

/**
 * Pages anyone may open without signing in: the public side of the 12345 hotline, and searching and
 * reading published knowledge base articles (the API shows the public only published versions).
 */
export function isPublicPath(pathname: string): boolean {
  if (pathname === '/public' || pathname.startsWith('/public/')) return true;
  const knowledge = pathname === '/knowledge' || pathname.startsWith('/knowledge/');
  return knowledge && !KNOWLEDGE_DESK.some((desk) => pathname === desk || pathname.startsWith(`${desk}/`));
}

/** A hotline ticket's page: the center, and the department handling it (the API checks which). */
const TICKET_DETAIL: readonly Role[] = ['hotline_operator', 'department_handler', 'supervisor', 'leader', 'admin'];

/** A case's detail page is also open to its applicant (the API shows applicants only their own). */
const CASE_DETAIL: readonly Role[] = [...CASE_WORKERS, 'applicant'];

/** First matching role wins, so a user with several roles lands on their working list. */
const HOMES: readonly [Role, string][] = [
  ['window_staff', '/cases'],
  ['reviewer', '/cases'],
  ['department_head', '/cases'],
  ['supervisor', '/cases'],
  ['auditor', '/cases'],
  ['admin', '/cases'],
  ['hotline_operator', '/hotline'],
  ['department_handler', '/hotline/desk'],
  ['leader', '/leader'],
  ['legal_office', '/catalog'],
  ['applicant', '/my/cases'],
];

/** The role's home page, or null for roles that have no page in this UI yet. */
export function homeFor(user: User): string | null {
  return HOMES.find(([role]) => user.roles.includes(role))?.[1] ?? null;
}

export function sectionsFor(user: User | null): Section[] {
  return SECTIONS.filter((section) => hasAnyRole(user, section.roles));
}

export function canVisit(user: User, pathname: string): boolean {
  if (pathname.startsWith('/cases/')) return hasAnyRole(user, CASE_DETAIL);
  if (pathname.startsWith('/hotline/tickets/')) return hasAnyRole(user, TICKET_DETAIL);
  if (isPublicPath(pathname)) return true;
  const section = sectionOf(pathname);
  return section ? hasAnyRole(user, section.roles) : true;
}

/** The section a page belongs to: the longest matching href (/hotline/desk before /hotline). */
export function sectionOf(pathname: string): Section | undefined {
  return SECTIONS.filter((s) => pathname === s.href || pathname.startsWith(`${s.href}/`)).sort((a, b) => b.href.length - a.href.length)[0];
}
