import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lighthouseFigures, medianRun, type LighthouseFigures } from './lighthouse-figures.ts';

/** The parts of a Lighthouse result (LHR) the figures read, shaped as Lighthouse 12 writes them. */
function lhr(
  over: {
    performance?: number | null;
    accessibility?: number | null;
    runtimeError?: { code: string; message: string };
  } = {},
) {
  return {
    lighthouseVersion: '12.2.3',
    finalDisplayedUrl: 'http://127.0.0.1:8080/',
    runWarnings: [],
    configSettings: { formFactor: 'mobile', throttlingMethod: 'simulate', screenEmulation: {} },
    ...(over.runtimeError ? { runtimeError: over.runtimeError } : {}),
    categories: {
      performance: {
        score: over.performance === undefined ? 0.97 : over.performance,
        auditRefs: [
          { id: 'largest-contentful-paint', weight: 25, group: 'metrics' },
          { id: 'total-blocking-time', weight: 30, group: 'metrics' },
          { id: 'uses-text-compression', weight: 0 },
          { id: 'network-requests', weight: 0 },
        ],
      },
      accessibility: {
        score: over.accessibility === undefined ? 0.93 : over.accessibility,
        auditRefs: [
          { id: 'color-contrast', weight: 7, group: 'a11y-color-contrast' },
          { id: 'label', weight: 7, group: 'a11y-names-labels' },
          { id: 'accesskeys', weight: 0 },
        ],
      },
    },
    audits: {
      'largest-contentful-paint': {
        id: 'largest-contentful-paint',
        title: 'Largest Contentful Paint',
        score: 1,
        scoreDisplayMode: 'numeric',
        displayValue: '1.2 s',
        numericValue: 1200,
      },
      'total-blocking-time': {
        id: 'total-blocking-time',
        title: 'Total Blocking Time',
        score: 0.99,
        scoreDisplayMode: 'numeric',
        displayValue: '70 ms',
        numericValue: 70,
      },
      'uses-text-compression': {
        id: 'uses-text-compression',
        title: 'Enable text compression',
        score: 0.5,
        scoreDisplayMode: 'metricSavings',
        displayValue: 'Potential savings of 9 KiB',
      },
      'color-contrast': {
        id: 'color-contrast',
        title: 'Background and foreground colors do not have a sufficient contrast ratio.',
        score: 0,
        scoreDisplayMode: 'binary',
        details: {
          type: 'table',
          items: [{ node: { type: 'node', selector: 'p.app-hint', snippet: '<p class="app-hint">' } }],
        },
      },
      label: { id: 'label', title: 'Form elements have associated labels', score: 1, scoreDisplayMode: 'binary' },
      accesskeys: {
        id: 'accesskeys',
        title: 'accesskey values are unique',
        score: null,
        scoreDisplayMode: 'notApplicable',
      },
      'network-requests': {
        id: 'network-requests',
        title: 'Network Requests',
        score: null,
        scoreDisplayMode: 'informative',
        details: {
          type: 'table',
          items: [
            { url: 'http://127.0.0.1:8080/', resourceType: 'Document', transferSize: 14544, resourceSize: 13828 },
            {
              url: 'http://127.0.0.1:8080/assets/application-1.mjs',
              resourceType: 'Script',
              transferSize: 420,
              resourceSize: 140,
            },
            {
              url: 'http://127.0.0.1:8080/assets/govuk-frontend.min-2.js',
              resourceType: 'Script',
              transferSize: 11000,
              resourceSize: 46777,
            },
          ],
        },
      },
    },
  };
}

describe('lighthouseFigures', () => {
  it('gives each category score out of 100', () => {
    const f = lighthouseFigures(lhr());
    assert.equal(f.performance, 97);
    assert.equal(f.accessibility, 93);
    assert.equal(f.formFactor, 'mobile');
  });

  it('names each scored audit below full marks, heaviest first, with the elements it found', () => {
    const f = lighthouseFigures(lhr());
    assert.deepEqual(
      f.shortfalls.performance.map((s) => [s.id, s.weight]),
      [
        ['total-blocking-time', 30],
        ['uses-text-compression', 0],
      ],
    );
    assert.deepEqual(f.shortfalls.accessibility, [
      {
        id: 'color-contrast',
        title: 'Background and foreground colors do not have a sufficient contrast ratio.',
        score: 0,
        weight: 7,
        elements: ['p.app-hint: <p class="app-hint">'],
      },
    ]);
  });

  it('lists only the scripts among the requests the page made', () => {
    assert.deepEqual(
      lighthouseFigures(lhr()).scripts.map((s) => [s.url.split('/').at(-1), s.transferBytes]),
      [
        ['application-1.mjs', 420],
        ['govuk-frontend.min-2.js', 11000],
      ],
    );
  });

  it('refuses a result Lighthouse marked as failed, or one without a score', () => {
    assert.throws(
      () => lighthouseFigures(lhr({ runtimeError: { code: 'ERRORED_DOCUMENT_REQUEST', message: 'status 500' } })),
      /ERRORED_DOCUMENT_REQUEST/,
    );
    assert.throws(() => lighthouseFigures(lhr({ performance: null })), /no performance score/);
  });

  it('refuses something that is not a Lighthouse result', () => {
    assert.throws(() => lighthouseFigures({ categories: {} }));
  });
});

describe('medianRun', () => {
  const run = (performance: number) => ({ performance }) as LighthouseFigures;
  // runs (performance) | median reported
  const cases: Array<[number[], number]> = [
    [[90], 90],
    [[99, 80], 80],
    [[99, 80, 95], 95],
    [[70, 100, 98, 97, 60], 97],
  ];
  for (const [runs, expected] of cases) {
    it(`reports ${expected} from runs scoring ${runs.join(', ')}`, () => {
      assert.equal(medianRun(runs.map(run)).performance, expected);
    });
  }

  it('refuses no runs at all', () => {
    assert.throws(() => medianRun([]), /no Lighthouse runs/);
  });
});
