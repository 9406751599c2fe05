/** Injection tokens of the infrastructure layer itself. */
export const ENGINES = Symbol('Engines');
export const CONFIG = Symbol('Config');
