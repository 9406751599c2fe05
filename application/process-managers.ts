import { bundleProcess, type BundleProcessDependencies } from './bundles/bundle-process.js';
import type { CommandPipeline } from './command-pipeline.js';
import type { ProcessManager } from './process-manager.js';
import { licenseRegistration } from './registry/license-registration.js';

/** What the process managers may use to act. */
export interface ProcessDependencies {
  readonly pipeline: CommandPipeline;
  /** Parallel approval (并联审批) acts through the case and bundle handlers: application/bundles/bundle-process.ts. */
  readonly bundles?: BundleProcessDependencies;
}

/** Every process manager the process runs (application/process-manager.ts says how to write one): one line each. */
export function allProcessManagers(deps: ProcessDependencies): ProcessManager[] {
  return [licenseRegistration(deps.pipeline), ...(deps.bundles ? [bundleProcess(deps.bundles)] : [])];
}
