import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { stackName, synthesised } from '../testing/synthesised.ts';
import { REMOVED_RESPONSE_HEADERS } from './response-header-filter.ts';

const edge = synthesised().template(stackName('prod', 'Edge'));

describe("the edge's response header filter", () => {
  const policies = Object.entries(edge.findResources('AWS::CloudFront::ResponseHeadersPolicy'));

  it('removes exactly the internal headers, and is the one response headers policy', () => {
    assert.equal(policies.length, 1);
    const items = z
      .object({
        Properties: z.object({
          ResponseHeadersPolicyConfig: z.object({
            RemoveHeadersConfig: z.object({ Items: z.array(z.object({ Header: z.string() })) }),
          }),
        }),
      })
      .parse(policies[0]![1]).Properties.ResponseHeadersPolicyConfig.RemoveHeadersConfig.Items;
    assert.deepEqual(items.map((i) => i.Header).toSorted(), [...REMOVED_RESPONSE_HEADERS].toSorted());
  });

  it('applies to the web tier and to the API alike', () => {
    const id = policies[0]![0];
    const [distribution] = Object.values(edge.findResources('AWS::CloudFront::Distribution'));
    const Behaviour = z.object({ ResponseHeadersPolicyId: z.unknown() });
    const config = z
      .object({
        Properties: z.object({
          DistributionConfig: z.object({ DefaultCacheBehavior: Behaviour, CacheBehaviors: z.array(Behaviour) }),
        }),
      })
      .parse(distribution).Properties.DistributionConfig;
    const behaviours = [config.DefaultCacheBehavior, ...config.CacheBehaviors];
    assert.ok(behaviours.length >= 2);
    for (const b of behaviours) assert.deepEqual(b.ResponseHeadersPolicyId, { Ref: id });
  });
});
