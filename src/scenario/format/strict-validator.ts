/**
 * The strict scenario validator: ajv (allErrors, verbose) over `strictScenarioSchema`. The build (bin/build.js)
 * writes it as ajv standalone code into dist/scenario/format/strict-validator-code.js, so a compiled natsim loads
 * it in milliseconds instead of compiling the schema (about half a second) in every process and worker thread; run
 * from the sources, it is compiled on first use. Both come from the same options and schema below.
 */
import Ajv, { ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { strictScenarioSchema } from './schema';

/** The ajv options of the strict validator (errors translated by schema-errors.ts need allErrors and verbose). */
const OPTIONS = { allErrors: true, verbose: true, strictTypes: false, allowUnionTypes: true } as const;

/** File name (beside this module in dist/) of the build-time standalone code. */
export const STANDALONE_FILE = 'strict-validator-code.js';

/** The validator compiled now from the schema (what the standalone code is generated from). */
export function compileStrictValidator(): ValidateFunction {
  return new Ajv(OPTIONS).compile(strictScenarioSchema);
}

/** The standalone CommonJS module (`module.exports = validate`) the build writes to STANDALONE_FILE. */
export function strictValidatorCode(): string {
  const ajv = new Ajv({ ...OPTIONS, code: { source: true } });
  return standaloneCode(ajv, ajv.compile(strictScenarioSchema));
}

/**
 * The build's standalone validator beside this module, or undefined: running from the sources (Node's
 * MODULE_NOT_FOUND), or in the browser playground's bundle, whose `require` has no such module (esbuild's
 * "Module not found in bundle"); then the validator is compiled from the schema instead.
 */
function prebuilt(): ValidateFunction | undefined {
  try {
    return require(`./${STANDALONE_FILE}`) as ValidateFunction;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' || /not found in bundle/u.test(String((err as Error).message))) return undefined;
    throw err;
  }
}

/** The validator; loaded or compiled on first use and never changed (a cache of a pure function). */
let validator: ValidateFunction | undefined;

/** The validator for concrete scenarios: the build's standalone code when there is one, else compiled now. */
export function strictValidator(): ValidateFunction {
  validator ??= prebuilt() ?? compileStrictValidator();
  return validator;
}
