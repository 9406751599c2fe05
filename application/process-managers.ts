import { bundleProcess, type BundleProcessDependencies } from './bundles/bundle-process.js';
import type { CommandPipeline } from './command-pipeline.js';
import { serviceGuides } from './knowledge/service-guides.js';
import type { EventStore } from './ports/event-store.js';
import type { ProcessManager } from './process-manager.js';
import { licenseRegistration } from './registry/license-registration.js';

/** What the process managers may use to act. */
export interface ProcessDependencies {
  readonly pipeline: CommandPipeline;
  /** Parallel approval (并联审批) acts through the case and bundle handlers: application/bundles/bundle-process.ts. */
  readonly bundles?: BundleProcessDependencies;
  /** Service guides (办事指南) read the catalog item and its department from their streams: application/knowledge/service-guides.ts. */
  readonly events?: EventStore;
}

/** Every process manager the process runs (application/process-manager.ts says how to write one): one line each. */
export function allProcessManagers(deps: ProcessDependencies): ProcessManager[] {
  return [
    licenseRegistration(deps.pipeline),
    ...(deps.bundles ? [bundleProcess(deps.bundles)] : []),
    ...(deps.events ? [serviceGuides(deps.pipeline, deps.events)] : []),
  ];
}
