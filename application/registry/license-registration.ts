import type { CaseCertificateIssued } from '../../domain/cases/index.js';
import { licenseDecider, licenseStreamId, type RegisterLicense } from '../../domain/licenses/index.js';
import type { CommandPipeline } from '../command-pipeline.js';
import { PROCESS_ROLE, type ProcessManager } from '../process-manager.js';

const NAME = 'license-registration';

/**
 * 证照入库: every certificate a case issues enters the license library as its own stream
 * (`license-<number>`). The command id comes from the certificate event's id, so replaying the
 * case events registers nothing twice. A refusal is not expected (the certificate was checked
 * when it was issued): it stops this process with the reason, for an operator to look at.
 */
export function licenseRegistration(pipeline: CommandPipeline): ProcessManager {
  const actor = { id: `process:${NAME}`, role: PROCESS_ROLE };
  return {
    name: NAME,
    version: 1,
    categories: ['case'],
    actor,
    async react(event, reaction) {
      if (event.type !== 'CaseCertificateIssued') return;
      const { certificateNo, licenseType, licenseName, holder, validFrom, validUntil, department, caseId, issuedAt } = event.data as CaseCertificateIssued['data'];
      const command: RegisterLicense = {
        type: 'RegisterLicense',
        data: { number: certificateNo, licenseType, licenseName, holder, validFrom, validUntil, department, caseId, issuedAt },
      };
      // Recorded for the issuing department, on whose behalf the library keeps the license.
      const envelope = reaction.envelope('register', command, { ...actor, department });
      const outcome = await pipeline.handle({ decider: licenseDecider }, licenseStreamId(certificateNo), envelope);
      if (!outcome.ok) throw new Error(`license ${certificateNo} of case ${caseId} was not registered: ${outcome.error.code} — ${outcome.error.message.en}`);
    },
  };
}
