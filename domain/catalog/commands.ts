import type { Command } from '../shared/decider.js';
import type { ItemDefinition } from './events.js';

/**
 * Drafts a new item, redrafts one still in draft or sent back, or drafts the next version of a
 * published item (a revision, reviewed again while the published version keeps taking applications).
 */
export type DraftItem = Command<'DraftItem', ItemDefinition>;
export type SubmitItemForReview = Command<'SubmitItemForReview', { readonly code: string }>;
/** The legal office (法制办) approves the item for publication. */
export type ApproveItem = Command<'ApproveItem', { readonly code: string; readonly opinion?: string }>;
/** The legal office sends the item back to its department, saying why. */
export type SendBackItem = Command<'SendBackItem', { readonly code: string; readonly reason: string }>;
export type PublishItem = Command<'PublishItem', { readonly code: string }>;
export type SuspendItem = Command<'SuspendItem', { readonly code: string; readonly reason: string }>;
export type ResumeItem = Command<'ResumeItem', { readonly code: string }>;
export type RetireItem = Command<'RetireItem', { readonly code: string; readonly reason: string }>;

export type CatalogCommand = DraftItem | SubmitItemForReview | ApproveItem | SendBackItem | PublishItem | SuspendItem | ResumeItem | RetireItem;
