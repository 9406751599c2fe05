import { redirect } from '@sveltejs/kit';
import { waitLocale } from 'svelte-i18n';
import '$lib/i18n';
import { canVisit, homeFor, isPublicPath } from '$lib/nav';
import { ensureSession } from '$lib/session.svelte';
import type { User } from '$lib/types';
import type { LayoutLoad } from './$types';

export const ssr = false;
export const prerender = false;

/** Every page: who is signed in, and whether they may be here. */
export const load: LayoutLoad = async ({ url, fetch }) => {
  await waitLocale();
  const path = url.pathname;
  // The page a rating SMS links to needs no login: its signed link is the proof.
  if (path.startsWith('/rate/')) return { unavailable: false };
  // The public side of the 12345 hotline: open to anyone, signed in or not.
  if (isPublicPath(path)) {
    await ensureSession(fetch).catch(() => null);
    return { unavailable: false };
  }
  let user: User | null;
  try {
    user = await ensureSession(fetch);
  } catch {
    // The API is unreachable or failing: say so, and try again on the next navigation.
    return { unavailable: true };
  }

  if (!user) {
    if (path !== '/login') {
      const next = path === '/' ? '' : `?next=${encodeURIComponent(path + url.search)}`;
      redirect(307, `/login${next}`);
    }
    return { unavailable: false };
  }

  const home = homeFor(user);
  if (path === '/login' || (path === '/' && home)) redirect(307, home ?? '/');
  if (!canVisit(user, path)) redirect(307, home ?? '/');
  return { unavailable: false };
};
