/** The new style Jobseeker's Allowance application: your work history, looking for work. */
import type { JourneyPlan } from './journey-plan.ts';
import type { RouteCondition } from './question.ts';

export const JOB_END_REASONS = ['redundancy', 'contract-ended', 'dismissed', 'resigned', 'other'] as const;

/** "Tell us why" is asked only when none of the listed reasons fit. */
export const endedForAnotherReason: RouteCondition = (a) => a['job-end-reason'] === 'other';

export const jobseekersAllowancePlan: JourneyPlan = {
  name: 'new-style-jsa',
  sections: [
    {
      id: 'work-history',
      questions: [
        { id: 'last-employer', kind: { type: 'text', maxLength: 120 }, autocomplete: 'organization' },
        { id: 'job-end-date', kind: { type: 'date', past: true } },
        { id: 'job-end-reason', kind: { type: 'choice', options: JOB_END_REASONS } },
        {
          id: 'job-end-details',
          kind: { type: 'text', maxLength: 1200, multiline: true },
          askIf: endedForAnotherReason,
        },
        { id: 'national-insurance', kind: { type: 'yesNo' } },
      ],
    },
    {
      id: 'looking-for-work',
      questions: [
        { id: 'work-wanted', kind: { type: 'text', maxLength: 300 } },
        { id: 'hours-available', kind: { type: 'wholeNumber', min: 0, max: 168 } },
        { id: 'can-start-now', kind: { type: 'yesNo' } },
      ],
    },
  ],
};
