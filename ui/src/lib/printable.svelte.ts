import { api } from './api';
import type { CaseDetail } from './types';

/** The case a printable document is about, loaded once. */
export class PrintableCase {
  detail = $state<CaseDetail | null>(null);
  error = $state<unknown>(null);

  constructor(id: string) {
    api<CaseDetail>(`/cases/${encodeURIComponent(id)}`).then(
      (d) => (this.detail = d),
      (e) => (this.error = e),
    );
  }
}

/** The case's progress page, which the QR code opens. */
export function progressUrl(caseId: string): string {
  return `${location.origin}/cases/${encodeURIComponent(caseId)}`;
}
