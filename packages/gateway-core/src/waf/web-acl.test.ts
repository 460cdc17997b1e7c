import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { FakeClock } from '@dwp/clock';
import { WebAcl, type WafVerdict } from './web-acl.ts';

const config = dwp.edge!.waf;
const ruleOf = (v: WafVerdict) =>
  v.action === 'block' ? `${v.status} ${v.rule}${v.location ? ` @${v.location}` : ''}` : 'allow';
const head = (url: string, headers: Record<string, string> = {}, ip = '203.0.113.7') => ({ ip, url, headers });

describe('WebAcl with the DWP edge.waf rules', () => {
  it('lets an ordinary request through', () => {
    const acl = new WebAcl({ config });
    assert.equal(
      ruleOf(
        acl.screenHead(
          head('/api/address/postcodes?postcode=SW1A%201AA&name=O%27Brien', {
            'user-agent': 'Mozilla/5.0',
            'cloudfront-viewer-country': 'GB',
          }),
        ),
      ),
      'allow',
    );
  });

  it('blocks SQL injection and XSS in the path, the query and the headers, naming the rule', () => {
    const acl = new WebAcl({ config });
    assert.equal(ruleOf(acl.screenHead(head("/api/claims/1'%20or%20'1'='1"))), '403 sqli.tautology @path');
    assert.equal(
      ruleOf(acl.screenHead(head('/api/address?q=%27%20UNION%20SELECT%20NULL--'))),
      '403 sqli.union-select @query',
    );
    assert.equal(
      ruleOf(acl.screenHead(head('/', { referer: 'https://x.example/<script>alert(1)</script>' }))),
      '403 xss.script-tag @header',
    );
    assert.equal(ruleOf(acl.screenHead(head('/', { cookie: "session=abc' or 1=1--" }))), '403 sqli.tautology @header');
  });

  it('blocks injection in a JSON body value or key and in a form body, and not in plain text with apostrophes', () => {
    const acl = new WebAcl({ config });
    assert.equal(
      ruleOf(
        acl.screenBody(
          'application/json',
          Buffer.from(JSON.stringify({ name: 'x', notes: ['<img src=x onerror=alert(1)>'] })),
        ),
      ),
      '403 xss.event-handler @body',
    );
    assert.equal(
      ruleOf(
        acl.screenBody('application/x-www-form-urlencoded', Buffer.from('surname=%27%3B%20DROP%20TABLE%20users--')),
      ),
      '403 sqli.stacked-query @body',
    );
    assert.equal(
      ruleOf(
        acl.screenBody(
          'application/json',
          Buffer.from(JSON.stringify({ surname: "O'Brien", notes: "I can't work; my back's bad" })),
        ),
      ),
      'allow',
    );
  });

  it('does not screen binary uploads for injection', () => {
    const acl = new WebAcl({ config });
    assert.equal(ruleOf(acl.screenBody('application/pdf', Buffer.from("' or 1=1--"))), 'allow');
  });

  it('refuses a body over the definition limit with 413, by its declared length and by its size', () => {
    const acl = new WebAcl({ config: { ...config, maxBodyBytes: 100 } });
    assert.equal(ruleOf(acl.screenHead(head('/', { 'content-length': '101' }))), '413 size.body');
    assert.equal(ruleOf(acl.screenBody('application/json', Buffer.alloc(101))), '413 size.body');
  });

  it('names the SQL the issue found missed: arithmetic and boolean blind injection, T-SQL DECLARE after a quote', () => {
    const acl = new WebAcl({ config });
    assert.equal(ruleOf(acl.screenHead(head('/api/claims?id=HOPE+AND+8%3D3'))), '403 sqli.tautology @query');
    assert.equal(
      ruleOf(acl.screenHead(head('/api/claims?id=456+%2B+ASCII%28substring%28passwd%2C1%2C1%29%29-10'))),
      '403 sqli.function-chain @query',
    );
    assert.equal(
      ruleOf(
        acl.screenBody(
          'application/json',
          Buffer.from(JSON.stringify({ u: "username'DECLARE @find varchar(30) = 'Man%'" })),
        ),
      ),
      '403 sqli.declare @body',
    );
  });

  it('names the XSS the issue found missed: CSS expression() and url(), XML namespaces', () => {
    const acl = new WebAcl({ config });
    const body = (v: string) => ruleOf(acl.screenBody('application/json', Buffer.from(JSON.stringify({ v }))));
    assert.equal(body('<div style="width: expression(alert(1))">'), '403 xss.style-attribute @body');
    assert.equal(body("x:expression(alert('XSS'))"), '403 xss.css-expression @body');
    assert.equal(
      body('<a xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="javascript:alert(1)">'),
      '403 xss.xml-namespace @body',
    );
    assert.equal(body('<html:style />'), '403 xss.xml-namespace @body');
  });

  it('lets through the prose the issue found blocked', () => {
    const acl = new WebAcl({ config });
    for (const v of [
      'select x from y where',
      '1; exec will create the case 7',
      "I'd like to select the 'weekly' option",
    ])
      assert.equal(ruleOf(acl.screenBody('application/json', Buffer.from(JSON.stringify({ v })))), 'allow', v);
  });

  it('inspects headers only as far as WAF does: the first 8 KiB and 200 of them, then lets the rest through', () => {
    const acl = new WebAcl({ config });
    const attack = "abc' or 1=1--";
    assert.equal(
      ruleOf(acl.screenHead(head('/', { 'x-a': 'a'.repeat(8 * 1024 - 200), 'x-b': attack }))),
      '403 sqli.tautology @header',
    );
    assert.equal(ruleOf(acl.screenHead(head('/', { 'x-a': 'a'.repeat(8 * 1024), 'x-b': attack }))), 'allow');
    // A single long header value is cut at 8 KiB: what follows is not inspected.
    assert.equal(ruleOf(acl.screenHead(head('/', { 'x-a': `${'a'.repeat(9 * 1024)} ${attack}` }))), 'allow');
    const many: Record<string, string> = {};
    for (let i = 0; i < 200; i++) many[`x-${i}`] = 'ok';
    assert.equal(ruleOf(acl.screenHead(head('/', { ...many, 'x-last': attack }))), 'allow');
  });

  it("inspects cookies one by one within WAF's 8 KiB and 200-cookie allowance", () => {
    const acl = new WebAcl({ config });
    assert.equal(
      ruleOf(acl.screenHead(head('/', { cookie: "a=1; session=abc' or 1=1--" }))),
      '403 sqli.tautology @header',
    );
    const filler = Array.from({ length: 200 }, (_, i) => `c${i}=v`).join('; ');
    assert.equal(ruleOf(acl.screenHead(head('/', { cookie: `${filler}; session=abc' or 1=1--` }))), 'allow');
  });

  it('inspects at most 8 KiB of the path and of the query string, as CloudFront forwards no longer URL', () => {
    const acl = new WebAcl({ config });
    const far = `/api/${'a'.repeat(8 * 1024)}/1'%20or%20'1'='1`;
    assert.equal(ruleOf(acl.screenHead(head(far))), 'allow');
    assert.equal(
      ruleOf(acl.screenHead(head(`/api?pad=${'a'.repeat(8 * 1024)}&q=%27%20UNION%20SELECT%20NULL--`))),
      'allow',
    );
  });

  it('blocks a viewer country outside the allow list, and allows the listed ones', () => {
    const acl = new WebAcl({ config });
    assert.equal(ruleOf(acl.screenHead(head('/', { 'cloudfront-viewer-country': 'FR' }))), '403 geo.country');
    for (const c of ['GB', 'IE', 'IM', 'JE', 'GG', 'gb'])
      assert.equal(ruleOf(acl.screenHead(head('/', { 'cloudfront-viewer-country': c }))), 'allow', c);
  });

  it('reads the country from the header the definition names', () => {
    const acl = new WebAcl({ config: { ...config, geo: { allowCountries: ['GB'], countryHeader: 'x-country' } } });
    assert.equal(ruleOf(acl.screenHead(head('/', { 'x-country': 'US' }))), '403 geo.country');
  });

  it('blocks an IP past 2000 requests in 5 minutes until its window count falls back, and never counts loopback', () => {
    const clock = new FakeClock(1_000_000);
    const acl = new WebAcl({ config, clock });
    const limit = config.rateLimitPerIpPer5Min!;
    for (let i = 0; i < limit; i++) assert.equal(acl.screenHead(head('/')).action, 'allow');
    assert.equal(ruleOf(acl.screenHead(head('/'))), '403 rate.per-ip');
    assert.equal(ruleOf(acl.screenHead(head('/', {}, '198.51.100.1'))), 'allow');
    clock.tick(5 * 60_000);
    assert.equal(ruleOf(acl.screenHead(head('/'))), 'allow');
    for (let i = 0; i < limit + 10; i++) assert.equal(acl.screenHead(head('/', {}, '127.0.0.1')).action, 'allow');
  });
});
