// The caseworker console's enhancements (sortable tables, filter toggle) on top of GOV.UK Frontend's.
import { initAll } from './govuk-frontend.min.js';
import { initAll as initMoj } from './moj-frontend.min.js';

initAll();
initMoj();
