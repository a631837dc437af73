export { register, resetRegistrationForTests } from './register.js';
export type { Registration } from './register.js';
export { resolveRegisterConfig } from './register-options.js';
export type { LogLevel, RegisterConfig, RegisterOptions } from './register-options.js';
export type { ProviderMode } from './provider-setup.js';
export { platformWaitUntil } from './platform-flush.js';
export type { WaitUntil } from './platform-flush.js';
export { setupLogBridge } from './log-bridge-setup.js';
export type { LogBridgeMode, LogBridgeSetup } from './log-bridge-setup.js';
