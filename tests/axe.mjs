// tests/axe.mjs: axe-core, run inside Debian's Chromium (driven by
// playwright-core), over every page given on the command line; prints one
// "ok - ..." or "not ok - ..." line per page for tests/cli/axe.sh, naming
// each violation's rule, impact and elements. The rule sets are those the
// page promises (docs/web-endpoint.md): WCAG 2.0 A and AA, WCAG 2.1 AA,
// and axe's best practices.
//
//   node axe.mjs --shots DIR NAME=URL...
//
// A NAME that starts with "spoiled-" is a page made bad on purpose: it
// passes when axe finds violations in it, which shows the check can fail.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const RULE_SETS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'];

const args = process.argv.slice(2);
const shots = args[0] === '--shots' ? args.splice(0, 2)[1] : null;
const pages = args.map((arg) => [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]);

function describe(violations) {
    return violations.map((v) => `${v.id} (${v.impact}: ${v.nodes.map((n) => n.target.join(' '))
        .slice(0, 3).join(', ')})`).join('; ');
}

// A phone (360 px wide) set to Chinese, as a buyer scanning the QR code.
const profile = mkdtempSync(join(tmpdir(), 'starmark-axe-'));
const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
           '--disable-component-update', '--disable-sync', '--disable-quic'],
    viewport: { width: 360, height: 740 },
    locale: 'zh-CN',
    // The page's CSP allows no script: axe is brought in from outside it.
    bypassCSP: true,
});
try {
    const page = await browser.newPage();
    for (const [name, url] of pages) {
        const response = await page.goto(url);
        await page.evaluate(axeSource);
        const result = await page.evaluate((tags) => window.axe.run(document,
            { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), RULE_SETS);
        const count = result.violations.length;
        if (shots)
            await page.screenshot({ path: join(shots, `axe-${name}.png`), fullPage: true });
        const what = `axe: ${name} (HTTP ${response.status()})`;
        if (name.startsWith('spoiled-'))
            console.log(count > 0 ? `ok - ${what}: a bad page is caught: ${describe(result.violations)}`
                                  : `not ok - ${what}: axe found nothing wrong in a bad page`);
        else
            console.log(count === 0 ? `ok - ${what}: no violations`
                                    : `not ok - ${what}: ${count} violations: ${describe(result.violations)}`);
    }
} finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
}
