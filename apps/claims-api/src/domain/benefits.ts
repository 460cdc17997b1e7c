/** The benefits a claim can be for. Pure. */
export const BENEFITS = ['universal-credit', 'new-style-jsa', 'new-style-esa'] as const;
export type Benefit = (typeof BENEFITS)[number];
