import { register } from './register.js';

/**
 * The side-effect entry behind `node --require @lamplight/register` (and, through
 * `hook.mjs`, `--import`): registers from the environment and prints the startup line.
 */
const registration = register();
if (process.env.LAMPLIGHT_LOG_LEVEL?.trim().toLowerCase() !== 'none') process.stderr.write(`${registration.startupLine}\n`);
