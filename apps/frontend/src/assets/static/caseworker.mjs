// The caseworker console's enhancements (sortable tables, filter toggle) on top of GOV.UK Frontend's.
import { createAll, initAll } from './govuk-frontend.min.js';
import { FilterToggleButton, initAll as initMoj } from './moj-frontend.min.js';

initAll();
initMoj();
// MoJ's initAll leaves out the filter toggle, without which a small screen's filter covers the page.
createAll(FilterToggleButton);
