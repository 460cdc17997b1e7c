/** buildApp's context switch for the release pipeline (constructs only: nothing is synthesised). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { buildApp } from '../build-app.ts';

const base = { environments: 'test', account: '111111111111', region: 'eu-west-2' };

describe('the pipeline context switch', () => {
  it('adds one release pipeline per app by default, whichever environments are chosen', () => {
    const built = buildApp(dwp, { context: base });
    assert.equal(built.pipeline?.stackName, 'DwpPipeline');
    assert.equal(built.app.node.children.filter((c) => c.node.id === 'DwpPipeline').length, 1);
  });

  it('leaves the pipeline out with -c pipeline=false, as each environment deploy from the pipeline does', () => {
    const built = buildApp(dwp, { context: { ...base, pipeline: 'false' } });
    assert.equal(built.pipeline, undefined);
    assert.equal(built.app.node.tryFindChild('DwpPipeline'), undefined);
  });

  it('refuses a pipeline switch that is neither true nor false', () => {
    assert.throws(() => buildApp(dwp, { context: { ...base, pipeline: 'no' } }), /"pipeline" must be true or false/);
  });
});
