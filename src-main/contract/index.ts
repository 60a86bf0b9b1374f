export * from './envelope';
export * from './events';
export * from './incident';
export * from './operations';
export * from './settings';
export { text } from './text';
export * from './bridge';
export * from './playbook';
export * from './escalation';
