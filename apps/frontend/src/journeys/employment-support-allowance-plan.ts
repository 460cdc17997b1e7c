/** The new style Employment and Support Allowance application: health condition, work history, fit note dates. */
import type { JourneyPlan } from './journey-plan.ts';
import type { RouteCondition } from './question.ts';

/** A fit note's end date is asked only when the note gives one ("until" rather than open-ended). */
export const fitNoteHasEndDate: RouteCondition = (a) => a['fit-note-ends'] === true;
export const hadAJob: RouteCondition = (a) => a['worked-recently'] === true;

export const employmentSupportAllowancePlan: JourneyPlan = {
  name: 'new-style-esa',
  sections: [
    {
      id: 'health-condition',
      questions: [
        { id: 'condition-description', kind: { type: 'text', maxLength: 1200, multiline: true } },
        { id: 'condition-start-date', kind: { type: 'date', past: true } },
      ],
    },
    {
      id: 'work-history',
      questions: [
        { id: 'worked-recently', kind: { type: 'yesNo' } },
        { id: 'last-employer', kind: { type: 'text', maxLength: 120 }, autocomplete: 'organization', askIf: hadAJob },
        { id: 'job-end-date', kind: { type: 'date', past: true }, askIf: hadAJob },
        { id: 'national-insurance', kind: { type: 'yesNo' } },
      ],
    },
    {
      id: 'fit-note',
      questions: [
        { id: 'fit-note-start', kind: { type: 'date' } },
        { id: 'fit-note-ends', kind: { type: 'yesNo' } },
        { id: 'fit-note-end', kind: { type: 'date', notBeforeAnswerTo: 'fit-note-start' }, askIf: fitNoteHasEndDate },
      ],
    },
  ],
};
