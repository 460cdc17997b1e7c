export { normalisePostcode } from './postcode.ts';
export { displayNino, ninoProblem, normaliseNino, type NinoProblem } from './nino.ts';
