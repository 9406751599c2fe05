export * from './roles.js';
export * from './events.js';
export * from './commands.js';
export * from './decide.js';
export { USERNAME, DEPARTMENT_CODE } from './rules.js';
