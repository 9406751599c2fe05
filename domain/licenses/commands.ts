import type { Command } from '../shared/decider.js';
import type { LicenseRegistered } from './events.js';

/** Registers an issued certificate; sent by the license library's process when a case issues one. */
export type RegisterLicense = Command<'RegisterLicense', Omit<LicenseRegistered['data'], 'registeredAt'>>;

/** 撤销 (the issuing department's head), with the reason. */
export type RevokeLicense = Command<'RevokeLicense', { readonly number: string; readonly reason: string }>;

export type LicenseCommand = RegisterLicense | RevokeLicense;
